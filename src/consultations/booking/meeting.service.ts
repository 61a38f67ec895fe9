import type { Queryable } from '../../platform/db/database.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { seoulDay } from '../../platform/time/seoul.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { consultationError } from '../consultations.messages.ts';
import { activeBlocks, listExperts, listFields, lockExperts } from '../schedule/schedule.repository.ts';
import { blockTest } from '../schedule/slot-grid.ts';
import { linkTokenHash, unseal } from './booking.notify.ts';
import {
  bookingById,
  bookingByTokenHash,
  expertBookedBetween,
  insertEvent,
  lockBooking,
  setExtension,
  setSwitchedToPhone,
  type BookingRow,
  type BookingState,
} from './booking.repository.ts';
import { auditStaff } from './booking.service.ts';
import { maskContact } from './contact.ts';

// A video consultation as the room sees it (src/video runs the call; the
// reservation stays here). The room may change two things on the
// reservation, both only by its expert and both recorded as booking events:
//   - an extension at the end, at most MAX_EXTENSION_MINUTES in all, when the
//     expert's time after the slot is neither booked nor blocked;
//   - the switch to a phone call when video does not work.

export const MAX_EXTENSION_MINUTES = 10;

export interface Meeting {
  bookingId: number;
  districtCode: string;
  reference: string;
  state: BookingState;
  mode: BookingRow['mode'];
  fieldName: Bilingual;
  expert: { id: number; staffId: number | null; name: string };
  residentName: string;
  /** the resident's contact, masked (the expert rings it after a switch to phone) */
  residentContactMasked: string;
  slotStart: Date;
  slotEnd: Date;
  extendedMinutes: number;
  switchedToPhoneAt: Date | null;
}

async function meetingOf(q: Queryable, deps: ConsultationDeps, row: BookingRow): Promise<Meeting> {
  const [fields, experts] = await Promise.all([listFields(q, row.districtCode), listExperts(q, row.districtCode)]);
  const expert = experts.find((e) => e.id === row.expertId);
  const sealed = unseal(deps, row);
  return {
    bookingId: row.id,
    districtCode: row.districtCode,
    reference: row.reference,
    state: row.state,
    mode: row.mode,
    fieldName: fields.find((f) => f.code === row.fieldCode)?.name ?? { ko: row.fieldCode, en: row.fieldCode },
    expert: { id: row.expertId, staffId: expert?.staffId ?? null, name: expert?.name ?? '' },
    residentName: sealed.name,
    residentContactMasked: maskContact(sealed.contact),
    slotStart: row.slotStart,
    slotEnd: row.slotEnd,
    extendedMinutes: row.extendedMinutes,
    switchedToPhoneAt: row.switchedToPhoneAt,
  };
}

/** The meeting behind a resident's personal link; null for an unknown link. */
export async function meetingByToken(deps: ConsultationDeps, token: string): Promise<Meeting | null> {
  const row = await bookingByTokenHash(deps.db, linkTokenHash(deps, token));
  return row ? meetingOf(deps.db, deps, row) : null;
}

/** A meeting of a district by its booking id; null when the district has no such booking. */
export async function meetingById(deps: ConsultationDeps, districtCode: string, bookingId: number): Promise<Meeting | null> {
  const row = await bookingById(deps.db, districtCode, bookingId);
  return row ? meetingOf(deps.db, deps, row) : null;
}

const RUNNING_STATES: readonly BookingState[] = ['booked', 'moved', 'attended'];

interface ExpertActor {
  staffId: number;
  districtCode: string;
  role: 'expert';
}

/** Locks the booking for a change by its own expert: 404 for anything else (not another expert's to know of). */
async function lockOwnMeeting(tx: Queryable, actor: ExpertActor, bookingId: number): Promise<BookingRow> {
  const row = await lockBooking(tx, actor.districtCode, bookingId);
  const mine = row && (await listExperts(tx, actor.districtCode)).find((e) => e.staffId === actor.staffId);
  if (!row || !mine || mine.id !== row.expertId) throw consultationError(404, 'booking_not_found');
  if (row.mode !== 'video') throw consultationError(409, 'meeting_not_video');
  if (!RUNNING_STATES.includes(row.state)) throw consultationError(409, 'booking_not_active');
  return row;
}

/**
 * The expert adds minutes at the end of a running video consultation. The
 * time it takes, [slot end, slot end + all minutes added), must hold no other
 * booking or hold of the expert and no block; the expert's row is locked for
 * update first, so no booking of that time can commit alongside.
 */
export async function extendMeeting(deps: ConsultationDeps, actor: ExpertActor, bookingId: number, minutes: number): Promise<Meeting> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    // The expert's row before the booking's, in the order blocks and bookings take them (no deadlock).
    const unlocked = await bookingById(tx, actor.districtCode, bookingId);
    if (unlocked) await lockExperts(tx, actor.districtCode, [unlocked.expertId], 'update');
    const row = await lockOwnMeeting(tx, actor, bookingId);
    const endsAt = new Date(row.slotEnd.getTime() + row.extendedMinutes * 60_000);
    if (now < row.slotStart || now >= endsAt) throw consultationError(409, 'meeting_not_running');
    const total = row.extendedMinutes + minutes;
    if (total > MAX_EXTENSION_MINUTES) {
      throw consultationError(409, 'extension_limit', { max: MAX_EXTENSION_MINUTES, left: MAX_EXTENSION_MINUTES - row.extendedMinutes });
    }
    const newEnd = new Date(row.slotEnd.getTime() + total * 60_000);
    const day = seoulDay(row.slotEnd);
    const blocked = blockTest(await activeBlocks(tx, row.districtCode, day, day), row.expertId);
    if ((await expertBookedBetween(tx, row.expertId, row.slotEnd, newEnd)) || blocked(row.slotEnd)) throw consultationError(409, 'extension_refused');
    const saved = await setExtension(tx, { id: row.id, version: row.version, extendedMinutes: total, now });
    if (!saved) throw consultationError(409, 'booking_changed');
    await insertEvent(tx, { bookingId: row.id, at: now, event: 'extended', actor: { type: 'staff', id: actor.staffId }, detail: { minutes, total } });
    await auditStaff(tx, { kind: 'staff', staffId: actor.staffId, role: actor.role, districtCode: actor.districtCode }, saved, 'consultation.extended', `extended by ${minutes} minutes`, { minutes, total });
    return meetingOf(tx, deps, saved);
  });
}

/** Video does not work: the expert goes on by phone; the reservation says so from now on. */
export async function switchMeetingToPhone(deps: ConsultationDeps, actor: ExpertActor, bookingId: number): Promise<Meeting> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const row = await lockOwnMeeting(tx, actor, bookingId);
    if (row.switchedToPhoneAt) throw consultationError(409, 'already_phone');
    const saved = await setSwitchedToPhone(tx, { id: row.id, version: row.version, staffId: actor.staffId, now });
    if (!saved) throw consultationError(409, 'booking_changed');
    await insertEvent(tx, { bookingId: row.id, at: now, event: 'switched_to_phone', actor: { type: 'staff', id: actor.staffId } });
    await auditStaff(tx, { kind: 'staff', staffId: actor.staffId, role: actor.role, districtCode: actor.districtCode }, saved, 'consultation.switched_to_phone', 'video failed; continued by phone');
    return meetingOf(tx, deps, saved);
  });
}
