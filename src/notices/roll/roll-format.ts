import { z } from 'zod';
import { normaliseEmail } from '../../taxpayers/email.ts';
import { normaliseIdentityKey } from '../../taxpayers/identity-key.ts';
import { normaliseMobile } from '../../taxpayers/phone.ts';
import { TAX_ITEM_NAMES, TAX_ITEMS, isTaxItem, type TaxItem } from '../tax-items.ts';

// The tax-roll file of /work/shared/formats/tax-roll.md: its columns (English
// or Korean header names), and one zod schema that turns a raw row into a
// typed, normalised row or names each bad field.

// Each column: its English and Korean header names, whether a row needs a
// value, the kind of value (rollColumnMessages words it for the upload page
// and docs/roll-format.md), its longest text, and three sample values. The
// sample file the console offers (roll-sample.ts) is made of these samples,
// and a test imports it: the documented format and the parser cannot drift.
export const ROLL_COLUMNS = [
  { name: 'notice_no', ko: '고지번호', required: true, type: 'notice_no', max: 40, samples: ['2026-0700-900001', '2026-0700-900002', '2026-0700-900003'] },
  { name: 'taxpayer_no', ko: '납세자번호', required: true, type: 'text', max: 40, samples: ['T90012345', 'T90012346', 'T90012347'] },
  { name: 'name', ko: '성명', required: true, type: 'text', max: 100, samples: ['김민준', '이서연', '박지훈'] },
  { name: 'birth_date', ko: '생년월일', required: true, type: 'date', max: 10, samples: ['1975-03-14', '19820911', '1990-12-01'] },
  { name: 'identity_key', ko: 'CI', required: false, type: 'identity_key', max: 200, samples: ['', '', ''] },
  { name: 'mobile', ko: '휴대전화', required: false, type: 'mobile', max: 40, samples: ['010-2345-6789', '01098765432', '010 3456 7890'] },
  { name: 'email', ko: '이메일', required: false, type: 'email', max: 254, samples: ['minjun.kim@example.kr', '', 'jihoon@example.com'] },
  { name: 'e_notice', ko: '전자고지', required: false, type: 'channels', max: null, samples: ['kakao|email', '문자', ''] },
  { name: 'postal_code', ko: '우편번호', required: true, type: 'postal_code', max: 5, samples: ['06236', '06035', '06164'] },
  { name: 'address', ko: '주소', required: true, type: 'text', max: 300, samples: ['서울특별시 강남구 테헤란로 152', '서울특별시 강남구 가로수길 5', '서울특별시 강남구 영동대로 513, 101동 1204호'] },
  { name: 'tax_item', ko: '세목', required: true, type: 'tax_item', max: null, samples: ['property_tax', '재산세', 'property_tax'] },
  { name: 'tax_year', ko: '과세연도', required: true, type: 'year', max: 4, samples: ['2026', '2026', '2026'] },
  { name: 'period', ko: '기분', required: false, type: 'period', max: null, samples: ['1', '1기', ''] },
  { name: 'amount', ko: '고지금액', required: true, type: 'amount', max: null, samples: ['1,284,500', '356000', '2045000'] },
  { name: 'due_date', ko: '납기', required: true, type: 'date', max: 10, samples: ['2026-07-31', '20260731', '2026-07-31'] },
  { name: 'payment_account', ko: '가상계좌', required: false, type: 'account', max: 40, samples: ['26012345678901', '260-1234-5678902', ''] },
] as const;

/** The kinds of value a roll column holds. */
export type RollColumnType = (typeof ROLL_COLUMNS)[number]['type'];

export type RollColumn = (typeof ROLL_COLUMNS)[number]['name'];


// a Map, not an object literal: "constructor" or "toString" is no channel
export const E_NOTICE_CHANNELS: ReadonlyMap<string, 'kakao' | 'sms' | 'email'> = new Map([
  ['kakao', 'kakao'], ['sms', 'sms'], ['email', 'email'], ['카카오톡', 'kakao'], ['문자', 'sms'], ['이메일', 'email'],
]);

const byHeader = new Map<string, RollColumn>();
for (const c of ROLL_COLUMNS) {
  byHeader.set(c.name, c.name);
  byHeader.set(c.ko.toLowerCase(), c.name);
}

