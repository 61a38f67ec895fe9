import type { Queryable } from '../../platform/db/database.ts';

// SQL of bookings, their events and reminders, and the waiting list. Every
// state change is ONE conditional UPDATE (WHERE state IN (…expected) AND
// version = …) that returns the row it changed, or nothing when the booking
// changed underneath: the caller then refuses cleanly (booking_changed).
// "Now" is always a parameter (the service's injectable clock).

export const ACTIVE_STATES = ['held', 'booked', 'moved'] as const;
export const CONFIRMED_STATES = ['booked', 'moved'] as const;
export type BookingState = 'held' | 'booked' | 'moved' | 'cancelled' | 'attended' | 'no_show' | 'hold_released';
export type CancelReason = 'resident' | 'official' | 'blocked';
export type ContactField = 'mobile' | 'email';
/** 'in_person' on the monthly in-person day (at its place), else 'video' (migration 0019). */
export type BookingMode = 'video' | 'in_person';

export interface BookingRow {
  id: number;
  districtCode: string;
  reference: string;
  fieldCode: string;
  expertId: number;
  slotStart: Date;
  slotEnd: Date;
  state: BookingState;
  channel: 'web' | 'phone' | 'waitlist';
  contactField: ContactField;
  contactEnc: Buffer;
  contactHash: Buffer;
  contactVerified: boolean;
  nameEnc: Buffer;
  questionnaireEnc: Buffer;
  residencyCheck: 'unchecked' | 'confirmed' | 'not_confirmed';
  linkTokenEnc: Buffer;
  holdExpiresAt: Date | null;
  bookedBy: number | null;
  cancelReason: CancelReason | null;
  rebookedAs: number | null;
  expertNoteEnc: Buffer | null;
  version: number;
  createdAt: Date;
  mode: BookingMode;
  /** minutes the expert added at the end of a video consultation (0–10) */
  extendedMinutes: number;
  /** when the expert switched a video consultation to a phone call, and who */
  switchedToPhoneAt: Date | null;
  switchedToPhoneBy: number | null;
}

const COLUMNS = `id, district_code, reference, field_code, expert_id, slot_start, slot_end, state, channel, contact_field, contact_enc, contact_hash,
  contact_verified, name_enc, questionnaire_enc, residency_check, link_token_enc, hold_expires_at, booked_by, cancel_reason, rebooked_as,
  expert_note_enc, version, created_at, mode, extended_minutes, switched_to_phone_at, switched_to_phone_by`;

type Raw = Record<string, unknown>;
const buf = (v: unknown) => (v === null || v === undefined ? null : Buffer.from(v as Uint8Array));

function fromRow(r: Raw): BookingRow {
  return {
    id: Number(r.id),
    districtCode: r.district_code as string,
    reference: r.reference as string,
    fieldCode: r.field_code as string,
    expertId: Number(r.expert_id),
    slotStart: new Date(r.slot_start as Date),
    slotEnd: new Date(r.slot_end as Date),
    state: r.state as BookingState,
    channel: r.channel as BookingRow['channel'],
    contactField: r.contact_field as ContactField,
    contactEnc: buf(r.contact_enc)!,
    contactHash: buf(r.contact_hash)!,
    contactVerified: r.contact_verified as boolean,
    nameEnc: buf(r.name_enc)!,
    questionnaireEnc: buf(r.questionnaire_enc)!,
    residencyCheck: r.residency_check as BookingRow['residencyCheck'],
    linkTokenEnc: buf(r.link_token_enc)!,
    holdExpiresAt: r.hold_expires_at ? new Date(r.hold_expires_at as Date) : null,
    bookedBy: r.booked_by === null ? null : Number(r.booked_by),
    cancelReason: (r.cancel_reason as CancelReason | null) ?? null,
    rebookedAs: r.rebooked_as === null ? null : Number(r.rebooked_as),
    expertNoteEnc: buf(r.expert_note_enc),
    version: Number(r.version),
    createdAt: new Date(r.created_at as Date),
    mode: (r.mode as BookingMode | undefined) ?? 'video',
    extendedMinutes: Number(r.extended_minutes ?? 0),
    switchedToPhoneAt: r.switched_to_phone_at ? new Date(r.switched_to_phone_at as Date) : null,
    switchedToPhoneBy: r.switched_to_phone_by === null || r.switched_to_phone_by === undefined ? null : Number(r.switched_to_phone_by),
  };
}

