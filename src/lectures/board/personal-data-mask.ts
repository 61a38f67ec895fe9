// Personal data a resident types into a public question (title, body,
// nickname), found and masked BEFORE the text is stored or shown to anyone:
//
//   rrn      resident registration numbers: YYMMDD-NNNNNNN (also with a space
//            or no separator when the six digits are a real date and the
//            seventh digit a valid century/sex digit 1–8)
//   mobile   Korean mobile numbers: 010-1234-5678, 01012345678, 010 1234 5678,
//            010.1234.5678, +82 10-1234-5678 (010 and the dead 011/016–019)
//   email    e-mail addresses
//   account  bank account numbers: two or more digit groups joined by
//            hyphens, 10 to 14 digits in all (110-123-456789, 1002-123-456789)
//
// Ordinary text is left alone: dates (2026-12-06, 2026.12.06), amounts
// (1,200,000원, 250만 원), years, times, counts. A masked number keeps its
// separators and loses every digit (010-****-****), an address becomes
// ***@***; the result holds nothing the rules would find again.
//
// Pure: no I/O, no state; the property tests are personal-data-mask.test.ts.

export const PERSONAL_DATA_KINDS = ['rrn', 'mobile', 'email', 'account'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export interface MaskResult {
  /** The text with every finding masked. */
  text: string;
  /** The kinds found, each once, in the order of PERSONAL_DATA_KINDS. */
  found: PersonalDataKind[];
}

// A number is only taken whole: never a part of a longer run of digits, and
// at first never a part of a longer hyphenated number either (no digit, and
// no digit and separator, directly before or after it), so a date range or a
// long reference is not cut into pieces. A second, looser pass then finds a
// registration or mobile number glued to more digits by a hyphen.
const WHOLE_START = String.raw`(?<!\d)(?<!\d[-.–])`;
const WHOLE_END = String.raw`(?!\d)(?![-.–]\d)`;
const DIGIT_START = String.raw`(?<!\d)`;
const DIGIT_END = String.raw`(?!\d)`;

const rrn = (start: string, end: string) => new RegExp(String.raw`${start}(\d{2})(\d{2})(\d{2})\s?[-–]?\s?[1-8]\d{6}${end}`, 'g');
const mobile = (start: string, end: string) => new RegExp(String.raw`${start}(?:\+\s?82[-. ]?(?:\(0\))?|0)1[016789][-. ]?\d{3,4}[-. ]?\d{4}${end}`, 'g');
const RRN_WHOLE = rrn(WHOLE_START, WHOLE_END);
const RRN_LOOSE = rrn(DIGIT_START, DIGIT_END);
const MOBILE_WHOLE = mobile(WHOLE_START, WHOLE_END);
const MOBILE_LOOSE = mobile(DIGIT_START, DIGIT_END);
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const ACCOUNT = new RegExp(String.raw`${WHOLE_START}\d{1,8}(?:[-–]\d{1,8}){1,5}${WHOLE_END}`, 'g');

const maskDigits = (match: string) => match.replace(/\d/g, '*');

function isDate(mm: string, dd: string): boolean {
  const m = Number(mm);
  const d = Number(dd);
  // Any year: 29 February is allowed whatever the century digit says.
  return m >= 1 && m <= 12 && d >= 1 && d <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** Thirteen bare digits are a registration number only when they start with a real date. */
const rrnAccepted = (match: string, mm: string, dd: string) => /\D/.test(match) || isDate(mm, dd);
const accountAccepted = (match: string) => {
  const digits = match.replace(/\D/g, '').length;
  return digits >= 10 && digits <= 14;
};

/** Masks the personal data in one text; returns the masked text and what was found. */
export function maskPersonalData(input: string): MaskResult {
  const found = new Set<PersonalDataKind>();
  const pass = (text: string, pattern: RegExp, kind: PersonalDataKind, accept: (match: string, ...groups: string[]) => boolean = () => true, mask = maskDigits) =>
    text.replace(pattern, (match: string, ...rest: unknown[]) => {
      if (!accept(match, ...rest.filter((g): g is string => typeof g === 'string'))) return match;
      found.add(kind);
      return mask(match);
    });

  // e-mail first: an address may hold a number (01012345678@example.kr)
  let text = pass(input, EMAIL, 'email', undefined, () => '***@***');
  text = pass(text, RRN_WHOLE, 'rrn', (m, _yy, mm, dd) => rrnAccepted(m, mm!, dd!));
  text = pass(text, MOBILE_WHOLE, 'mobile');
  text = pass(text, ACCOUNT, 'account', accountAccepted);
  text = pass(text, RRN_LOOSE, 'rrn', (m, _yy, mm, dd) => rrnAccepted(m, mm!, dd!));
  text = pass(text, MOBILE_LOOSE, 'mobile');
  return { text, found: PERSONAL_DATA_KINDS.filter((k) => found.has(k)) };
}
/** Masks several texts at once (a question's nickname, title and body); `found` is the union. */
export function maskAll<K extends string>(texts: Record<K, string>): { texts: Record<K, string>; found: PersonalDataKind[] } {
  const out = {} as Record<K, string>;
  const found = new Set<PersonalDataKind>();
  for (const key of Object.keys(texts) as K[]) {
    const r = maskPersonalData(texts[key]);
    out[key] = r.text;
    for (const k of r.found) found.add(k);
  }
  return { texts: out, found: PERSONAL_DATA_KINDS.filter((k) => found.has(k)) };
}
