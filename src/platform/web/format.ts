import { formatNumber, type Locale } from '../i18n/i18n.ts';

// How every page writes dates, instants, counts and shares, whatever the
// domain: one date format per language (KRDS and the Korean government's
// style: "2026. 6. 12."; English: "12 June 2026"), times in Seoul on the
// 24-hour clock, counts with thousands separators (formatNumber in
// platform/i18n, re-exported here). Written out by hand, not through
// Intl's date styles, so that a page reads the same whatever ICU data the
// Node build carries. Notices (paper, KakaoTalk) keep their own legal wording
// ("2026년 7월 31일"; notices/render/format.ts).

export { formatNumber };

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SEOUL_OFFSET_MS = 9 * 3600_000;

/** A day: 'YYYY-MM-DD' (as the database returns a date) or an instant, whose day in Seoul is meant. */
export type Day = string | Date;

interface Parts {
  y: number;
  m: number;
  d: number;
  hh: number;
  mm: number;
  ss: number;
}

/** An instant's wall clock in Seoul (no daylight saving since 1988: a fixed +9 hours). */
function seoulParts(at: Date): Parts {
  if (Number.isNaN(at.getTime())) throw new RangeError('not a time: Invalid Date');
  const s = new Date(at.getTime() + SEOUL_OFFSET_MS);
  return { y: s.getUTCFullYear(), m: s.getUTCMonth() + 1, d: s.getUTCDate(), hh: s.getUTCHours(), mm: s.getUTCMinutes(), ss: s.getUTCSeconds() };
}

function dayParts(day: Day): Parts {
  if (day instanceof Date) return seoulParts(day);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.slice(0, 10));
  if (!match) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(day)}`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) throw new RangeError(`no such date: ${day}`);
  return { y, m, d, hh: 0, mm: 0, ss: 0 };
}

const two = (n: number) => String(n).padStart(2, '0');
// Each language's own way of writing a day, and what stands between the day and the time.
const DAY_STYLE: Record<Locale, { day: (p: Parts) => string; beforeTime: string }> = {
  ko: { day: (p) => `${p.y}. ${p.m}. ${p.d}.`, beforeTime: ' ' },
  en: { day: (p) => `${p.d} ${MONTHS_EN[p.m - 1]} ${p.y}`, beforeTime: ', ' },
};
const dayText = (locale: Locale, p: Parts) => DAY_STYLE[locale].day(p);

/** A day: "2026. 6. 12." (ko), "12 June 2026" (en). An instant is given its day in Seoul. */
export function formatDay(locale: Locale, day: Day): string {
  return dayText(locale, dayParts(day));
}

/** An instant in Seoul, to the minute: "2026. 6. 12. 14:05" (ko), "12 June 2026, 14:05" (en). */
export function formatDateTime(locale: Locale, at: Date): string {
  const p = seoulParts(at);
  return `${dayText(locale, p)}${DAY_STYLE[locale].beforeTime}${two(p.hh)}:${two(p.mm)}`;
}

/**
 * An instant in Seoul to the second, marked KST (a legal moment may hang on
 * it): "2026. 7. 28. 10:00:00 KST" (ko), "28 July 2026, 10:00:00 KST" (en).
 */
export function formatSeoulTime(locale: Locale, at: Date): string {
  const p = seoulParts(at);
  return `${dayText(locale, p)}${DAY_STYLE[locale].beforeTime}${two(p.hh)}:${two(p.mm)}:${two(p.ss)} KST`;
}

/** A share from 0 to 1 as a percentage to one decimal: 0.3333 → "33.3%". */
export function formatPercent(locale: Locale, share: number): string {
  return `${formatNumber(locale, Math.round(share * 1000) / 10)}%`;
}