export interface NewBooking {
  districtCode: string;
  reference: string;
  fieldCode: string;
  expertId: number;
  slotStart: Date;
  slotEnd: Date;
  state: 'held' | 'booked';
  channel: BookingRow['channel'];
  contactField: ContactField;
  contactEnc: Buffer;
  contactHash: Buffer;
  contactVerified: boolean;
  nameEnc: Buffer;
  questionnaireEnc: Buffer;
  linkTokenHash: Buffer;
  linkTokenEnc: Buffer;
  holdExpiresAt: Date | null;
  bookedBy: number | null;
  /** The slot's mode (slot-grid.ts slotMode); 'video' when left out. */
  mode?: BookingMode;
}

/** Inserts a booking; the partial unique index raises 23505 (consultation_bookings_one_per_slot) when the slot is taken. */
export async function insertBooking(q: Queryable, b: NewBooking): Promise<BookingRow> {
  const { rows } = await q.query<Raw>(
    `INSERT INTO consultation_bookings (district_code, reference, field_code, expert_id, slot_start, slot_end, state, channel, contact_field,
       contact_enc, contact_hash, contact_verified, name_enc, questionnaire_enc, residency_declared, link_token_hash, link_token_enc,
       hold_expires_at, booked_by, mode)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, true, $15, $16, $17, $18, $19)
     RETURNING ${COLUMNS}`,
    [
      b.districtCode, b.reference, b.fieldCode, b.expertId, b.slotStart, b.slotEnd, b.state, b.channel, b.contactField,
      b.contactEnc, b.contactHash, b.contactVerified, b.nameEnc, b.questionnaireEnc, b.linkTokenHash, b.linkTokenEnc,
      b.holdExpiresAt, b.bookedBy, b.mode ?? 'video',
    ],
  );
  return fromRow(rows[0]!);
}

