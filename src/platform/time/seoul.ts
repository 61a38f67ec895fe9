import { TZDate } from '@date-fns/tz';
import Holidays from 'date-holidays';
import { addDays, dayParts, weekdayOf } from './days.ts';
import { DAY_OFF_NAMES, daysOffBeyondLibrary } from './election-days.ts';

export { addDays, weekdayOf } from './days.ts';

// Seoul time and Korean working days, for every domain: the calendar day and
// wall clock of an instant in Seoul, the instants a Seoul day starts and
// ends, and which days are working days (not a Saturday, a Sunday or a
// public holiday, substitute holidays included). Time-zone arithmetic is
// @date-fns/tz's (the IANA database), never a fixed nine hours; the holidays
// are date-holidays' (maintained upstream), with the one correction below,
// and election days and designated days off added (election-days.ts).
//
// A calendar day is written 'YYYY-MM-DD' (the form PostgreSQL's date takes).

export const SEOUL_TIME_ZONE = 'Asia/Seoul';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const seoul = (at: Date | number) => new TZDate(typeof at === 'number' ? at : at.getTime(), SEOUL_TIME_ZONE);

/** The calendar day of an instant in Seoul, 'YYYY-MM-DD'. */
export function seoulDay(at: Date): string {
  const d = seoul(at);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The wall clock in Seoul at an instant, to the minute: 'YYYY-MM-DD HH:mm'. */
export function seoulDateTime(at: Date): string {
  const d = seoul(at);
  return `${seoulDay(at)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export interface SeoulClock {
  hours: number;
  minutes: number;
  /** 0 Sunday … 6 Saturday */
  weekday: number;
}

/** Hours, minutes and weekday on a wall clock in Seoul at an instant. */
export function seoulClock(at: Date): SeoulClock {
  const d = seoul(at);
  return { hours: d.getHours(), minutes: d.getMinutes(), weekday: d.getDay() };
}

/** Minutes after midnight on a wall clock in Seoul (0 … 1439). */
export function seoulMinuteOfDay(at: Date): number {
  const { hours, minutes } = seoulClock(at);
  return hours * 60 + minutes;
}

/** The instant a Seoul day begins (00:00 in Seoul). */
export function startOfSeoulDay(day: string): Date {
  const [y, m, d] = dayParts(day);
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, 0, SEOUL_TIME_ZONE).getTime());
}

/** The instant a Seoul day ends: the start of the next one (exclusive). */
export function endOfSeoulDay(day: string): Date {
  return startOfSeoulDay(addDays(day, 1));
}

/**
 * 'YYYY-MM-DD HH:mm' (or the datetime-local form with a T) read on a wall
 * clock in Seoul → the instant; null for anything else or a day or time
 * that does not exist (30 February, 24:00).
 */
export function parseSeoulDateTime(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (h > 23 || mi > 59) return null;
  const at = new TZDate(y, mo - 1, d, h, mi, 0, 0, SEOUL_TIME_ZONE);
  if (at.getFullYear() !== y || at.getMonth() !== mo - 1 || at.getDate() !== d) return null;
  return new Date(at.getTime());
}

const holidays = new Holidays('KR', { timezone: SEOUL_TIME_ZONE, types: ['public'] });
const holidaysByYear = new Map<string, Map<string, string>>();

/**
 * The public holidays of a year, day → name, substitute holidays included.
 * date-holidays models Seollal as the lunar new year and the two days after
 * it; the statutory holiday is the day before, the day and the day after
 * (관공서의 공휴일에 관한 규정 §2), so that span is moved one day earlier.
 */
export function publicHolidays(year: number, language: 'ko' | 'en' = 'ko'): ReadonlyMap<string, string> {
  const hit = holidaysByYear.get(`${year}:${language}`);
  if (hit) return hit;
  const days = new Map(libraryHolidays(year, language));
  // Election days and designated days off (election-days.ts), which the library does not know.
  const isLibraryHoliday = (day: string) => libraryHolidays(dayParts(day)[0], 'ko').has(day);
  for (const [day, kind] of daysOffBeyondLibrary(year, isLibraryHoliday)) if (!days.has(day)) days.set(day, DAY_OFF_NAMES[kind][language]);
  holidaysByYear.set(`${year}:${language}`, days);
  return days;
}

const libraryByYear = new Map<string, Map<string, string>>();

/** The holidays date-holidays gives, with the Seollal correction above. */
function libraryHolidays(year: number, language: 'ko' | 'en'): ReadonlyMap<string, string> {
  const hit = libraryByYear.get(`${year}:${language}`);
  if (hit) return hit;
  const days = new Map<string, string>();
  for (const h of holidays.getHolidays(year, language)) {
    if (h.type !== 'public') continue;
    const first = h.date.slice(0, 10);
    const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    const shift = h.rule?.startsWith('korean 01-0-01') && span === 3 ? -1 : 0;
    for (let i = 0; i < span; i++) days.set(addDays(first, i + shift), h.name);
  }
  libraryByYear.set(`${year}:${language}`, days);
  return days;
}

/** The holiday's name (in Korean, or English) when the day is a public holiday, else null. */
export function publicHoliday(day: string, language: 'ko' | 'en' = 'ko'): string | null {
  return publicHolidays(dayParts(day)[0], language).get(day) ?? null;
}

/** Neither a Saturday, a Sunday nor a public holiday. */
export function isWorkingDay(day: string): boolean {
  const weekday = weekdayOf(day);
  return weekday !== 0 && weekday !== 6 && publicHoliday(day) === null;
}

/** The day itself when it is a working day, else the first working day after it. */
export function firstWorkingDayFrom(day: string): string {
  let d = day;
  // Korea's longest run of days off (Chuseok or Seollal next to a weekend and substitute days) is well under a month.
  for (let i = 0; i < 31; i++, d = addDays(d, 1)) if (isWorkingDay(d)) return d;
  throw new Error(`no working day within a month of ${day}`);
}

/** The first working day after the day (the next working day, whatever the day is). */
export function nextWorkingDay(day: string): string {
  return firstWorkingDayFrom(addDays(day, 1));
}
