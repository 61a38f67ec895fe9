import type { Queryable } from '../../platform/db/database.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import type { ContactField } from '../booking/booking.repository.ts';
import type { Place } from '../schedule/schedule.repository.ts';

// SQL of the regional explanation sessions (migration 0019). The capacity
// is the database's: seats are taken by ONE conditional UPDATE that adds
// them only while seats_taken + n <= capacity (and a CHECK forbids more
// whatever the code does); concurrent registrations wait on the session's
// row and re-check the condition, so exactly the seats there are are given.

export interface SessionRow {
  id: number;
  districtCode: string;
  title: Bilingual;
  place: Place;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  seatsTaken: number;
  state: 'open' | 'cancelled';
  version: number;
}

const SESSION_COLUMNS = `id, district_code, title_ko, title_en, place_name_ko, place_name_en, address_ko, address_en, starts_at, ends_at,
  capacity, seats_taken, state, version`;

type Raw = Record<string, unknown>;
const buf = (v: unknown) => Buffer.from(v as Uint8Array);

const sessionFromRow = (r: Raw): SessionRow => ({
  id: Number(r.id),
  districtCode: r.district_code as string,
  title: { ko: r.title_ko as string, en: r.title_en as string },
  place: { name: { ko: r.place_name_ko as string, en: r.place_name_en as string }, address: { ko: r.address_ko as string, en: r.address_en as string } },
  startsAt: new Date(r.starts_at as Date),
  endsAt: new Date(r.ends_at as Date),
  capacity: Number(r.capacity),
  seatsTaken: Number(r.seats_taken),
  state: r.state as SessionRow['state'],
  version: Number(r.version),
});

export async function insertSession(
  q: Queryable,
  s: { districtCode: string; title: Bilingual; place: Place; startsAt: Date; endsAt: Date; capacity: number; createdBy: number },
): Promise<SessionRow> {
  const { rows } = await q.query<Raw>(
    `INSERT INTO consultation_sessions (district_code, title_ko, title_en, place_name_ko, place_name_en, address_ko, address_en, starts_at, ends_at, capacity, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     RETURNING ${SESSION_COLUMNS}`,
    [s.districtCode, s.title.ko, s.title.en, s.place.name.ko, s.place.name.en, s.place.address.ko, s.place.address.en, s.startsAt, s.endsAt, s.capacity, s.createdBy],
  );
  return sessionFromRow(rows[0]!);
}

export async function sessionById(q: Queryable, districtCode: string, id: number): Promise<SessionRow | null> {
  const { rows } = await q.query<Raw>(`SELECT ${SESSION_COLUMNS} FROM consultation_sessions WHERE district_code = $1 AND id = $2`, [districtCode, id]);
  return rows[0] ? sessionFromRow(rows[0]) : null;
}

/** Sessions of a district starting in [from, to), in order. */
export async function listSessionRows(q: Queryable, districtCode: string, from: Date, to: Date, options: { openOnly?: boolean } = {}): Promise<SessionRow[]> {
  const { rows } = await q.query<Raw>(
    `SELECT ${SESSION_COLUMNS} FROM consultation_sessions
      WHERE district_code = $1 AND starts_at >= $2 AND starts_at < $3 AND ($4::boolean IS NOT TRUE OR state = 'open')
      ORDER BY starts_at, id`,
    [districtCode, from, to, options.openOnly ?? false],
  );
  return rows.map(sessionFromRow);
}

/**
 * Takes `seats` seats of an open session that has not begun: the one
 * conditional UPDATE of the capacity guarantee. Null when the session is
 * full (or closed, or unknown): the caller reads it again to say which.
 */
export async function takeSeats(q: Queryable, args: { districtCode: string; sessionId: number; seats: number; now: Date }): Promise<SessionRow | null> {
  const { rows } = await q.query<Raw>(
    `UPDATE consultation_sessions SET seats_taken = seats_taken + $3, version = version + 1
      WHERE district_code = $1 AND id = $2 AND state = 'open' AND starts_at > $4 AND seats_taken + $3 <= capacity
      RETURNING ${SESSION_COLUMNS}`,
    [args.districtCode, args.sessionId, args.seats, args.now],
  );
  return rows[0] ? sessionFromRow(rows[0]) : null;
}

