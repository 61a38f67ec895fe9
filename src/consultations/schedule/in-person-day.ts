import { addDays, publicHoliday, weekdayOf } from '../../platform/time/seoul.ts';

// The monthly in-person "Tax Concern Resolution Day" (세무 고민 해결의 날),
// pure: the first Saturday of each month; when that Saturday is a Korean
// public holiday (platform/time/seoul.ts, substitute days included), the
// next Saturday of the same month that is not one. A month whose Saturdays
// were all holidays would have no in-person day (it never happens: at most
// one Saturday of a month is a holiday in any year the library knows, and
// the search stays inside the month so the day is always "that month's").
//
// Example: 3 October 2026 is the first Saturday of October and National
// Foundation Day, so October 2026's day is Saturday 10 October.

const SATURDAY = 6;

/** The in-person day of a month ('YYYY-MM'), or null when every Saturday of it is a holiday. */
export function inPersonDayOfMonth(month: string): string | null {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  const first = `${month}-01`;
  let day = addDays(first, (SATURDAY - weekdayOf(first) + 7) % 7);
  for (; day.startsWith(month); day = addDays(day, 7)) if (publicHoliday(day) === null) return day;
  return null;
}

/** Whether a Seoul day ('YYYY-MM-DD') is its month's in-person day. */
export function isInPersonDay(day: string): boolean {
  return weekdayOf(day) === SATURDAY && inPersonDayOfMonth(day.slice(0, 7)) === day;
}

/** The in-person days from `from` to `to` (inclusive), in order. */
export function inPersonDaysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  if (from > to) return out;
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = addDays(`${month}-28`, 7).slice(0, 7)) {
    const day = inPersonDayOfMonth(month);
    if (day && day >= from && day <= to) out.push(day);
  }
  return out;
}
