import type { Locale } from '../../platform/i18n/i18n.ts';

// How money, dates and tax words appear on every notice, in both languages.
// Written out by hand rather than through Intl so that a notice reads the
// same whatever ICU data the Node build carries.

import { TAX_ITEM_NAMES, TAX_ITEMS, isTaxItem, type TaxItem } from '../tax-items.ts';
import { noticeFormatMessages } from './render.messages.ts';

export { TAX_ITEMS, isTaxItem, type TaxItem };

export function taxItemName(item: TaxItem, locale: Locale): string {
  return TAX_ITEM_NAMES[item][locale];
}

/** 1284500 → "1,284,500" (whole won; KRW has no minor unit). */
export function groupThousands(value: number | bigint): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`not a whole number of won: ${value}`);
  const digits = (value < 0 ? -BigInt(value) : BigInt(value)).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return value < 0 ? `-${grouped}` : grouped;
}

/** 1284500 → "1,284,500원" (ko) or "KRW 1,284,500" (en). */
export function formatKrw(amount: number, locale: Locale): string {
  return noticeFormatMessages.t(locale, 'krw', { amount: groupThousands(amount) });
}

/** Reads an amount back from either form of formatKrw (and plain grouped digits). */
export function parseKrw(text: string): number {
  const match = /^\s*(?:KRW\s*)?(-?)(\d{1,3}(?:,\d{3})*|\d+)\s*(?:원)?\s*$/.exec(text);
  if (!match) throw new RangeError(`not a KRW amount: ${JSON.stringify(text)}`);
  const value = Number((match[1] ?? '') + match[2]!.replaceAll(',', ''));
  if (!Number.isSafeInteger(value)) throw new RangeError(`KRW amount out of range: ${JSON.stringify(text)}`);
  return value;
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A calendar date ('YYYY-MM-DD', as the database returns it, or a Date read in UTC). */
export type CalendarDate = string | Date;

function dateParts(date: CalendarDate): { y: number; m: number; d: number } {
  if (date instanceof Date) return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`no such date: ${date}`);
  }
  return { y, m, d };
}

/** "2026년 7월 31일" (ko) or "31 July 2026" (en). */
export function formatDate(date: CalendarDate, locale: Locale): string {
  const { y, m, d } = dateParts(date);
  return noticeFormatMessages.t(locale, 'date', { year: y, month: m, day: d, monthName: MONTHS_EN[m - 1]! });
}

/** Reads either form of formatDate back to 'YYYY-MM-DD'. */
export function parseFormattedDate(text: string): string {
  const ko = /^(\d{4})년 (\d{1,2})월 (\d{1,2})일$/.exec(text);
  const en = /^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$/.exec(text);
  let parts: [number, number, number] | undefined;
  if (ko) parts = [Number(ko[1]), Number(ko[2]), Number(ko[3])];
  else if (en && MONTHS_EN.includes(en[2]!)) parts = [Number(en[3]), MONTHS_EN.indexOf(en[2]!) + 1, Number(en[1])];
  if (!parts) throw new RangeError(`not a formatted date: ${JSON.stringify(text)}`);
  const iso = `${String(parts[0]).padStart(4, '0')}-${String(parts[1]).padStart(2, '0')}-${String(parts[2]).padStart(2, '0')}`;
  dateParts(iso);
  return iso;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

/** 1 → "1기" (ko) or "1st instalment" (en); no period (a one-off levy) → "". */
export function formatPeriod(period: number | null | undefined, locale: Locale): string {
  if (period === null || period === undefined || period === 0) return '';
  if (!Number.isInteger(period) || period < 0) throw new RangeError(`not a period: ${period}`);
  return noticeFormatMessages.t(locale, 'period', { period, ordinal: ordinal(period) });
}

/** 2026 and "1기" → "2026년 1기" (ko) or "2026, 1st instalment" (en); a formatted period, or "" for none. */
export function formatYearPeriod(taxYear: number, period: string, locale: Locale): string {
  return noticeFormatMessages.t(locale, period ? 'tax_year_period' : 'tax_year', { year: taxYear, period });
}
