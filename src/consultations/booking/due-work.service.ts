import type { ConsultationDeps } from '../consultations.deps.ts';
import { listFields } from '../schedule/schedule.repository.ts';
import { claimDueReminders, claimExpiredHolds, closeReminders } from './booking.repository.ts';
import { messageResident } from './booking.notify.ts';
import { releaseHold } from './waitlist.service.ts';

// The engine's timed work, run by a sweep with the clock it is given (every
// serve process runs it every DUE_WORK_INTERVAL_MS; tests call it with
// their own clock):
//   - reminders due by now go to the delivery engine (topic
//     consultation_reminder) — unless the booking was cancelled, moved to
//     another time or has begun, in which case they are withdrawn;
//   - holds of the waiting list that ran out are released and the slot is
//     offered to the next resident.
// Rows are claimed with FOR UPDATE SKIP LOCKED, so several processes may
// sweep at once and each reminder is sent once.

export const DUE_WORK_INTERVAL_MS = 30_000;
const BATCH = 200;

export interface DueWorkResult {
  remindersSent: number;
  remindersWithdrawn: number;
  holdsReleased: number;
}

export async function runDueWork(deps: ConsultationDeps, now: Date = deps.clock()): Promise<DueWorkResult> {
  const result: DueWorkResult = { remindersSent: 0, remindersWithdrawn: 0, holdsReleased: 0 };
  for (;;) {
    const batch = await deps.db.transaction(async (tx) => {
      const due = await claimDueReminders(tx, now, BATCH);
      const sent: { id: number; messageId: number }[] = [];
      const withdrawn: number[] = [];
      const names = new Map<string, Awaited<ReturnType<typeof listFields>>>();
      for (const d of due) {
        const b = d.booking;
        const live = (b.state === 'booked' || b.state === 'moved') && b.slotStart.getTime() === d.reminderSlotStart.getTime() && b.slotStart > now;
        if (!live) {
          withdrawn.push(d.reminderId);
          continue;
        }
        if (!names.has(b.districtCode)) names.set(b.districtCode, await listFields(tx, b.districtCode));
        const name = names.get(b.districtCode)!.find((f) => f.code === b.fieldCode)?.name ?? { ko: b.fieldCode, en: b.fieldCode };
        sent.push({ id: d.reminderId, messageId: await messageResident(tx, deps, b, 'consultation_reminder', name) });
      }
      await closeReminders(tx, sent, withdrawn);
      return { count: due.length, sent: sent.length, withdrawn: withdrawn.length };
    });
    result.remindersSent += batch.sent;
    result.remindersWithdrawn += batch.withdrawn;
    if (batch.count < BATCH) break;
  }
  for (;;) {
    const released = await deps.db.transaction(async (tx) => {
      const holds = await claimExpiredHolds(tx, now, 50);
      let n = 0;
      for (const row of holds) if (await releaseHold(tx, deps, row, now)) n++;
      return { count: holds.length, released: n };
    });
    result.holdsReleased += released.released;
    if (released.count < 50) break;
  }
  return result;
}
