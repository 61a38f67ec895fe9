import { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { addDays, endOfSeoulDay, seoulDay, seoulMinuteOfDay, startOfSeoulDay, weekdayOf } from '../../platform/time/seoul.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { consultationError } from '../consultations.messages.ts';
import { activeBlocks, findExpert, insertBlock, liftBlock, listExperts, listFields, lockExperts, type Block, type ScheduleSettings } from '../schedule/schedule.repository.ts';
import { requireSettings } from '../schedule/schedule.service.ts';
import { blockTest, freeSlots, slotMinutesOfDay, slotMode, takenKey, windowsLabel } from '../schedule/slot-grid.ts';
import {
  bookingsUnderBlock,
  endBooking,
  insertEvent,
  takenSlots,
  updateExpert,
  withdrawReminders,
  type BookingRow,
} from './booking.repository.ts';
import { messageResident, whenText } from './booking.notify.ts';
import { dayString } from './booking.schema.ts';
import type { Actor } from './booking.service.ts';
import { releaseHold } from './waitlist.service.ts';

// Officials block a slot or a whole day, of one expert or of all (an expert
// falls ill, the office closes). Each booking the block covers is, in the
// same transaction:
//   - given another expert who covers its field and is free at the same time
//     (the resident is told: consultation_moved), or else
//   - cancelled (reason 'blocked'), its reminders withdrawn, and the resident
//     told with up to three other slots of the field (consultation_blocked);
//     their personal link then lets them pick one (rebook).
// A hold for the waiting list under the block is released and its resident
// waits again. The block takes an update lock on the district's experts, so
// bookings in flight finish first and later ones see the block.

export const blockInput = z
  .object({
    expertId: z.number().int().positive().nullable().describe('null: every expert of the district'),
    day: dayString.optional().describe('a whole day (give day or slotStart)'),
    slotStart: z.iso.datetime({ offset: true }).optional().describe('one slot'),
    reason: z.string().trim().min(1).max(500),
  })
  .refine((b) => (b.day === undefined) !== (b.slotStart === undefined), { message: 'give either day or slotStart', path: ['day'] });
export type BlockInput = z.input<typeof blockInput>;

export interface BlockView {
  id: number;
  expertId: number | null;
  kind: 'slot' | 'day';
  day: string;
  slotStart: string | null;
  reason: string;
}

export interface BlockResult {
  block: BlockView;
  reassigned: { reference: string; expertId: number }[];
  cancelled: { reference: string; alternatives: string[] }[];
  holdsReleased: number;
}

const viewOfBlock = (b: Block): BlockView => ({ id: b.id, expertId: b.expertId, kind: b.kind, day: b.day, slotStart: b.slotStart?.toISOString() ?? null, reason: b.reason });

/** Up to `count` free slots of a field from the day after `afterDay`, under the usual rules (for the resident a block displaced). */
export async function alternativeSlots(q: Queryable, settings: ScheduleSettings, fieldCode: string, afterDay: string, now: Date, count = 3): Promise<{ expertId: number; start: Date }[]> {
  const experts = (await listExperts(q, settings.districtCode, { activeOnly: true })).filter((e) => e.fields.includes(fieldCode));
  if (experts.length === 0) return [];
  const from = addDays(afterDay, 1);
  const to = addDays(from, 27);
  const taken = await takenSlots(q, settings.districtCode, experts.map((e) => e.id), startOfSeoulDay(from), endOfSeoulDay(to));
  const blocks = await activeBlocks(q, settings.districtCode, from, to);
  const seen = new Set<number>();
  return freeSlots({
    from, to, now, rules: settings, blocks, taken: new Set(taken.map((t) => takenKey(t.expertId, t.start))),
    experts: experts.map((e) => ({ id: e.id, weekdays: new Set(e.weekdays) })),
  })
    .filter((s) => !seen.has(s.start.getTime()) && seen.add(s.start.getTime()))
    .slice(0, count)
    .map((s) => ({ expertId: s.expertId, start: s.start }));
}

export async function blockSlots(deps: ConsultationDeps, input: BlockInput, actor: Extract<Actor, { kind: 'staff' }>): Promise<BlockResult> {
  const b = blockInput.parse(input);
  const now = deps.clock();
  const districtCode = actor.districtCode;
  return deps.db.transaction(async (tx) => {
    const settings = await requireSettings(tx, districtCode);
    if (b.expertId !== null && !(await findExpert(tx, districtCode, b.expertId))) throw consultationError(404, 'expert_not_found');
    let slotStart: Date | null = null;
    let day: string;
    if (b.slotStart) {
      slotStart = new Date(b.slotStart);
      const minute = seoulMinuteOfDay(slotStart);
      // A slot of the usual grid, or of the in-person day's (when that day has one).
      const inPersonMinutes = settings.inPerson?.enabled ? slotMinutesOfDay({ windows: settings.inPerson.windows, slotMinutes: settings.slotMinutes }) : [];
      if (slotStart.getTime() % 60_000 !== 0 || !(slotMinutesOfDay(settings).includes(minute) || (inPersonMinutes.includes(minute) && settings.inPerson!.expertIds.some((id) => slotMode(settings, id, slotStart!) === 'in_person')))) {
        throw consultationError(422, 'slot_outside_windows', { windows: windowsLabel(settings.windows) });
      }
      day = seoulDay(slotStart);
    } else day = b.day!;
    await lockExperts(tx, districtCode, null, 'update');
    const block = await insertBlock(tx, { districtCode, expertId: b.expertId, kind: slotStart ? 'slot' : 'day', day, slotStart, reason: b.reason, createdBy: actor.staffId });
    const affected = await bookingsUnderBlock(tx, {
      districtCode, expertId: b.expertId,
      from: slotStart ?? startOfSeoulDay(day), to: slotStart ? new Date(slotStart.getTime() + 60_000) : endOfSeoulDay(day),
    });
    const blocks = await activeBlocks(tx, districtCode, day, day);
    const experts = await listExperts(tx, districtCode, { activeOnly: true });
    const fields = await listFields(tx, districtCode);
    const fieldName = (code: string) => fields.find((f) => f.code === code)?.name ?? { ko: code, en: code };
    const result: BlockResult = { block: viewOfBlock(block), reassigned: [], cancelled: [], holdsReleased: 0 };
    const assigned = new Set<string>();
    for (const row of affected) {
      if (row.state === 'held') {
        if (await releaseHold(tx, deps, row, now, { backToWaiting: true, offerNext: false })) result.holdsReleased++;
        continue;
      }
      const moved = await reassign(tx, row, { settings, experts, blocks, assigned, now });
      if (moved) {
        await messageResident(tx, deps, moved, 'consultation_moved', fieldName(row.fieldCode));
        await insertEvent(tx, { bookingId: row.id, at: now, event: 'reassigned', actor: { type: 'staff', id: actor.staffId }, detail: { blockId: block.id, from: row.expertId, to: moved.expertId } });
        result.reassigned.push({ reference: row.reference, expertId: moved.expertId });
        continue;
      }
      const cancelled = await endBooking(tx, { id: row.id, version: row.version, from: ['booked', 'moved'], to: 'cancelled', reason: 'blocked', now });
      if (!cancelled) continue;
      await withdrawReminders(tx, row.id);
      const alternatives = (await alternativeSlots(tx, settings, row.fieldCode, day, now)).map((s) => whenText(s.start));
      const messageId = await messageResident(tx, deps, cancelled, 'consultation_blocked', fieldName(row.fieldCode), { alternatives: alternatives.join(', ') || '-' });
      await insertEvent(tx, { bookingId: row.id, at: now, event: 'cancelled', actor: { type: 'staff', id: actor.staffId }, detail: { blockId: block.id, messageId, alternatives } });
      result.cancelled.push({ reference: row.reference, alternatives });
    }
    await recordAudit(tx, {
      districtCode, actor: { type: 'staff', id: String(actor.staffId) }, action: 'consultation.slots_blocked', entityType: 'consultation_block',
      entityId: String(block.id), reason: b.reason, source: 'official',
      details: { expertId: b.expertId, day, slot: slotStart?.toISOString() ?? null, reassigned: result.reassigned.length, cancelled: result.cancelled.length, holdsReleased: result.holdsReleased },
    });
    return result;
  });
}

/** Another expert for the same time: covers the field, serves that weekday, not blocked, free. */
async function reassign(
  tx: Queryable,
  row: BookingRow,
  ctx: { settings: ScheduleSettings; experts: Awaited<ReturnType<typeof listExperts>>; blocks: Block[]; assigned: Set<string>; now: Date },
): Promise<BookingRow | null> {
  const weekday = weekdayOf(seoulDay(row.slotStart));
  const candidates = ctx.experts.filter(
    // The same kind of slot: an in-person booking goes to another expert of the in-person day, a video one to another serving that weekday.
    (e) => e.id !== row.expertId && e.fields.includes(row.fieldCode) && !blockTest(ctx.blocks, e.id)(row.slotStart)
      && slotMode(ctx.settings, e.id, row.slotStart) === row.mode && (row.mode === 'in_person' || e.weekdays.includes(weekday)),
  );
  if (candidates.length === 0) return null;
  const taken = new Set(
    (await takenSlots(tx, row.districtCode, candidates.map((e) => e.id), row.slotStart, new Date(row.slotStart.getTime() + 60_000))).map((t) => takenKey(t.expertId, t.start)),
  );
  const free = candidates.find((e) => !taken.has(takenKey(e.id, row.slotStart)) && !ctx.assigned.has(takenKey(e.id, row.slotStart)));
  if (!free) return null;
  const moved = await updateExpert(tx, { id: row.id, version: row.version, expertId: free.id, now: ctx.now });
  if (moved) ctx.assigned.add(takenKey(free.id, row.slotStart));
  return moved;
}

export async function liftConsultationBlock(deps: ConsultationDeps, blockId: number, actor: Extract<Actor, { kind: 'staff' }>): Promise<void> {
  await deps.db.transaction(async (tx) => {
    if (!(await liftBlock(tx, actor.districtCode, blockId, actor.staffId, deps.clock()))) throw consultationError(404, 'block_not_found');
    await recordAudit(tx, {
      districtCode: actor.districtCode, actor: { type: 'staff', id: String(actor.staffId) }, action: 'consultation.block_lifted', entityType: 'consultation_block',
      entityId: String(blockId), reason: 'block lifted', source: 'official',
    });
  });
}

export async function listConsultationBlocks(deps: ConsultationDeps, districtCode: string, from: string, to: string): Promise<BlockView[]> {
  if (!(from <= to) || addDays(from, 366) < to) throw consultationError(400, 'range_invalid', { days: 366 });
  return (await activeBlocks(deps.db, districtCode, from, to)).map(viewOfBlock);
}
