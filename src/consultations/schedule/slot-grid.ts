import { isInPersonDay } from './in-person-day.ts';
import { addDays, parseSeoulDateTime, publicHoliday, seoulDay, seoulMinuteOfDay, startOfSeoulDay, weekdayOf } from '../../platform/time/seoul.ts';

// The fixed slot grid, pure (no database): each consultation day has the
// district's windows (minutes after midnight, Seoul time) cut into slots of
// one length from each window's start; a slot never runs past its window's
// end. Every instant is computed with the IANA zone (platform/time/seoul.ts),
// never with a fixed nine hours, and no slot falls on a Korean public
// holiday (date-holidays, substitute days included).
//
// Because the grid is fixed, two bookings of one expert overlap exactly when
// their starts are equal: the database's unique index on (expert, start)
// forbids double bookings (see migrations/0018_consultations.sql).

export interface Window {
  /** Minutes after midnight (Seoul), inclusive. */
  start: number;
  /** Minutes after midnight (Seoul), exclusive; at most 1440. */
  end: number;
}

export interface GridRules {
  windows: readonly Window[];
  slotMinutes: number;
  /** The first bookable day is today (Seoul) + minNoticeDays. */
  minNoticeDays: number;
  /** The last bookable day is today (Seoul) + horizonDays. */
  horizonDays: number;
  /** The monthly in-person day (migration 0019); absent or null: none. */
  inPerson?: InPersonGrid | null;
}

/**
 * The in-person day's part of the grid: on that day (in-person-day.ts) the
 * experts named here have the in-person windows instead of their usual ones
 * (whatever their weekdays), cut into slots of the same length; their slots
 * are 'in_person'. Every other expert keeps the usual grid that day. So one
 * expert still has one fixed grid per day, and the unique index on (expert,
 * start) still forbids every overlap.
 */
export interface InPersonGrid {
  enabled: boolean;
  windows: readonly Window[];
  expertIds: readonly number[];
}

export type SlotMode = 'video' | 'in_person';

/** Whether this expert serves the in-person day on this Seoul day. */
export function servesInPerson(rules: Pick<GridRules, 'inPerson'>, expertId: number | undefined, day: string): boolean {
  const p = rules.inPerson;
  return !!p && p.enabled && expertId !== undefined && p.expertIds.includes(expertId) && isInPersonDay(day);
}

/** The mode of an expert's slot: 'in_person' on the in-person day for its experts, else 'video'. */
export function slotMode(rules: Pick<GridRules, 'inPerson'>, expertId: number, start: Date): SlotMode {
  return servesInPerson(rules, expertId, seoulDay(start)) ? 'in_person' : 'video';
}

export const DEFAULT_WINDOWS: readonly Window[] = [
  { start: 10 * 60, end: 12 * 60 },
  { start: 14 * 60, end: 16 * 60 },
];

export const DEFAULT_RULES: GridRules = { windows: DEFAULT_WINDOWS, slotMinutes: 20, minNoticeDays: 7, horizonDays: 60 };

const pad = (n: number) => String(n).padStart(2, '0');

