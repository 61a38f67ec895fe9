import type { Transaction } from '../../platform/db/database.ts';
import { publicHoliday, seoulDay } from '../../platform/time/seoul.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { bilingualError, consultationError } from '../consultations.messages.ts';
import { activeBlocks, findExpert, listFields, loadSettings } from '../schedule/schedule.repository.ts';
import { requireSettings } from '../schedule/schedule.service.ts';
import { blockTest, bookableDays, slotMode } from '../schedule/slot-grid.ts';
import {
  endBooking,
  firstWaiting,
  insertBooking,
  insertEvent,
  insertWaitlist,
  updateWaitlist,
  upcomingInField,
  waitlistByTokenHash,
  waitlistOfBooking,
  type BookingRow,
} from './booking.repository.ts';
import { dayInWords, linkTokenHash, messageResident, newLinkToken, newReference, whenText, whenTextBoth } from './booking.notify.ts';
import { waitlistInput, type WaitlistInput } from './booking.schema.ts';
import { contactHash, normaliseContact } from './contact.ts';
import { spendVerification } from './resident-codes.ts';

// The waiting list: residents who found a day full join it for a field and
// that day. When a slot of that day is freed (a cancellation, a move away, a
// hold that ran out), it is held for the first resident waiting for a field
// the slot's expert covers (first come, first served) for hold_minutes; they
// are told through the delivery engine and confirm through their link
// (confirmHold) or let it lapse, and the slot goes to the next. A slot is
// offered only when the hold can run out before it starts.

export interface WaitlistEntryView {
  id: number;
  fieldCode: string;
  day: string;
  state: 'waiting' | 'offered' | 'booked' | 'left' | 'lapsed';
}

const isUnique = (error: unknown, constraint: string) =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505' && (error as { constraint?: string }).constraint === constraint;

/** Joins the waiting list for a field and day (a bookable day, not a holiday), after the contact's code like a booking. */
export async function joinWaitlist(deps: ConsultationDeps, input: WaitlistInput): Promise<{ entry: WaitlistEntryView; token: string }> {
  const w = waitlistInput.parse(input);
  const contact = normaliseContact(w.contact);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const settings = await requireSettings(tx, w.districtCode);
    const field = (await listFields(tx, w.districtCode, { activeOnly: true })).find((f) => f.code === w.fieldCode);
    if (!field) throw consultationError(404, 'field_not_found');
    const { first, last } = bookableDays(now, settings);
    if (w.day < first) throw bilingualError(422, 'slot_too_soon', { days: settings.minNoticeDays, first: dayInWords(first) });
    if (w.day > last) throw bilingualError(422, 'slot_beyond_horizon', { days: settings.horizonDays, last: dayInWords(last) });
    const holiday = publicHoliday(w.day);
    if (holiday) throw bilingualError(422, 'slot_on_holiday', { day: dayInWords(w.day), holiday });
    await spendVerification(tx, deps, { districtCode: w.districtCode, verificationId: w.verificationId, contact });
    const hash = contactHash(deps.cipher, contact);
    const existing = await upcomingInField(tx, w.districtCode, field.code, hash, now);
    if (existing) throw bilingualError(409, 'already_booked_in_field', { field: field.name, when: whenTextBoth(existing.slotStart), reference: existing.reference });
    const token = newLinkToken();
    try {
      const row = await insertWaitlist(tx, {
        districtCode: w.districtCode, fieldCode: field.code, day: w.day, contactField: contact.field, contactEnc: deps.cipher.encrypt(contact.value),
        contactHash: hash, contactVerified: true, nameEnc: deps.cipher.encrypt(w.name), questionnaireEnc: deps.cipher.encrypt(JSON.stringify(w.questionnaire)),
        linkTokenHash: linkTokenHash(deps, token), joinedAt: now,
      });
      return { entry: { id: row.id, fieldCode: row.fieldCode, day: row.day, state: row.state }, token };
    } catch (error) {
      // The transaction is rolled back (the code unspent): nothing changes.
      if (isUnique(error, 'consultation_waitlist_once')) throw bilingualError(409, 'already_waiting', { field: field.name });
      throw error;
    }
  });
}

export async function getWaitlistEntry(deps: ConsultationDeps, token: string): Promise<WaitlistEntryView> {
  const row = await waitlistByTokenHash(deps.db, linkTokenHash(deps, token));
  if (!row) throw consultationError(404, 'booking_not_found');
  return { id: row.id, fieldCode: row.fieldCode, day: row.day, state: row.state };
}

/** Leaves the waiting list (an offer already made is declined through the held booking's link). */
export async function leaveWaitlist(deps: ConsultationDeps, token: string): Promise<WaitlistEntryView> {
  return deps.db.transaction(async (tx) => {
    const row = await waitlistByTokenHash(tx, linkTokenHash(deps, token));
    if (!row) throw consultationError(404, 'booking_not_found');
    if (!(await updateWaitlist(tx, { id: row.id, from: ['waiting'], to: 'left' }))) throw consultationError(409, 'booking_changed');
    return { id: row.id, fieldCode: row.fieldCode, day: row.day, state: 'left' };
  });
}