export interface HeaderMapping {
  /** for each column of the file, the roll column it holds, or null when unknown */
  positions: (RollColumn | null)[];
  /** index in the file of each known column */
  index: Partial<Record<RollColumn, number>>;
  unknown: string[];
  missing: RollColumn[];
  duplicated: { column: RollColumn; headers: string[] }[];
}

/** Maps header cells (English or Korean, any order, any case, mixed allowed) to roll columns. */
export function mapHeader(cells: readonly string[]): HeaderMapping {
  const positions: (RollColumn | null)[] = [];
  const index: Partial<Record<RollColumn, number>> = {};
  const seen = new Map<RollColumn, string[]>();
  const unknown: string[] = [];
  for (const [i, raw] of cells.entries()) {
    const cell = raw.trim();
    const column = byHeader.get(cell.toLowerCase().replace(/\s+/g, '_')) ?? byHeader.get(cell.replace(/\s+/g, '')) ?? null;
    positions.push(column);
    if (column === null) {
      if (cell !== '') unknown.push(cell);
      continue;
    }
    seen.set(column, [...(seen.get(column) ?? []), cell]);
    index[column] ??= i;
  }
  const missing = ROLL_COLUMNS.filter((c) => c.required && index[c.name] === undefined).map((c) => c.name);
  const duplicated = [...seen].filter(([, headers]) => headers.length > 1).map(([column, headers]) => ({ column, headers }));
  return { positions, index, unknown, missing, duplicated };
}

export type DateCheck = { ok: true; date: string } | { ok: false };

/** YYYY-MM-DD or YYYYMMDD to YYYY-MM-DD; impossible dates (2026-02-30) refused. */
export function parseRollDate(input: string): DateCheck {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(input.trim());
  if (!m) return { ok: false };
  const text = input.trim();
  // either both dashes or none: 2026-0731 is a typo, not a date
  if (text.length !== 8 && text.length !== 10) return { ok: false };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return { ok: false };
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > days) return { ok: false };
  return { ok: true, date: `${m[1]}-${m[2]}-${m[3]}` };
}

export type AmountCheck = { ok: true; amount: number } | { ok: false };

/** Whole KRW: 1234560 or 1,234,560; 12.5 and 1,23 refused. */
export function parseAmount(input: string): AmountCheck {
  const text = input.trim();
  if (!/^(\d+|\d{1,3}(,\d{3})+)$/.test(text)) return { ok: false };
  const amount = Number(text.replaceAll(',', ''));
  if (!Number.isSafeInteger(amount)) return { ok: false };
  return { ok: true, amount };
}

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .transform((v) => (v === '' ? null : v));

/** A check's reason in both languages: the English as zod's message, both in params.reasons (the import report's Korean). */
const reasons = (en: string, ko: string) => ({ message: en, params: { reasons: { en, ko } } });

function refineWith<T>(check: (v: string) => ({ ok: true } & T) | { ok: false; code?: string; reason?: { en: string; ko?: string } }, fallback: { en: string; ko: string }) {
  return (value: string, ctx: z.RefinementCtx): T | typeof z.NEVER => {
    const result = check(value);
    if (!result.ok) {
      const en = result.reason?.en ?? fallback.en;
      ctx.addIssue({ code: 'custom', message: en, params: { code: result.code, reasons: { en, ko: result.reason?.ko ?? fallback.ko } } });
      return z.NEVER;
    }
    return result;
  };
}

const rollDate = z
  .string()
  .trim()
  .min(1, 'required')
  .transform(refineWith(parseRollDate, { en: 'not a date: use YYYY-MM-DD or YYYYMMDD with a real calendar date', ko: '날짜가 아닙니다: 2026-07-31 또는 20260731처럼 달력에 있는 날짜로 적어 주세요.' }))
  .transform((r) => r.date);