/** 600 → '10:00'. */
export function minuteLabel(minute: number): string {
  return `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

/** '10:00–12:00, 14:00–16:00' */
export function windowsLabel(windows: readonly Window[]): string {
  return windows.map((w) => `${minuteLabel(w.start)}–${minuteLabel(w.end)}`).join(', ');
}

/** The instant of a wall-clock minute on a Seoul day (correct across any offset change of the zone). */
export function seoulInstant(day: string, minuteOfDay: number): Date {
  if (minuteOfDay === 1440) return seoulInstant(addDays(day, 1), 0);
  const at = parseSeoulDateTime(`${day} ${minuteLabel(minuteOfDay)}`);
  if (!at) throw new RangeError(`no such Seoul time: ${day} minute ${minuteOfDay}`);
  return at;
}

/** The slot start minutes of a day: from each window's start, every slotMinutes, while the slot fits the window. */
export function slotMinutesOfDay(rules: Pick<GridRules, 'windows' | 'slotMinutes'>): number[] {
  const out: number[] = [];
  for (const w of [...rules.windows].sort((a, b) => a.start - b.start)) {
    for (let m = w.start; m + rules.slotMinutes <= w.end; m += rules.slotMinutes) out.push(m);
  }
  return out;
}

/**
 * The instants of wall-clock minutes of one Seoul day. Two zone look-ups a
 * day (its midnight and the next): when the day is 24 hours long (no offset
 * change in it, as in every Seoul day since 1988) a minute is midnight plus
 * that many minutes; otherwise each minute is looked up on its own.
 */
export function instantsOfDay(day: string, minutes: readonly number[]): Date[] {
  const midnight = startOfSeoulDay(day).getTime();
  if (startOfSeoulDay(addDays(day, 1)).getTime() - midnight === 86_400_000) return minutes.map((m) => new Date(midnight + m * 60_000));
  return minutes.map((m) => seoulInstant(day, m));
}

/** Every slot of a Seoul day on the grid (holidays and notice not considered). */
export function slotStartsOfDay(day: string, rules: Pick<GridRules, 'windows' | 'slotMinutes'>): Date[] {
  return instantsOfDay(day, slotMinutesOfDay(rules));
}

/** The first and the last day a resident may book on, as seen at `now`. */
export function bookableDays(now: Date, rules: Pick<GridRules, 'minNoticeDays' | 'horizonDays'>): { first: string; last: string } {
  const today = seoulDay(now);
  return { first: addDays(today, rules.minNoticeDays), last: addDays(today, rules.horizonDays) };
}

/** Why a slot cannot be booked; the stable codes of the API (messages in consultations.messages.ts). */
export type SlotProblem =
  | { code: 'slot_in_past' }
  | { code: 'slot_unaligned' }
  | { code: 'slot_outside_windows' }
  | { code: 'slot_on_holiday'; holiday: string }
  | { code: 'expert_not_serving'; weekday: number }
  | { code: 'slot_too_soon'; firstDay: string }
  | { code: 'slot_beyond_horizon'; lastDay: string }
  | { code: 'slot_blocked' };

export interface SlotContext {
  now: Date;
  rules: GridRules;
  /** Weekdays the expert serves (0 Sunday … 6 Saturday). */
  expertWeekdays: ReadonlySet<number>;
  /** The expert, for the in-person day (without it, only the usual grid is considered). */
  expertId?: number;
  /** Whether an active block covers this expert's slot. */
  isBlocked?: (start: Date) => boolean;
  /** An official may book sooner than the minimum notice (with a reason, audited); never in the past. */
  ignoreMinimumNotice?: boolean;
}

/**
 * Checks one slot start against the grid and the rules, in a fixed order:
 * past, alignment, windows, holiday, the expert's weekdays, notice, horizon,
 * blocks. On the in-person day an expert serving it is checked against the
 * in-person windows, and their weekdays do not matter. Null when the slot may be booked (whether it is free is the
 * database's to say).
 */
export function checkSlot(start: Date, ctx: SlotContext): SlotProblem | null {
  const { rules, now } = ctx;
  if (Number.isNaN(start.getTime())) return { code: 'slot_unaligned' };
  if (start.getTime() <= now.getTime()) return { code: 'slot_in_past' };
  if (start.getTime() % 60_000 !== 0) return { code: 'slot_unaligned' };
  const day = seoulDay(start);
  const minute = seoulMinuteOfDay(start);
  const inPerson = servesInPerson(rules, ctx.expertId, day);
  const window = (inPerson ? rules.inPerson!.windows : rules.windows).find((w) => minute >= w.start && minute < w.end);
  if (!window) return { code: 'slot_outside_windows' };
  if ((minute - window.start) % rules.slotMinutes !== 0) return { code: 'slot_unaligned' };
  if (minute + rules.slotMinutes > window.end) return { code: 'slot_outside_windows' };
  const holiday = publicHoliday(day);
  if (holiday) return { code: 'slot_on_holiday', holiday };
  const weekday = weekdayOf(day);
  if (!inPerson && !ctx.expertWeekdays.has(weekday)) return { code: 'expert_not_serving', weekday };
  const { first, last } = bookableDays(now, rules);
  if (!ctx.ignoreMinimumNotice && day < first) return { code: 'slot_too_soon', firstDay: first };
  if (day > last) return { code: 'slot_beyond_horizon', lastDay: last };
  if (ctx.isBlocked?.(start)) return { code: 'slot_blocked' };
  return null;
}

export interface GridExpert {
  id: number;
  weekdays: ReadonlySet<number>;
}

export interface GridBlock {
  /** null: every expert. */
  expertId: number | null;
  day: string;
  /** Set for a slot block; null for a whole day. */
  slotStart: Date | null;
}

export interface FreeSlot {
  expertId: number;
  day: string;
  start: Date;
  end: Date;
  /** Set on the in-person day's slots only. */
  mode?: 'in_person';
}

/** A block test for one expert, from the active blocks. */
export function blockTest(blocks: readonly GridBlock[], expertId: number): (start: Date) => boolean {
  const mine = blocks.filter((b) => b.expertId === null || b.expertId === expertId);
  if (mine.length === 0) return () => false;
  const days = new Set(mine.filter((b) => b.slotStart === null).map((b) => b.day));
  const slots = new Set(mine.filter((b) => b.slotStart !== null).map((b) => b.slotStart!.getTime()));
  return (start) => slots.has(start.getTime()) || days.has(seoulDay(start));
}

/** Days from `from` to `to` inclusive, 'YYYY-MM-DD'. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * The free slots of some experts over a range of days, in time order then
 * expert order: on the grid, inside the bookable days (from the minimum
 * notice, unless ignored, to the horizon), never on a public holiday, only
 * on each expert's weekdays (on the in-person day, its experts on the
 * in-person windows instead), not blocked and not taken (`taken` holds
 * `${expertId}@${start ms}` of every slot with an active booking or hold).
 */
export function freeSlots(args: {
  from: string;
  to: string;
  now: Date;
  rules: GridRules;
  experts: readonly GridExpert[];
  blocks: readonly GridBlock[];
  taken: ReadonlySet<string>;
  ignoreMinimumNotice?: boolean;
}): FreeSlot[] {
  const { rules, now } = args;
  const { first, last } = bookableDays(now, rules);
  const from = args.ignoreMinimumNotice ? (args.from > seoulDay(now) ? args.from : seoulDay(now)) : args.from > first ? args.from : first;
  const to = args.to < last ? args.to : last;
  const minutes = slotMinutesOfDay(rules);
  const blocked = new Map(args.experts.map((e) => [e.id, blockTest(args.blocks, e.id)]));
  const out: FreeSlot[] = [];
  if (from > to) return out;
  const inPersonMinutes = rules.inPerson?.enabled ? slotMinutesOfDay({ windows: rules.inPerson.windows, slotMinutes: rules.slotMinutes }) : [];
  const order = new Map(args.experts.map((e, i) => [e.id, i]));
  for (const day of daysBetween(from, to)) {
    if (publicHoliday(day)) continue;
    const weekday = weekdayOf(day);
    const inPerson = args.experts.filter((e) => servesInPerson(rules, e.id, day));
    const serving = args.experts.filter((e) => e.weekdays.has(weekday) && !inPerson.includes(e));
    const groups: { minutes: number[]; experts: GridExpert[]; mode?: 'in_person' }[] = [];
    if (serving.length) groups.push({ minutes, experts: serving });
    if (inPerson.length) groups.push({ minutes: inPersonMinutes, experts: inPerson, mode: 'in_person' });
    const dayOut: FreeSlot[] = [];
    for (const g of groups) {
      const starts = instantsOfDay(day, g.minutes);
      const ends = instantsOfDay(day, g.minutes.map((m) => m + rules.slotMinutes));
      for (const [i, start] of starts.entries()) {
        if (start.getTime() <= now.getTime()) continue;
        const end = ends[i]!;
        for (const e of g.experts) {
          if (args.taken.has(`${e.id}@${start.getTime()}`)) continue;
          if (blocked.get(e.id)!(start)) continue;
          dayOut.push(g.mode ? { expertId: e.id, day, start, end, mode: g.mode } : { expertId: e.id, day, start, end });
        }
      }
    }
    if (groups.length > 1) dayOut.sort((a, b) => a.start.getTime() - b.start.getTime() || order.get(a.expertId)! - order.get(b.expertId)!);
    out.push(...dayOut);
  }
  return out;
}

export const takenKey = (expertId: number, start: Date) => `${expertId}@${start.getTime()}`;
