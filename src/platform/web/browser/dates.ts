// The one way every page, message and paper notice writes a date, in both
// languages (KRDS and the Korean government's style for official documents,
// 행정업무의 운영 및 혁신에 관한 규정: "2026. 6. 12."; English: "12 June
// 2026"), and times in Seoul on the 24-hour clock. Written out by hand, not
// through Intl's date styles, so that a page reads the same whatever ICU data
// the Node build or the browser carries.
//
// No imports and no Node, and in a browser/ folder so that bundles may take
// it (app/assets.test.ts): the server (platform/web/format.ts re-exports
// these, notices/render/format.ts writes notices with them) and the browser
// bundles (video/browser/room-ui.ts) share this one file, so a script that
// writes a time on a page writes it as the server would.

/** A page's language (platform/i18n's Locale, named here so that this file imports nothing). */
export type DateLocale = 'ko' | 'en';

/** A day: 'YYYY-MM-DD' (as the database returns a date) or an instant, whose day in Seoul is meant. */
export type Day = string | Date;

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS: Record<DateLocale, readonly string[]> = {
  ko: ['일', '월', '화', '수', '목', '금', '토'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
const SEOUL_OFFSET_MS = 9 * 3600_000;

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
const weekdayOf = (p: Parts) => new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
// Each language's own way of writing a day, and what stands between the day and the time.
const DAY_STYLE: Record<DateLocale, { day: (p: Parts) => string; beforeTime: string; withWeekday: (p: Parts) => string }> = {
  ko: { day: (p) => `${p.y}. ${p.m}. ${p.d}.`, beforeTime: ' ', withWeekday: (p) => `${p.y}. ${p.m}. ${p.d}.(${WEEKDAYS.ko[weekdayOf(p)]})` },
  en: { day: (p) => `${p.d} ${MONTHS_EN[p.m - 1]} ${p.y}`, beforeTime: ', ', withWeekday: (p) => `${WEEKDAYS.en[weekdayOf(p)]} ${p.d} ${MONTHS_EN[p.m - 1]} ${p.y}` },
};
const dayText = (locale: DateLocale, p: Parts) => DAY_STYLE[locale].day(p);

/** A day: "2026. 6. 12." (ko), "12 June 2026" (en). An instant is given its day in Seoul. */
export function formatDay(locale: DateLocale, day: Day): string {
  return dayText(locale, dayParts(day));
}

/** A day with its weekday: "2026. 6. 12.(금)" (ko), "Friday 12 June 2026" (en). */
export function formatDayWithWeekday(locale: DateLocale, day: Day): string {
  return DAY_STYLE[locale].withWeekday(dayParts(day));
}

/** An instant's time of day in Seoul, on the 24-hour clock: "14:05" (both languages). */
export function formatTime(at: Date): string {
  const p = seoulParts(at);
  return `${two(p.hh)}:${two(p.mm)}`;
}

/** An instant in Seoul, to the minute: "2026. 6. 12. 14:05" (ko), "12 June 2026, 14:05" (en). */
export function formatDateTime(locale: DateLocale, at: Date): string {
  const p = seoulParts(at);
  return `${dayText(locale, p)}${DAY_STYLE[locale].beforeTime}${two(p.hh)}:${two(p.mm)}`;
}

/** An instant in Seoul with its weekday, to the minute: "2026. 6. 12.(금) 14:05" (ko), "Friday 12 June 2026, 14:05" (en). */
export function formatDateTimeWithWeekday(locale: DateLocale, at: Date): string {
  const p = seoulParts(at);
  return `${DAY_STYLE[locale].withWeekday(p)}${DAY_STYLE[locale].beforeTime}${two(p.hh)}:${two(p.mm)}`;
}

/**
 * An instant in Seoul to the second, marked KST (a legal moment may hang on
 * it): "2026. 7. 28. 10:00:00 KST" (ko), "28 July 2026, 10:00:00 KST" (en).
 */
export function formatSeoulTime(locale: DateLocale, at: Date): string {
  const p = seoulParts(at);
  return `${dayText(locale, p)}${DAY_STYLE[locale].beforeTime}${two(p.hh)}:${two(p.mm)}:${two(p.ss)} KST`;
}

/** Reads a day written by formatDay (either language) back to 'YYYY-MM-DD'; throws on anything else. */
export function parseDay(text: string): string {
  const ko = /^(\d{4})\. (\d{1,2})\. (\d{1,2})\.$/.exec(text);
  const en = /^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$/.exec(text);
  let parts: [number, number, number] | undefined;
  if (ko) parts = [Number(ko[1]), Number(ko[2]), Number(ko[3])];
  else if (en && MONTHS_EN.includes(en[2]!)) parts = [Number(en[3]), MONTHS_EN.indexOf(en[2]!) + 1, Number(en[1])];
  if (!parts) throw new RangeError(`not a formatted date: ${JSON.stringify(text)}`);
  const iso = `${String(parts[0]).padStart(4, '0')}-${two(parts[1])}-${two(parts[2])}`;
  dayParts(iso);
  return iso;
}
