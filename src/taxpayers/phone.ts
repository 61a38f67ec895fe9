import { taxpayerMessages } from './taxpayers.messages.ts';

// Korean mobile numbers in every form people and levy systems write them,
// reduced to one: E.164 for storage and hashing, 010-1234-5678 for display.
// Hand-written rather than libphonenumber because the rule we need is
// narrower than "valid": only mobile numbers, and the 2G prefixes
// (011/016/017/018/019) are dead since 2023 although libphonenumber still
// accepts them (FIELD-NOTES.md, "Phone numbers").

export type MobileErrorCode = 'empty' | 'malformed' | 'not_korean' | 'not_mobile' | 'wrong_length';

export interface Mobile {
  ok: true;
  /** +821012345678 */
  e164: string;
  /** 010-1234-5678, or 016-123-4567 for a legacy 10-digit number */
  display: string;
  /** a 10-digit 01X number (016-123-4567) */
  legacy: boolean;
  /** 011, 016, 017, 018 or 019: no personal line is in service on them any more */
  deadPrefix: boolean;
}

export interface MobileError {
  ok: false;
  code: MobileErrorCode;
  reason: { ko: string; en: string };
}

export type MobileResult = Mobile | MobileError;

export const DEAD_PREFIXES = ['011', '016', '017', '018', '019'] as const;
const MOBILE_PREFIXES = new Set(['010', ...DEAD_PREFIXES]);

const fail = (code: MobileErrorCode): MobileError => ({ ok: false, code, reason: taxpayerMessages.both(`mobile_${code}`) });

/** Normalises a Korean mobile number; never throws, whatever the input. */
export function normaliseMobile(input: unknown): MobileResult {
  if (typeof input !== 'string') return fail('malformed');
  let text = input.trim();
  if (text === '') return fail('empty');
  if (text.length > 32) return fail('malformed');
  if (!/^\+?[0-9 ().-]+$/.test(text)) return fail('malformed');
  let national: string;
  if (text.startsWith('+')) {
    // "+82 (0)10-…": the bracketed trunk zero is a common way of writing it
    text = text.replace(/^\+\s*82[\s.-]*\(0\)/, '+82');
    const digits = text.slice(1).replace(/[ ().-]/g, '');
    if (!/^\d+$/.test(digits)) return fail('malformed');
    if (!digits.startsWith('82')) return fail('not_korean');
    const rest = digits.slice(2);
    national = rest.startsWith('0') ? rest : `0${rest}`;
  } else {
    if (/[()]/.test(text) && !/^\(0\d{1,2}\)/.test(text)) return fail('malformed');
    national = text.replace(/[ ().-]/g, '');
  }
  if (!/^\d+$/.test(national)) return fail('malformed');
  if (!national.startsWith('0')) return fail('malformed');
  const prefix = national.slice(0, 3);
  if (!MOBILE_PREFIXES.has(prefix)) return national.length >= 9 && national.length <= 11 ? fail('not_mobile') : fail('malformed');
  const subscriber = national.slice(3);
  // the exchange part of a mobile number never starts with 0
  if (subscriber.startsWith('0')) return fail('malformed');
  const deadPrefix = prefix !== '010';
  let display: string;
  let legacy: boolean;
  if (subscriber.length === 8) {
    legacy = false;
    display = `${prefix}-${subscriber.slice(0, 4)}-${subscriber.slice(4)}`;
  } else if (subscriber.length === 7 && deadPrefix) {
    legacy = true;
    display = `${prefix}-${subscriber.slice(0, 3)}-${subscriber.slice(3)}`;
  } else {
    return fail('wrong_length');
  }
  return { ok: true, e164: `+82${national.slice(1)}`, display, legacy, deadPrefix };
}

/** 010-****-5678; whatever cannot be read as a mobile number is masked whole. */
export function maskPhone(input: string): string {
  const m = normaliseMobile(input);
  if (!m.ok) return '***';
  const [a, b, c] = m.display.split('-') as [string, string, string];
  return `${a}-${'*'.repeat(b.length)}-${c}`;
}
