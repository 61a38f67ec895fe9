import { z } from 'zod';
import { addDays, seoulDay } from '../../platform/time/seoul.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { consultationError } from '../consultations.messages.ts';
import { placeView } from '../booking/booking.schema.ts';
import { inPersonDaysBetween } from '../schedule/in-person-day.ts';
import { listExperts } from '../schedule/schedule.repository.ts';
import { requireSettings } from '../schedule/schedule.service.ts';
import { minuteLabel, slotMinutesOfDay, type Window } from '../schedule/slot-grid.ts';
import { saveInPersonDay } from './in-person.repository.ts';

// The monthly in-person "Tax Concern Resolution Day" of a district: where
// (place name and address, ko/en), when (its windows, cut into the
// district's slot length) and who (which experts serve it). The day itself
// is the grid's rule (schedule/in-person-day.ts: the first Saturday of the
// month, or the next one that is not a public holiday); its slots are the
// grid's and are booked, moved and cancelled through the booking engine like
// any other, with mode 'in_person'.

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const toMinute = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

export const inPersonInput = z.object({
  enabled: z.boolean().default(true),
  placeNameKo: z.string().trim().min(1).max(200),
  placeNameEn: z.string().trim().min(1).max(200),
  addressKo: z.string().trim().min(1).max(300),
  addressEn: z.string().trim().min(1).max(300),
  windows: z.array(z.object({ start: hhmm, end: hhmm })).min(1).max(6).describe('Seoul wall clock, HH:MM'),
  expertIds: z.array(z.number().int().positive()).min(1).max(50).describe("the experts who serve the day (this district's)"),
});
export type InPersonInput = z.input<typeof inPersonInput>;

export const inPersonView = z.object({
  enabled: z.boolean(),
  place: placeView,
  windows: z.array(z.object({ start: z.string(), end: z.string() })),
  experts: z.array(z.object({ id: z.number().int(), name: z.string() })),
  slotMinutes: z.number().int(),
  slotsPerExpert: z.number().int().describe('slots each serving expert has on the day'),
  upcomingDays: z.array(z.string()).describe('the in-person days from today to the booking horizon (Seoul)'),
  rule: z.string().describe('how the day is chosen'),
});
export type InPersonView = z.infer<typeof inPersonView>;

export const IN_PERSON_RULE = 'The first Saturday of each month; when it is a Korean public holiday, the next Saturday of that month that is not.';

function checkWindows(windows: Window[], slotMinutes: number): void {
  const problems: string[] = [];
  for (const [i, w] of windows.entries()) {
    if (w.end <= w.start) problems.push(`window ${minuteLabel(w.start)}–${minuteLabel(w.end)} ends before it starts`);
    else if (w.end - w.start < slotMinutes) problems.push(`window ${minuteLabel(w.start)}–${minuteLabel(w.end)} is shorter than one slot (${slotMinutes} minutes)`);
    if (i > 0 && w.start < windows[i - 1]!.end) problems.push(`windows overlap at ${minuteLabel(w.start)}`);
  }
  if (problems.length) throw consultationError(400, 'in_person_invalid', { detail: problems.join('; ') });
}

/** The district's in-person day as officials and residents see it; 404 in_person_not_offered when it has none. */
export async function getInPersonDay(deps: ConsultationDeps, districtCode: string, options: { enabledOnly?: boolean } = {}): Promise<InPersonView> {
  const settings = await requireSettings(deps.db, districtCode);
  const p = settings.inPerson;
  if (!p || (options.enabledOnly && !p.enabled)) throw consultationError(404, 'in_person_not_offered');
  const experts = await listExperts(deps.db, districtCode);
  const today = seoulDay(deps.clock());
  return {
    enabled: p.enabled,
    place: p.place,
    windows: p.windows.map((w) => ({ start: minuteLabel(w.start), end: minuteLabel(w.end) })),
    experts: p.expertIds.map((id) => ({ id, name: experts.find((e) => e.id === id)?.name ?? '' })),
    slotMinutes: settings.slotMinutes,
    slotsPerExpert: slotMinutesOfDay({ windows: p.windows, slotMinutes: settings.slotMinutes }).length,
    upcomingDays: p.enabled ? inPersonDaysBetween(today, addDays(today, settings.horizonDays)) : [],
    rule: IN_PERSON_RULE,
  };
}

/**
 * Sets (or replaces) a district's in-person day. Refused, changing nothing:
 * windows that overlap or are shorter than a slot (400 in_person_invalid),
 * an expert not of this district (422 in_person_expert_unknown).
 * Bookings already made keep their slots.
 */
export async function configureInPersonDay(deps: Pick<ConsultationDeps, 'db' | 'clock'>, districtCode: string, input: InPersonInput): Promise<void> {
  const v = inPersonInput.parse(input);
  const windows = v.windows.map((w) => ({ start: toMinute(w.start), end: toMinute(w.end) })).sort((a, b) => a.start - b.start);
  await deps.db.transaction(async (tx) => {
    const settings = await requireSettings(tx, districtCode);
    checkWindows(windows, settings.slotMinutes);
    const known = new Set((await listExperts(tx, districtCode)).map((e) => e.id));
    const expertIds = [...new Set(v.expertIds)];
    if (expertIds.some((id) => !known.has(id))) throw consultationError(422, 'in_person_expert_unknown');
    await saveInPersonDay(tx, districtCode, { ...v, windows, expertIds });
  });
}