/** One roll row after validation: normalised values, nothing personal in plain text beyond what the row held. */
export const rollRowSchema = z.object({
  notice_no: text(40).refine((v) => /^[0-9A-Za-z-]+$/.test(v), reasons('use digits, letters and dashes only', '고지번호에는 숫자, 영문자, 붙임표(-)만 쓸 수 있습니다.')),
  taxpayer_no: text(40),
  name: text(100),
  birth_date: rollDate,
  identity_key: optionalText(200).transform((v, ctx) => {
    if (v === null) return null;
    return refineWith(normaliseIdentityKey, { en: 'malformed identification key', ko: '연계정보(CI)의 형식이 맞지 않습니다.' })(v, ctx) === z.NEVER ? z.NEVER : v;
  }),
  mobile: optionalText(40).transform((v, ctx) => {
    if (v === null) return null;
    const r = refineWith(normaliseMobile, { en: 'not a mobile number', ko: '휴대전화 번호가 아닙니다.' })(v, ctx);
    return r === z.NEVER ? z.NEVER : { e164: r.e164, legacy: r.legacy };
  }),
  email: optionalText(254).transform((v, ctx) => {
    if (v === null) return null;
    const r = refineWith(normaliseEmail, { en: 'not an e-mail address', ko: '이메일 주소가 아닙니다.' })(v, ctx);
    return r === z.NEVER ? z.NEVER : r.email;
  }),
  e_notice: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const channels = { kakao: false, sms: false, email: false };
      if (v === '') return channels;
      for (const part of v.split('|')) {
        const channel = E_NOTICE_CHANNELS.get(part.trim().toLowerCase());
        if (!channel) {
          const given = part.trim().slice(0, 20);
          ctx.addIssue({
            code: 'custom',
            ...reasons(`unknown channel "${given}": use kakao, sms or email (카카오톡, 문자, 이메일) separated by |`, `알 수 없는 고지 수단 "${given}": 카카오톡, 문자, 이메일 가운데에서 |로 나누어 적어 주세요.`),
          });
          return z.NEVER;
        }
        channels[channel] = true;
      }
      return channels;
    }),
  postal_code: z.string().trim().refine((v) => /^\d{5}$/.test(v), reasons('a postal code has 5 digits', '우편번호는 숫자 5자리입니다.')),
  address: text(300),
  tax_item: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (isTaxItem(v)) return v;
      const byKo = TAX_ITEMS.find((k) => TAX_ITEM_NAMES[k].ko === v);
      if (byKo) return byKo;
      ctx.addIssue({
        code: 'custom',
        ...reasons(`unknown tax item: use one of ${TAX_ITEMS.join(', ')} or its Korean name`, `알 수 없는 세목입니다: ${TAX_ITEMS.map((k) => TAX_ITEM_NAMES[k].ko).join(', ')} 가운데 하나로 적어 주세요.`),
      });
      return z.NEVER;
    }),
  tax_year: z
    .string()
    .trim()
    .refine((v) => /^\d{4}$/.test(v), reasons('a year has 4 digits, e.g. 2026', '과세연도는 2026처럼 숫자 4자리입니다.'))
    .transform(Number)
    .refine((y) => y >= 1990 && y <= 2200, reasons('the year must be between 1990 and 2200', '과세연도는 1990년부터 2200년 사이여야 합니다.')),
  period: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === '') return null;
      const m = /^(\d{1,2})(기)?$/.exec(v);
      const n = m ? Number(m[1]) : NaN;
      if (!(n >= 1 && n <= 12)) {
        ctx.addIssue({ code: 'custom', ...reasons('the period is a number from 1 to 12 (1 = 1기)', '기분은 1부터 12까지의 숫자입니다(1 = 1기).') });
        return z.NEVER;
      }
      return n;
    }),
  amount: z
    .string()
    .trim()
    .min(1, 'required')
    .transform(refineWith(parseAmount, { en: 'the amount must be a whole number of won, like 1284500 or 1,284,500', ko: '금액은 1284500 또는 1,284,500처럼 원 단위의 정수로 적어 주세요.' }))
    .transform((r) => r.amount),
  due_date: rollDate,
  payment_account: optionalText(40).refine((v) => v === null || /^[0-9-]+$/.test(v), reasons('a virtual account has digits (and dashes) only', '가상계좌는 숫자와 붙임표(-)로만 적습니다.')),
});

export type RollRow = z.output<typeof rollRowSchema>;
export type RawRollRow = Record<RollColumn, string>;

// Korean reasons for the messages the import itself writes; zod reasons are
// mapped by field where there is no exact entry.
export const FIELD_KO: Record<RollColumn, string> = Object.fromEntries(ROLL_COLUMNS.map((c) => [c.name, c.ko])) as Record<RollColumn, string>;