export async function bookingByTokenHash(q: Queryable, hash: Buffer): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(`SELECT ${COLUMNS} FROM consultation_bookings WHERE link_token_hash = $1`, [hash]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function bookingById(q: Queryable, districtCode: string, id: number): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(`SELECT ${COLUMNS} FROM consultation_bookings WHERE district_code = $1 AND id = $2`, [districtCode, id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function bookingByReference(q: Queryable, districtCode: string, reference: string): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(`SELECT ${COLUMNS} FROM consultation_bookings WHERE district_code = $1 AND reference = $2`, [districtCode, reference]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/**
 * Serialises one resident's bookings in one field until the transaction
 * ends (a transaction-scoped advisory lock keyed by the contact's keyed hash
 * and the field): with it held, "no upcoming booking in this field" checked
 * and the insert that follows cannot interleave with another booking of the
 * same resident. Two different residents never wait on each other (save for
 * a 64-bit key collision, which only serialises them).
 */
export async function lockResidentField(q: Queryable, districtCode: string, fieldCode: string, contactHash: Buffer): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(('x' || substr(md5($1 || '/' || $2 || '/' || encode($3::bytea, 'hex')), 1, 16))::bit(64)::bigint)`, [
    districtCode, fieldCode, contactHash,
  ]);
}

/** The resident's active booking (or hold) in a field that has not started yet, if any. */
export async function upcomingInField(q: Queryable, districtCode: string, fieldCode: string, contactHash: Buffer, now: Date, exceptId?: number): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(
    `SELECT ${COLUMNS} FROM consultation_bookings
      WHERE district_code = $1 AND field_code = $2 AND contact_hash = $3 AND state IN ('held', 'booked', 'moved') AND slot_start > $4
        AND ($5::bigint IS NULL OR id <> $5)
      ORDER BY slot_start LIMIT 1`,
    [districtCode, fieldCode, contactHash, now, exceptId ?? null],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/**
 * Slots of these experts with an active booking or hold, between two
 * instants. A video consultation the expert extended (issue 16) also takes
 * the slot that starts where it ended: the grid is contiguous inside a
 * window, and an extension is at most 10 minutes.
 */
export async function takenSlots(q: Queryable, districtCode: string, expertIds: number[], from: Date, to: Date): Promise<{ expertId: number; start: Date }[]> {
  const { rows } = await q.query<{ expert_id: number; slot_start: Date }>(
    `SELECT expert_id, slot_start FROM consultation_bookings
      WHERE district_code = $1 AND expert_id = ANY($2::bigint[]) AND slot_start >= $3 AND slot_start < $4
        AND state IN ('held', 'booked', 'moved', 'attended', 'no_show')
     UNION
     SELECT expert_id, slot_end FROM consultation_bookings
      WHERE district_code = $1 AND expert_id = ANY($2::bigint[]) AND slot_end >= $3 AND slot_end < $4
        AND extended_minutes > 0 AND state IN ('booked', 'moved', 'attended')`,
    [districtCode, expertIds, from, to],
  );
  return rows.map((r) => ({ expertId: Number(r.expert_id), start: new Date(r.slot_start) }));
}

/**
 * Whether a slot is held by an active booking (or by the extension of the
 * one before it), as far as this transaction can see: a cheap early refusal
 * for the many who lose a race after the winner committed. Not the
 * guarantee: the unique index is.
 */
export async function slotTaken(q: Queryable, expertId: number, start: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `SELECT 1 FROM consultation_bookings
      WHERE expert_id = $1 AND state IN ('held', 'booked', 'moved', 'attended', 'no_show')
        AND (slot_start = $2 OR (extended_minutes > 0 AND slot_end <= $2 AND slot_end + make_interval(mins => extended_minutes) > $2))`,
    [expertId, start],
  );
  return rowCount > 0;
}

/**
 * Whether the expert has an active booking or hold starting inside
 * [from, to): the time an extension would take must be free.
 */
export async function expertBookedBetween(q: Queryable, expertId: number, from: Date, to: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `SELECT 1 FROM consultation_bookings
      WHERE expert_id = $1 AND slot_start >= $2 AND slot_start < $3 AND state IN ('held', 'booked', 'moved', 'attended', 'no_show')`,
    [expertId, from, to],
  );
  return rowCount > 0;
}

/** Locks one booking for a change that reads before it writes (an extension). */
export async function lockBooking(q: Queryable, districtCode: string, id: number): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(`SELECT ${COLUMNS} FROM consultation_bookings WHERE district_code = $1 AND id = $2 FOR UPDATE`, [districtCode, id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Sets the extension of a video consultation (conditional on its version). */
export async function setExtension(q: Queryable, args: { id: number; version: number; extendedMinutes: number; now: Date }): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(
    `UPDATE consultation_bookings SET extended_minutes = $3, version = version + 1, updated_at = $4
      WHERE id = $1 AND version = $2 AND mode = 'video' AND state IN ('booked', 'moved', 'attended')
      RETURNING ${COLUMNS}`,
    [args.id, args.version, args.extendedMinutes, args.now],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Marks a video consultation as gone on by phone (once; conditional on its version). */
export async function setSwitchedToPhone(q: Queryable, args: { id: number; version: number; staffId: number; now: Date }): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(
    `UPDATE consultation_bookings SET switched_to_phone_at = $4, switched_to_phone_by = $3, version = version + 1, updated_at = $4
      WHERE id = $1 AND version = $2 AND mode = 'video' AND switched_to_phone_at IS NULL AND state IN ('booked', 'moved', 'attended')
      RETURNING ${COLUMNS}`,
    [args.id, args.version, args.staffId, args.now],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Moves a confirmed booking (conditional on its state and version); the unique index refuses a taken slot (23505). */
export async function updateSlot(
  q: Queryable,
  args: { id: number; version: number; expertId: number; slotStart: Date; slotEnd: Date; now: Date; mode?: BookingMode },
): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(
    `UPDATE consultation_bookings SET expert_id = $3, slot_start = $4, slot_end = $5, state = 'moved', version = version + 1, updated_at = $6, mode = $7
      WHERE id = $1 AND version = $2 AND state IN ('booked', 'moved')
      RETURNING ${COLUMNS}`,
    [args.id, args.version, args.expertId, args.slotStart, args.slotEnd, args.now, args.mode ?? 'video'],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Gives a booking another expert at the same time (a block): conditional like every change. */
export async function updateExpert(q: Queryable, args: { id: number; version: number; expertId: number; now: Date }): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(
    `UPDATE consultation_bookings SET expert_id = $3, state = 'moved', version = version + 1, updated_at = $4
      WHERE id = $1 AND version = $2 AND state IN ('booked', 'moved')
      RETURNING ${COLUMNS}`,
    [args.id, args.version, args.expertId, args.now],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Ends a booking or a hold: cancelled (with a reason) or hold_released; conditional on the expected states and version. */
export async function endBooking(
  q: Queryable,
  args: { id: number; version: number; from: readonly BookingState[]; to: 'cancelled' | 'hold_released'; reason: CancelReason | null; now: Date },
): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(
    `UPDATE consultation_bookings SET state = $4, cancel_reason = $5, version = version + 1, updated_at = $6
      WHERE id = $1 AND version = $2 AND state = ANY($3::text[])
      RETURNING ${COLUMNS}`,
    [args.id, args.version, args.from, args.to, args.to === 'cancelled' ? args.reason : null, args.now],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** A hold becomes a booking, while it is still held and has not run out. */
export async function confirmHeld(q: Queryable, args: { id: number; version: number; now: Date }): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(
    `UPDATE consultation_bookings SET state = 'booked', version = version + 1, updated_at = $3
      WHERE id = $1 AND version = $2 AND state = 'held' AND hold_expires_at > $3
      RETURNING ${COLUMNS}`,
    [args.id, args.version, args.now],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The expert's mark once the slot has begun (a correction between the two is allowed). */
export async function setOutcome(
  q: Queryable,
  args: { id: number; version: number; outcome: 'attended' | 'no_show'; noteEnc: Buffer | undefined; now: Date },
): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(
    `UPDATE consultation_bookings SET state = $3, expert_note_enc = CASE WHEN $4::boolean THEN $5 ELSE expert_note_enc END,
            version = version + 1, updated_at = $6
      WHERE id = $1 AND version = $2 AND state IN ('booked', 'moved', 'attended', 'no_show') AND slot_start <= $6
      RETURNING ${COLUMNS}`,
    [args.id, args.version, args.outcome, args.noteEnc !== undefined, args.noteEnc ?? null, args.now],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function setNote(q: Queryable, args: { id: number; version: number; noteEnc: Buffer | null; now: Date }): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(
    `UPDATE consultation_bookings SET expert_note_enc = $3, version = version + 1, updated_at = $4
      WHERE id = $1 AND version = $2 AND state IN ('booked', 'moved', 'attended', 'no_show')
      RETURNING ${COLUMNS}`,
    [args.id, args.version, args.noteEnc, args.now],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function setResidencyCheck(
  q: Queryable,
  args: { id: number; version: number; result: 'confirmed' | 'not_confirmed'; staffId: number; now: Date },
): Promise<BookingRow | null> {
  const { rows } = await q.query<Raw>(
    `UPDATE consultation_bookings SET residency_check = $3, residency_checked_by = $4, residency_checked_at = $5, version = version + 1, updated_at = $5
      WHERE id = $1 AND version = $2 AND state NOT IN ('hold_released')
      RETURNING ${COLUMNS}`,
    [args.id, args.version, args.result, args.staffId, args.now],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Records that a booking cancelled by a block was rebooked as another (once). */
export async function markRebooked(q: Queryable, id: number, newId: number): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE consultation_bookings SET rebooked_as = $2, updated_at = now() WHERE id = $1 AND state = 'cancelled' AND cancel_reason = 'blocked' AND rebooked_as IS NULL`,
    [id, newId],
  );
  return rowCount > 0;
}

/** Active bookings and holds a block covers (one expert or all; a day or one slot), locked. */
export async function bookingsUnderBlock(
  q: Queryable,
  args: { districtCode: string; expertId: number | null; from: Date; to: Date },
): Promise<BookingRow[]> {
  const { rows } = await q.query<Raw>(
    `SELECT ${COLUMNS} FROM consultation_bookings
      WHERE district_code = $1 AND ($2::bigint IS NULL OR expert_id = $2) AND slot_start >= $3 AND slot_start < $4
        AND state IN ('held', 'booked', 'moved')
      ORDER BY slot_start, id FOR UPDATE`,
    [args.districtCode, args.expertId, args.from, args.to],
  );
  return rows.map(fromRow);
}

export interface BookingFilter {
  districtCode: string;
  from: Date;
  to: Date;
  expertId?: number;
  fieldCode?: string;
  states?: BookingState[];
}

export async function listBookingRows(q: Queryable, f: BookingFilter): Promise<BookingRow[]> {
  const { rows } = await q.query<Raw>(
    `SELECT ${COLUMNS} FROM consultation_bookings
      WHERE district_code = $1 AND slot_start >= $2 AND slot_start < $3
        AND ($4::bigint IS NULL OR expert_id = $4) AND ($5::text IS NULL OR field_code = $5) AND ($6::text[] IS NULL OR state = ANY($6::text[]))
      ORDER BY slot_start, expert_id, id LIMIT 2000`,
    [f.districtCode, f.from, f.to, f.expertId ?? null, f.fieldCode ?? null, f.states ?? null],
  );
  return rows.map(fromRow);
}

// ------------------------------------------------------------------ events

export type BookingEvent =
  | 'held' | 'booked' | 'moved' | 'reassigned' | 'cancelled' | 'attended' | 'no_show' | 'hold_released' | 'residency_checked' | 'note_saved' | 'rebooked'
  | 'extended' | 'switched_to_phone';

export async function insertEvent(
  q: Queryable,
  e: { bookingId: number; at: Date; event: BookingEvent; actor: { type: 'resident' | 'staff' | 'system'; id?: number }; detail?: Record<string, unknown> },
): Promise<void> {
  await q.query(
    `INSERT INTO consultation_booking_events (booking_id, at, event, actor_type, actor_id, detail) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [e.bookingId, e.at, e.event, e.actor.type, e.actor.id ?? null, JSON.stringify(e.detail ?? {})],
  );
}

export interface EventRow {
  at: Date;
  event: BookingEvent;
  actorType: 'resident' | 'staff' | 'system';
  actorId: number | null;
  detail: Record<string, unknown>;
}

export async function eventsOf(q: Queryable, bookingId: number): Promise<EventRow[]> {
  const { rows } = await q.query<{ at: Date; event: BookingEvent; actor_type: EventRow['actorType']; actor_id: number | null; detail: Record<string, unknown> | string }>(
    'SELECT at, event, actor_type, actor_id, detail FROM consultation_booking_events WHERE booking_id = $1 ORDER BY id',
    [bookingId],
  );
  return rows.map((r) => ({
    at: new Date(r.at), event: r.event, actorType: r.actor_type, actorId: r.actor_id === null ? null : Number(r.actor_id),
    detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail,
  }));
}

// ---------------------------------------------------------------- reminders

/** Reminders at each offset before the start, those still in the future at `now`. Returns how many. */
export async function scheduleReminders(q: Queryable, args: { bookingId: number; slotStart: Date; offsetsMinutes: number[]; now: Date }): Promise<number> {
  const { rowCount } = await q.query(
    `INSERT INTO consultation_reminders (booking_id, slot_start, offset_minutes, due_at)
     SELECT $1, $2::timestamptz, o, $2::timestamptz - make_interval(mins => o) FROM unnest($3::int[]) AS o
      WHERE $2::timestamptz - make_interval(mins => o) > $4`,
    [args.bookingId, args.slotStart, args.offsetsMinutes, args.now],
  );
  return rowCount;
}

/** Withdraws a booking's reminders not sent yet. */
export async function withdrawReminders(q: Queryable, bookingId: number): Promise<number> {
  const { rowCount } = await q.query(`UPDATE consultation_reminders SET state = 'withdrawn' WHERE booking_id = $1 AND state = 'scheduled'`, [bookingId]);
  return rowCount;
}

export interface DueReminder {
  reminderId: number;
  reminderSlotStart: Date;
  booking: BookingRow;
}

/** Reminders due at `now`, locked (SKIP LOCKED: several processes may sweep), with their bookings. */
export async function claimDueReminders(q: Queryable, now: Date, limit: number): Promise<DueReminder[]> {
  const { rows } = await q.query<Raw>(
    `SELECT r.id AS reminder_id, r.slot_start AS reminder_slot_start, ${COLUMNS.split(',').map((c) => `b.${c.trim()}`).join(', ')}
       FROM consultation_reminders r JOIN consultation_bookings b ON b.id = r.booking_id
      WHERE r.state = 'scheduled' AND r.due_at <= $1
      ORDER BY r.due_at, r.id LIMIT $2
      FOR UPDATE OF r SKIP LOCKED`,
    [now, limit],
  );
  return rows.map((r) => ({ reminderId: Number(r.reminder_id), reminderSlotStart: new Date(r.reminder_slot_start as Date), booking: fromRow(r) }));
}

export async function closeReminders(q: Queryable, sent: { id: number; messageId: number }[], withdrawn: number[]): Promise<void> {
  if (sent.length) {
    await q.query(
      `UPDATE consultation_reminders r SET state = 'sent', message_id = x.message_id
         FROM unnest($1::bigint[], $2::bigint[]) AS x(id, message_id) WHERE r.id = x.id AND r.state = 'scheduled'`,
      [sent.map((s) => s.id), sent.map((s) => s.messageId)],
    );
  }
  if (withdrawn.length) await q.query(`UPDATE consultation_reminders SET state = 'withdrawn' WHERE id = ANY($1::bigint[]) AND state = 'scheduled'`, [withdrawn]);
}

export async function remindersOf(q: Queryable, bookingId: number): Promise<{ offsetMinutes: number; dueAt: Date; state: string; messageId: number | null }[]> {
  const { rows } = await q.query<{ offset_minutes: number; due_at: Date; state: string; message_id: number | null }>(
    'SELECT offset_minutes, due_at, state, message_id FROM consultation_reminders WHERE booking_id = $1 ORDER BY id',
    [bookingId],
  );
  return rows.map((r) => ({ offsetMinutes: r.offset_minutes, dueAt: new Date(r.due_at), state: r.state, messageId: r.message_id === null ? null : Number(r.message_id) }));
}

/** Holds that ran out at `now`, locked (SKIP LOCKED). */
export async function claimExpiredHolds(q: Queryable, now: Date, limit: number): Promise<BookingRow[]> {
  const { rows } = await q.query<Raw>(
    `SELECT ${COLUMNS} FROM consultation_bookings WHERE state = 'held' AND hold_expires_at <= $1 ORDER BY hold_expires_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  return rows.map(fromRow);
}

// ------------------------------------------------------------- waiting list

export interface WaitlistRow {
  id: number;
  districtCode: string;
  fieldCode: string;
  day: string;
  state: 'waiting' | 'offered' | 'booked' | 'left' | 'lapsed';
  contactField: ContactField;
  contactEnc: Buffer;
  contactHash: Buffer;
  contactVerified: boolean;
  nameEnc: Buffer;
  questionnaireEnc: Buffer;
  offeredBookingId: number | null;
  joinedAt: Date;
}

const WAIT_COLUMNS = `id, district_code, field_code, day::text AS day, state, contact_field, contact_enc, contact_hash, contact_verified, name_enc,
  questionnaire_enc, offered_booking_id, joined_at`;

function waitFromRow(r: Raw): WaitlistRow {
  return {
    id: Number(r.id),
    districtCode: r.district_code as string,
    fieldCode: r.field_code as string,
    day: (r.day as string).slice(0, 10),
    state: r.state as WaitlistRow['state'],
    contactField: r.contact_field as ContactField,
    contactEnc: buf(r.contact_enc)!,
    contactHash: buf(r.contact_hash)!,
    contactVerified: r.contact_verified as boolean,
    nameEnc: buf(r.name_enc)!,
    questionnaireEnc: buf(r.questionnaire_enc)!,
    offeredBookingId: r.offered_booking_id === null ? null : Number(r.offered_booking_id),
    joinedAt: new Date(r.joined_at as Date),
  };
}

/** Joins the waiting list; 23505 (consultation_waitlist_once) when already on it for that field and day. */
export async function insertWaitlist(
  q: Queryable,
  w: Omit<WaitlistRow, 'id' | 'state' | 'offeredBookingId'> & { linkTokenHash: Buffer },
): Promise<WaitlistRow> {
  const { rows } = await q.query<Raw>(
    `INSERT INTO consultation_waitlist (district_code, field_code, day, contact_field, contact_enc, contact_hash, contact_verified, name_enc,
       questionnaire_enc, residency_declared, link_token_hash, joined_at)
     VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9, true, $10, $11) RETURNING ${WAIT_COLUMNS}`,
    [w.districtCode, w.fieldCode, w.day, w.contactField, w.contactEnc, w.contactHash, w.contactVerified, w.nameEnc, w.questionnaireEnc, w.linkTokenHash, w.joinedAt],
  );
  return waitFromRow(rows[0]!);
}

export async function waitlistByTokenHash(q: Queryable, hash: Buffer): Promise<WaitlistRow | null> {
  const { rows } = await q.query<Raw>(`SELECT ${WAIT_COLUMNS} FROM consultation_waitlist WHERE link_token_hash = $1`, [hash]);
  return rows[0] ? waitFromRow(rows[0]) : null;
}

/** The first resident waiting for one of these fields on the day (first come, first served), locked. */
export async function firstWaiting(q: Queryable, districtCode: string, day: string, fieldCodes: string[]): Promise<WaitlistRow | null> {
  const { rows } = await q.query<Raw>(
    `SELECT ${WAIT_COLUMNS} FROM consultation_waitlist
      WHERE district_code = $1 AND day = $2::date AND field_code = ANY($3::text[]) AND state = 'waiting'
      ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [districtCode, day, fieldCodes],
  );
  return rows[0] ? waitFromRow(rows[0]) : null;
}

/** Moves a waiting-list entry from one state to another (conditional); sets the offered booking when given. */
export async function updateWaitlist(q: Queryable, args: { id: number; from: WaitlistRow['state'][]; to: WaitlistRow['state']; offeredBookingId?: number }): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE consultation_waitlist SET state = $3, offered_booking_id = coalesce($4, offered_booking_id) WHERE id = $1 AND state = ANY($2::text[])`,
    [args.id, args.from, args.to, args.offeredBookingId ?? null],
  );
  return rowCount > 0;
}

export async function waitlistOfBooking(q: Queryable, bookingId: number): Promise<WaitlistRow | null> {
  const { rows } = await q.query<Raw>(`SELECT ${WAIT_COLUMNS} FROM consultation_waitlist WHERE offered_booking_id = $1 ORDER BY id DESC LIMIT 1`, [bookingId]);
  return rows[0] ? waitFromRow(rows[0]) : null;
}

// ---------------------------------------------------------------- figures

export interface OutcomeCounts {
  fieldCode: string;
  expertId: number;
  /** Confirmed bookings (booked, moved) and those already marked. */
  bookings: number;
  attended: number;
  noShows: number;
  cancelled: number;
  web: number;
  phone: number;
}

/** Bookings by field and expert between two instants (slot starts). */
export async function outcomeCounts(q: Queryable, districtCode: string, from: Date, to: Date): Promise<OutcomeCounts[]> {
  const { rows } = await q.query<{ field_code: string; expert_id: number; bookings: number; attended: number; no_shows: number; cancelled: number; web: number; phone: number }>(
    `SELECT field_code, expert_id,
            count(*) FILTER (WHERE state IN ('booked', 'moved', 'attended', 'no_show'))::int AS bookings,
            count(*) FILTER (WHERE state = 'attended')::int AS attended,
            count(*) FILTER (WHERE state = 'no_show')::int AS no_shows,
            count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled,
            count(*) FILTER (WHERE state IN ('booked', 'moved', 'attended', 'no_show') AND channel <> 'phone')::int AS web,
            count(*) FILTER (WHERE state IN ('booked', 'moved', 'attended', 'no_show') AND channel = 'phone')::int AS phone
       FROM consultation_bookings WHERE district_code = $1 AND slot_start >= $2 AND slot_start < $3
      GROUP BY field_code, expert_id ORDER BY field_code, expert_id`,
    [districtCode, from, to],
  );
  return rows.map((r) => ({ fieldCode: r.field_code, expertId: Number(r.expert_id), bookings: r.bookings, attended: r.attended, noShows: r.no_shows, cancelled: r.cancelled, web: r.web, phone: r.phone }));
}

/**
 * The demo only: puts a video booking back at a time whose room is open now,
 * as booked and unchanged (src/consultations/demo/demo-video-room.ts), so the
 * video room can be shown at any hour of the day.
 */
export async function placeDemoVideoBooking(q: Queryable, args: { id: number; slotStart: Date; slotEnd: Date; now: Date }): Promise<void> {
  await q.query(
    `UPDATE consultation_bookings SET slot_start = $2, slot_end = $3, state = 'booked', extended_minutes = 0, switched_to_phone_at = NULL,
            switched_to_phone_by = NULL, cancel_reason = NULL, rebooked_as = NULL, version = version + 1, updated_at = $4
      WHERE id = $1 AND mode = 'video'`,
    [args.id, args.slotStart, args.slotEnd, args.now],
  );
}
