import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { addDays, publicHoliday, weekdayOf } from '../../platform/time/seoul.ts';
import { localTaxDeadline, type LawRules } from '../../delivery/law/law-rules.ts';

// The year's local-tax schedule of a district, worked out from its items:
// each item's due day in each month it applies to (a day past the month's
// end is the month's last day), moved by §24 to the first day a deadline
// may fall on when it lands on a weekend, a public holiday or Labour Day.

export interface CalendarItem {
  code: string;
  /** 1–12; null: every month */
  month: number | null;
  opensDay: number | null;
  dueDay: number;
  title: Bilingual;
  detail: Bilingual;
}

/** Why a deadline moved: the day it would have fallen on was… */
export type DayOff = 'saturday' | 'sunday' | 'holiday' | 'also_closed';

export interface CalendarEntry {
  item: CalendarItem;
  /** The period's first day, when the item has one. */
  opensOn: string | null;
  /** The day the schedule names. */
  statutoryDue: string;
  /** The deadline that applies (the statutory day, or the first day after it a deadline may fall on). */
  due: string;
  /** Why the deadline moved; null when it did not. */
  movedBecause: DayOff | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The day `day` of a month, or the month's last day when it has fewer days. */
export function dayOfMonth(year: number, month: number, day: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(day, last))}`;
}

export function dayOffOf(rules: LawRules, day: string): DayOff | null {
  const weekday = weekdayOf(day);
  if (weekday === 6) return 'saturday';
  if (weekday === 0) return 'sunday';
  if (publicHoliday(day)) return 'holiday';
  if (rules.deadlineOnDayOff.alsoClosed.includes(day.slice(5))) return 'also_closed';
  return null;
}

export function entryFor(rules: LawRules, item: CalendarItem, year: number, month: number): CalendarEntry {
  const statutoryDue = dayOfMonth(year, month, item.dueDay);
  const due = localTaxDeadline(rules, statutoryDue);
  return {
    item,
    opensOn: item.opensDay === null ? null : dayOfMonth(year, month, item.opensDay),
    statutoryDue,
    due,
    movedBecause: due === statutoryDue ? null : dayOffOf(rules, statutoryDue),
  };
}

/** Every deadline of a month, in order of due date. */
export function monthSchedule(rules: LawRules, items: readonly CalendarItem[], year: number, month: number): CalendarEntry[] {
  return items
    .filter((i) => i.month === null || i.month === month)
    .map((i) => entryFor(rules, i, year, month))
    .sort((a, b) => a.due.localeCompare(b.due) || a.item.code.localeCompare(b.item.code));
}

/** Every deadline of a year, month by month. */
export function yearSchedule(rules: LawRules, items: readonly CalendarItem[], year: number): CalendarEntry[] {
  return Array.from({ length: 12 }, (_, i) => monthSchedule(rules, items, year, i + 1)).flat();
}

/**
 * The deadlines from `from` on (inclusive), for `days` days: what a
 * reminder sweep or a feed looks ahead at. A deadline moved into the window
 * from the month before is found too (its statutory day is earlier).
 */
export function deadlinesBetween(rules: LawRules, items: readonly CalendarItem[], from: string, days: number): CalendarEntry[] {
  const to = addDays(from, days);
  const firstYear = Number(from.slice(0, 4));
  const lastYear = Number(to.slice(0, 4));
  const found: CalendarEntry[] = [];
  for (let year = firstYear - 1; year <= lastYear; year++) {
    for (const e of yearSchedule(rules, items, year)) if (e.due >= from && e.due < to) found.push(e);
  }
  return found;
}
