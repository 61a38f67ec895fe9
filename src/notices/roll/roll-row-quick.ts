import { normaliseEmail } from '../../taxpayers/email.ts';
import { normaliseIdentityKey } from '../../taxpayers/identity-key.ts';
import { normaliseMobile } from '../../taxpayers/phone.ts';
import { TAX_ITEM_NAMES, TAX_ITEMS, type TaxItem } from '../tax-items.ts';
import { E_NOTICE_CHANNELS, parseAmount, parseRollDate, type RawRollRow, type RollRow } from './roll-format.ts';

// rollRowSchema (zod) stays the definition of a valid roll row and the
// source of every error message. Running it on each of a million rows
// cost ~35 µs a row, most of the import's CPU after sealing; this plain
// function does the same checks in a few µs. It only ever answers "valid,
// and here is exactly what zod would give" or "ask zod": a row it refuses
// goes through rollRowSchema, which then names the problems (or, should
// this function be stricter than zod somewhere, accepts the row). The
// property tests in roll-row-quick.test.ts hold it to zod's output.

const NOTICE_NO = /^[0-9A-Za-z-]+$/;
const POSTAL_CODE = /^\d{5}$/;
const YEAR = /^\d{4}$/;
const PERIOD = /^(\d{1,2})(기)?$/;
const ACCOUNT = /^[0-9-]+$/;

const TAX_ITEM_BY_NAME = new Map<string, TaxItem>();
for (const item of TAX_ITEMS) TAX_ITEM_BY_NAME.set(item, item);
for (const item of TAX_ITEMS) if (!TAX_ITEM_BY_NAME.has(TAX_ITEM_NAMES[item].ko)) TAX_ITEM_BY_NAME.set(TAX_ITEM_NAMES[item].ko, item);

/** required text of 1..max characters after trimming, or null */
function required(value: string, max: number): string | null {
  const v = value.trim();
  return v.length === 0 || v.length > max ? null : v;
}

/** The row as rollRowSchema would parse it, or null when zod has to look at it. */
export function quickRollRow(raw: RawRollRow): RollRow | null {
  const notice_no = required(raw.notice_no, 40);
  if (notice_no === null || !NOTICE_NO.test(notice_no)) return null;
  const taxpayer_no = required(raw.taxpayer_no, 40);
  if (taxpayer_no === null) return null;
  const name = required(raw.name, 100);
  if (name === null) return null;
  const birth = parseRollDate(raw.birth_date);
  if (!birth.ok) return null;

  let identity_key: string | null = null;
  const ik = raw.identity_key.trim();
  if (ik !== '') {
    if (ik.length > 200 || !normaliseIdentityKey(ik).ok) return null;
    identity_key = ik;
  }
  let mobile: RollRow['mobile'] = null;
  const m = raw.mobile.trim();
  if (m !== '') {
    const r = m.length > 40 ? null : normaliseMobile(m);
    if (r === null || !r.ok) return null;
    mobile = { e164: r.e164, legacy: r.legacy };
  }
  let email: string | null = null;
  const e = raw.email.trim();
  if (e !== '') {
    const r = e.length > 254 ? null : normaliseEmail(e);
    if (r === null || !r.ok) return null;
    email = r.email;
  }
  const e_notice = { kakao: false, sms: false, email: false };
  const channels = raw.e_notice.trim();
  if (channels !== '') {
    for (const part of channels.split('|')) {
      const channel = E_NOTICE_CHANNELS.get(part.trim().toLowerCase());
      if (channel === undefined) return null;
      e_notice[channel] = true;
    }
  }
  const postal_code = raw.postal_code.trim();
  if (!POSTAL_CODE.test(postal_code)) return null;
  const address = required(raw.address, 300);
  if (address === null) return null;
  const tax_item = TAX_ITEM_BY_NAME.get(raw.tax_item.trim());
  if (tax_item === undefined) return null;
  const yearText = raw.tax_year.trim();
  if (!YEAR.test(yearText)) return null;
  const tax_year = Number(yearText);
  if (tax_year < 1990 || tax_year > 2200) return null;
  let period: number | null = null;
  const p = raw.period.trim();
  if (p !== '') {
    const pm = PERIOD.exec(p);
    const n = pm ? Number(pm[1]) : NaN;
    if (!(n >= 1 && n <= 12)) return null;
    period = n;
  }
  const amount = parseAmount(raw.amount);
  if (!amount.ok) return null;
  const due = parseRollDate(raw.due_date);
  if (!due.ok) return null;
  let payment_account: string | null = null;
  const account = raw.payment_account.trim();
  if (account !== '') {
    if (account.length > 40 || !ACCOUNT.test(account)) return null;
    payment_account = account;
  }
  return {
    notice_no, taxpayer_no, name, birth_date: birth.date, identity_key, mobile, email, e_notice, postal_code, address,
    tax_item, tax_year, period, amount: amount.amount, due_date: due.date, payment_account,
  };
}