/** Gives seats back (a cancelled registration). */
export async function releaseSeats(q: Queryable, args: { sessionId: number; seats: number }): Promise<void> {
  await q.query('UPDATE consultation_sessions SET seats_taken = seats_taken - $2, version = version + 1 WHERE id = $1', [args.sessionId, args.seats]);
}

// ------------------------------------------------------------ registrations

export interface RegistrationRow {
  id: number;
  sessionId: number;
  districtCode: string;
  reference: string;
  state: 'registered' | 'cancelled';
  partySize: number;
  nameEnc: Buffer;
  contactField: ContactField;
  contactEnc: Buffer;
  linkTokenEnc: Buffer;
  registeredAt: Date;
  cancelledAt: Date | null;
  cancelledBy: 'resident' | 'official' | null;
}

const REGISTRATION_COLUMNS = `id, session_id, district_code, reference, state, party_size, name_enc, contact_field, contact_enc, link_token_enc,
  registered_at, cancelled_at, cancelled_by`;

const registrationFromRow = (r: Raw): RegistrationRow => ({
  id: Number(r.id),
  sessionId: Number(r.session_id),
  districtCode: r.district_code as string,
  reference: r.reference as string,
  state: r.state as RegistrationRow['state'],
  partySize: Number(r.party_size),
  nameEnc: buf(r.name_enc),
  contactField: r.contact_field as ContactField,
  contactEnc: buf(r.contact_enc),
  linkTokenEnc: buf(r.link_token_enc),
  registeredAt: new Date(r.registered_at as Date),
  cancelledAt: r.cancelled_at ? new Date(r.cancelled_at as Date) : null,
  cancelledBy: (r.cancelled_by as RegistrationRow['cancelledBy']) ?? null,
});

/** Inserts a registration; 23505 on consultation_session_registrations_once when the contact is registered already. */
export async function insertRegistration(
  q: Queryable,
  r: {
    sessionId: number; districtCode: string; reference: string; partySize: number; nameEnc: Buffer; contactField: ContactField;
    contactEnc: Buffer; contactHash: Buffer; linkTokenHash: Buffer; linkTokenEnc: Buffer; now: Date;
  },
): Promise<RegistrationRow> {
  const { rows } = await q.query<Raw>(
    `INSERT INTO consultation_session_registrations (session_id, district_code, reference, party_size, name_enc, contact_field, contact_enc, contact_hash,
       link_token_hash, link_token_enc, registered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     RETURNING ${REGISTRATION_COLUMNS}`,
    [r.sessionId, r.districtCode, r.reference, r.partySize, r.nameEnc, r.contactField, r.contactEnc, r.contactHash, r.linkTokenHash, r.linkTokenEnc, r.now],
  );
  return registrationFromRow(rows[0]!);
}

export async function registrationByTokenHash(q: Queryable, hash: Buffer): Promise<RegistrationRow | null> {
  const { rows } = await q.query<Raw>(`SELECT ${REGISTRATION_COLUMNS} FROM consultation_session_registrations WHERE link_token_hash = $1`, [hash]);
  return rows[0] ? registrationFromRow(rows[0]) : null;
}

/** Cancels a live registration (conditional on its state); null when it was not live. */
export async function cancelRegistrationRow(q: Queryable, args: { id: number; by: 'resident' | 'official'; now: Date }): Promise<RegistrationRow | null> {
  const { rows } = await q.query<Raw>(
    `UPDATE consultation_session_registrations SET state = 'cancelled', cancelled_at = $2, cancelled_by = $3
      WHERE id = $1 AND state = 'registered'
      RETURNING ${REGISTRATION_COLUMNS}`,
    [args.id, args.now, args.by],
  );
  return rows[0] ? registrationFromRow(rows[0]) : null;
}

/** A session's registrations, in the order they came. */
export async function registrationsOf(q: Queryable, sessionId: number): Promise<RegistrationRow[]> {
  const { rows } = await q.query<Raw>(`SELECT ${REGISTRATION_COLUMNS} FROM consultation_session_registrations WHERE session_id = $1 ORDER BY id`, [sessionId]);
  return rows.map(registrationFromRow);
}
