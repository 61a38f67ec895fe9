import { domainToASCII } from 'node:url';
import { taxpayerMessages } from './taxpayers.messages.ts';

// E-mail addresses as given: trimmed, the local part's case kept (some
// servers do distinguish it), the domain lower-cased (DNS never does).

export type EmailErrorCode = 'empty' | 'malformed' | 'too_long' | 'bad_domain';

export type EmailResult =
  | { ok: true; email: string }
  | { ok: false; code: EmailErrorCode; reason: { ko: string; en: string } };

const fail = (code: EmailErrorCode) => ({ ok: false as const, code, reason: taxpayerMessages.both(`email_${code}`) });

// dot-atom local part of RFC 5322; quoted local parts are not accepted
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function normaliseEmail(input: unknown): EmailResult {
  if (typeof input !== 'string') return fail('malformed');
  const text = input.trim();
  if (text === '') return fail('empty');
  if (text.length > 254) return fail('too_long');
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return fail('malformed');
  const local = text.slice(0, at);
  const domain = text.slice(at + 1).toLowerCase();
  if (local.length > 64 || !LOCAL.test(local)) return fail('malformed');
  // internationalised domains (예시.한국) are checked in their ASCII form
  const ascii = /^[\x00-\x7f]*$/.test(domain) ? domain : domainToASCII(domain);
  if (!ascii) return fail('bad_domain');
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return fail('bad_domain');
  const tld = labels[labels.length - 1]!;
  if (!/^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)) return fail('bad_domain');
  return { ok: true, email: `${local}@${domain}` };
}

/** m****@example.kr */
export function maskEmail(input: string): string {
  const text = input.trim();
  const at = text.lastIndexOf('@');
  if (at <= 0) return '****';
  return `${text[0]}****${text.slice(at)}`;
}