/**
 * Offers a freed slot to the waiting list, in the transaction that freed it:
 * the first resident waiting for a field of the slot's expert on that day
 * gets a hold (a booking in state held, so nobody else can take the slot)
 * and a message with their link. Residents who meanwhile hold an upcoming
 * booking in that field are passed over (their entry lapses).
 */
export async function offerFreedSlot(
  tx: Transaction,
  deps: ConsultationDeps,
  slot: { districtCode: string; expertId: number; slotStart: Date; slotEnd: Date; now: Date },
): Promise<BookingRow | null> {
  const settings = await loadSettings(tx, slot.districtCode);
  if (!settings) return null;
  const holdEnds = new Date(slot.now.getTime() + settings.holdMinutes * 60_000);
  if (holdEnds >= slot.slotStart) return null;
  const day = seoulDay(slot.slotStart);
  if (blockTest(await activeBlocks(tx, slot.districtCode, day, day), slot.expertId)(slot.slotStart)) return null;
  const expert = await findExpert(tx, slot.districtCode, slot.expertId);
  if (!expert?.active) return null;
  const fields = await listFields(tx, slot.districtCode);
  for (let passedOver = 0; passedOver < 20; passedOver++) {
    const entry = await firstWaiting(tx, slot.districtCode, day, expert.fields);
    if (!entry) return null;
    if (await upcomingInField(tx, slot.districtCode, entry.fieldCode, entry.contactHash, slot.now)) {
      await updateWaitlist(tx, { id: entry.id, from: ['waiting'], to: 'lapsed' });
      continue;
    }
    const token = newLinkToken();
    await tx.query('SAVEPOINT offer_freed_slot');
    let held: BookingRow;
    try {
      held = await insertBooking(tx, {
        districtCode: slot.districtCode, reference: newReference(), fieldCode: entry.fieldCode, expertId: slot.expertId,
        slotStart: slot.slotStart, slotEnd: slot.slotEnd, state: 'held', channel: 'waitlist',
        contactField: entry.contactField, contactEnc: entry.contactEnc, contactHash: entry.contactHash, contactVerified: entry.contactVerified,
        nameEnc: entry.nameEnc, questionnaireEnc: entry.questionnaireEnc, linkTokenHash: linkTokenHash(deps, token),
        linkTokenEnc: deps.cipher.encrypt(token), holdExpiresAt: holdEnds, bookedBy: null, mode: slotMode(settings, slot.expertId, slot.slotStart),
      });
    } catch (error) {
      // The slot was taken after all (or a reference collided): no offer now; never fail the change that freed it.
      await tx.query('ROLLBACK TO SAVEPOINT offer_freed_slot');
      deps.log?.warn({ err: error }, 'a freed consultation slot could not be held for the waiting list');
      return null;
    }
    await tx.query('RELEASE SAVEPOINT offer_freed_slot');
    await updateWaitlist(tx, { id: entry.id, from: ['waiting'], to: 'offered', offeredBookingId: held.id });
    const name = fields.find((f) => f.code === entry.fieldCode)?.name ?? { ko: entry.fieldCode, en: entry.fieldCode };
    const messageId = await messageResident(tx, deps, held, 'consultation_slot_offered', name, { expires: whenText(holdEnds) });
    await insertEvent(tx, { bookingId: held.id, at: slot.now, event: 'held', actor: { type: 'system' }, detail: { waitlistId: entry.id, messageId, until: holdEnds.toISOString() } });
    return held;
  }
  return null;
}

/**
 * Ends a hold that ran out (or that a block covers): the booking becomes
 * hold_released, the resident's entry lapses (or, for a block, waits again),
 * and the slot is offered to the next resident unless `offerNext` is false.
 */
export async function releaseHold(tx: Transaction, deps: ConsultationDeps, row: BookingRow, now: Date, options: { backToWaiting?: boolean; offerNext?: boolean } = {}): Promise<boolean> {
  const released = await endBooking(tx, { id: row.id, version: row.version, from: ['held'], to: 'hold_released', reason: null, now });
  if (!released) return false;
  const entry = await waitlistOfBooking(tx, row.id);
  if (entry) await updateWaitlist(tx, { id: entry.id, from: ['offered'], to: options.backToWaiting ? 'waiting' : 'lapsed' });
  await insertEvent(tx, { bookingId: row.id, at: now, event: 'hold_released', actor: { type: 'system' }, detail: { expired: !options.backToWaiting } });
  if (options.offerNext !== false) await offerFreedSlot(tx, deps, { districtCode: row.districtCode, expertId: row.expertId, slotStart: row.slotStart, slotEnd: row.slotEnd, now });
  return true;
}
