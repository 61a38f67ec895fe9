import type { Locale } from '../../platform/i18n/i18n.ts';
import { formatDay, parseDay } from '../../platform/web/browser/dates.ts';

// How money, dates and tax words appear on every notice, in both languages.
// Written out by hand rather than through Intl so that a notice reads the
// same whatever ICU data the Node build carries; dates as every page writes them.

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

/** A calendar date ('YYYY-MM-DD', as the database returns it, or a Date read in UTC). */
export type CalendarDate = string | Date;

/**
 * "2026. 7. 31." (ko) or "31 July 2026" (en): the one way every page writes
 * a day (platform/web/browser/dates.ts). Korean official documents write dates so
 * too (행정업무의 운영 및 혁신에 관한 규정 시행규칙), so the paper notice, the
 * KakaoTalk card, the SMS and the e-mail read as the pages do.
 */
export function formatDate(date: CalendarDate, locale: Locale): string {
  return formatDay(locale, date instanceof Date ? utcDay(date) : date);
}

/** Reads either form of formatDate back to 'YYYY-MM-DD'. */
export const parseFormattedDate = parseDay;

function utcDay(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('not a calendar date: Invalid Date');
  return date.toISOString().slice(0, 10);
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
