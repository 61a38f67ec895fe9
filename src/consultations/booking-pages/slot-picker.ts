import { addDays, publicHoliday, seoulDay, seoulMinuteOfDay, weekdayOf } from '../../platform/time/seoul.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { listExperts, type Place } from '../schedule/schedule.repository.ts';
import { requireSettings } from '../schedule/schedule.service.ts';
import { bookableDays, daysBetween, minuteLabel, servesInPerson, type SlotMode } from '../schedule/slot-grid.ts';
import { listFreeSlots } from '../booking/booking.service.ts';

// What the "choose a day and time" pages show: one week of a field's free
// slots from the engine (grid, notice, horizon, holidays, blocks, taken),
// day by day, each day saying why it has none (a holiday, nobody serves
// that weekday, or every time is taken — then the waiting list is offered).
// Without a chosen expert a time is shown once, with the first expert free
// at it (the resident did not mind who). On the monthly in-person day the
// experts who serve it meet residents at its place: the day says where.

export const WEEK_DAYS = 7;

export interface PickerSlot {
  /** The form value: `${expertId}_${start ms}`. */
  value: string;
  expertId: number;
  expertName: string;
  start: Date;
  time: string;
  mode: SlotMode;
}

export type PickerDayKind = 'slots' | 'holiday' | 'closed' | 'full';

export interface PickerDay {
  day: string;
  kind: PickerDayKind;
  holiday: string | null;
  /** The in-person day's place, when experts of this week's list serve it that day. */
  place: Place | null;
  slots: PickerSlot[];
}

export interface PickerWeek {
  from: string;
  to: string;
  prev: string | null;
  next: string | null;
  first: string;
  last: string;
  experts: { id: number; name: string }[];
  expertId: number | null;
  days: PickerDay[];
}

export const slotValue = (expertId: number, start: Date) => `${expertId}_${start.getTime()}`;

/** The slot a form value names; null for anything malformed. */
export function parseSlotValue(value: string | undefined): { expertId: number; start: Date } | null {
  const m = /^([1-9]\d{0,14})_(\d{12,14})$/.exec(value ?? '');
  if (!m) return null;
  return { expertId: Number(m[1]), start: new Date(Number(m[2])) };
}

/** The first day of the week (counted from the first bookable day) that holds `day`. */
export function weekOf(day: string, first: string): string {
  if (day <= first) return first;
  let from = first;
  while (addDays(from, WEEK_DAYS) <= day) from = addDays(from, WEEK_DAYS);
  return from;
}

export async function loadPickerWeek(
  deps: ConsultationDeps,
  args: { districtCode: string; fieldCode: string; from?: string; expertId?: number; around?: string },
): Promise<PickerWeek> {
  const settings = await requireSettings(deps.db, args.districtCode);
  const { first, last } = bookableDays(deps.clock(), settings);
  const experts = (await listExperts(deps.db, args.districtCode, { activeOnly: true })).filter((e) => e.fields.includes(args.fieldCode));
  const chosen = experts.find((e) => e.id === args.expertId) ?? null;
  let from = args.from ?? (args.around ? weekOf(args.around, first) : first);
  if (from < first) from = first;
  if (from > last) from = weekOf(last, first);
  const to = addDays(from, WEEK_DAYS - 1) < last ? addDays(from, WEEK_DAYS - 1) : last;
  const free = await listFreeSlots(deps, { districtCode: args.districtCode, fieldCode: args.fieldCode, from, to, expertId: chosen?.id });
  const serving = chosen ? [chosen] : experts;
  const days = daysBetween(from, to).map((day): PickerDay => {
    const holiday = publicHoliday(day);
    const found = free.days.find((d) => d.day === day);
    const seen = new Set<number>();
    const slots = (found?.slots ?? [])
      .filter((s) => chosen !== null || (!seen.has(s.start.getTime()) && seen.add(s.start.getTime())))
      .map((s): PickerSlot => ({
        value: slotValue(s.expertId, s.start), expertId: s.expertId, expertName: s.expertName, start: s.start, time: minuteLabel(seoulMinuteOfDay(s.start)), mode: s.mode ?? 'video',
      }));
    const weekday = weekdayOf(day);
    const inPerson = serving.some((e) => servesInPerson(settings, e.id, day));
    const served = inPerson || serving.some((e) => e.weekdays.includes(weekday));
    const kind: PickerDayKind = slots.length ? 'slots' : holiday ? 'holiday' : !served ? 'closed' : 'full';
    return { day, kind, holiday, place: inPerson ? (free.inPersonPlace ?? null) : null, slots };
  });
  return {
    from, to, first, last,
    prev: from > first ? (addDays(from, -WEEK_DAYS) > first ? addDays(from, -WEEK_DAYS) : first) : null,
    next: addDays(from, WEEK_DAYS) <= last ? addDays(from, WEEK_DAYS) : null,
    experts: experts.map((e) => ({ id: e.id, name: e.name })),
    expertId: chosen?.id ?? null,
    days,
  };
}

/** Whether the slot is free now, as the engine sees it (checked before the resident is taken further). */
export async function slotIsFree(deps: ConsultationDeps, args: { districtCode: string; fieldCode: string; expertId: number; start: Date }): Promise<boolean> {
  const day = seoulDay(args.start);
  try {
    const free = await listFreeSlots(deps, { districtCode: args.districtCode, fieldCode: args.fieldCode, from: day, to: day, expertId: args.expertId });
    return free.days.some((d) => d.slots.some((s) => s.expertId === args.expertId && s.start.getTime() === args.start.getTime()));
  } catch {
    return false;
  }
}
