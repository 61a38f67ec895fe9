import { recordAudit } from '../../platform/audit/audit.ts';
import { csvHeaderLine, csvLine } from '../../platform/csv.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { addDays, seoulDateTime, seoulDay, seoulMinuteOfDay } from '../../platform/time/seoul.ts';
import { enqueueMessages } from '../../delivery/queue/queue.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { consultationError } from '../consultations.messages.ts';
import type { Actor } from '../booking/booking.service.ts';
import { newLinkToken, newReference, placeText, whenText } from '../booking/booking.notify.ts';
import { channelPlan, contactHash, maskContact, normaliseContact, recipientOf, type Contact } from '../booking/contact.ts';
import { spendVerification } from '../booking/resident-codes.ts';
import { requireSettings } from '../schedule/schedule.service.ts';
import { minuteLabel } from '../schedule/slot-grid.ts';
import {
  cancelRegistrationRow,
  insertRegistration,
  insertSession,
  listSessionRows,
  registrationByTokenHash,
  registrationsOf,
  releaseSeats,
  sessionById,
  takeSeats,
  type RegistrationRow,
  type SessionRow,
} from './sessions.repository.ts';
import {
  registrationInput,
  sessionInput,
  type RegistrationInput,
  type RegistrationListView,
  type RegistrationView,
  type SessionInput,
  type SessionView,
} from './sessions.schema.ts';

// Regional explanation sessions (설명회): an official creates a session
// (title, place, start, end, capacity); residents register after confirming
// their contact with a one-time code, as for a booking, for a party of 1 to
// MAX_PARTY_SIZE seats, until the seats run out; they cancel through their
// personal link until the session begins; officials read the registration
// list (JSON, or CSV through platform/csv.ts, audited since it holds
// contacts). The capacity is the database's (sessions.repository.ts
// takeSeats); every confirmation is a message through the delivery engine,
// enqueued in the transaction of the registration.

type StaffActor = Extract<Actor, { kind: 'staff' }>;

/** The resident's page of a registration (served by the pages; its JSON is GET /r/api/consultations/sessions/registrations/:token). */
export const REGISTRATION_PAGE_PATH = '/r/consultations/sessions/r';

/** The keyed hash a registration's personal-link token is found by. */
export const registrationTokenHash = (deps: Pick<ConsultationDeps, 'cipher'>, token: string) => deps.cipher.lookupHash('consultation_session_link', token);
const tokenHash = registrationTokenHash;
export const registrationLink = (deps: Pick<ConsultationDeps, 'publicUrl'>, token: string) => `${deps.publicUrl}${REGISTRATION_PAGE_PATH}/${token}`;

const pgError = (error: unknown) => (typeof error === 'object' && error !== null ? (error as { code?: string; constraint?: string }) : {});

export function viewOfSession(s: SessionRow, now: Date): SessionView {
  const left = s.capacity - s.seatsTaken;
  return {
    id: s.id,
    districtCode: s.districtCode,
    title: s.title,
    place: s.place,
    start: s.startsAt.toISOString(),
    end: s.endsAt.toISOString(),
    day: seoulDay(s.startsAt),
    time: `${minuteLabel(seoulMinuteOfDay(s.startsAt))}–${minuteLabel(seoulMinuteOfDay(s.endsAt))}`,
    capacity: s.capacity,
    seatsTaken: s.seatsTaken,
    seatsLeft: left,
    state: s.state,
    open: s.state === 'open' && s.startsAt > now && left > 0,
  };
}

/** An official creates a session of their district; refused (400 session_invalid, nothing made) when it ends before it starts or starts in the past. */
export async function createSession(deps: ConsultationDeps, input: SessionInput, actor: StaffActor): Promise<SessionView> {
  const s = sessionInput.parse(input);
  const now = deps.clock();
  const startsAt = new Date(s.start);
  const endsAt = new Date(s.end);
  const problems: string[] = [];
  if (startsAt <= now) problems.push('the start has passed');
  if (endsAt <= startsAt) problems.push('the end is not after the start');
  if (endsAt.getTime() - startsAt.getTime() > 24 * 3_600_000) problems.push('a session lasts at most 24 hours');
  if (problems.length) throw consultationError(400, 'session_invalid', { detail: problems.join('; ') });
  return deps.db.transaction(async (tx) => {
    await requireSettings(tx, actor.districtCode);
    const row = await insertSession(tx, {
      districtCode: actor.districtCode, title: { ko: s.titleKo, en: s.titleEn },
      place: { name: { ko: s.placeNameKo, en: s.placeNameEn }, address: { ko: s.addressKo, en: s.addressEn } },
      startsAt, endsAt, capacity: s.capacity, createdBy: actor.staffId,
    });
    await recordAudit(tx, {
      districtCode: actor.districtCode, actor: { type: 'staff', id: String(actor.staffId) }, action: 'consultation.session_created',
      entityType: 'consultation_session', entityId: String(row.id), reason: 'session created', source: 'official',
      details: { start: row.startsAt.toISOString(), capacity: row.capacity },
    });
    return viewOfSession(row, now);
  });
}

/** Sessions of a district between two Seoul days (inclusive; at most 366 days); residents see the open ones. */
export async function listSessions(deps: ConsultationDeps, args: { districtCode: string; from?: string; to?: string; openOnly?: boolean }): Promise<SessionView[]> {
  const now = deps.clock();
  await requireSettings(deps.db, args.districtCode);
  const from = args.from ?? seoulDay(now);
  const to = args.to ?? addDays(from, 90);
  if (!(from <= to) || addDays(from, 366) < to) throw consultationError(400, 'range_invalid', { days: 366 });
  const rows = await listSessionRows(deps.db, args.districtCode, new Date(`${from}T00:00:00+09:00`), new Date(`${addDays(to, 1)}T00:00:00+09:00`), { openOnly: args.openOnly });
  return rows.map((r) => viewOfSession(r, now));
}

export async function getSession(deps: ConsultationDeps, districtCode: string, id: number): Promise<SessionView> {
  const row = await sessionById(deps.db, districtCode, id);
  if (!row) throw consultationError(404, 'session_not_found');
  return viewOfSession(row, deps.clock());
}

export interface RegistrationResult {
  registration: RegistrationView;
  /** The personal link's token, shown once (and in the confirmation message). */
  token: string;
  link: string;
  messageId: number;
}

function registrationViewOf(deps: ConsultationDeps, r: RegistrationRow, session: SessionRow, now: Date): RegistrationView {
  const contact: Contact = { field: r.contactField, value: deps.cipher.decrypt(r.contactEnc) };
  return {
    reference: r.reference,
    session: viewOfSession(session, now),
    name: deps.cipher.decrypt(r.nameEnc),
    contact: { field: contact.field, masked: maskContact(contact) },
    partySize: r.partySize,
    state: r.state,
    registeredAt: r.registeredAt.toISOString(),
    cancellable: r.state === 'registered' && session.startsAt > now,
  };
}

async function tell(tx: Queryable, deps: ConsultationDeps, r: RegistrationRow, session: SessionRow, topic: 'session_registered' | 'session_cancelled', token: string): Promise<number> {
  const contact: Contact = { field: r.contactField, value: deps.cipher.decrypt(r.contactEnc) };
  const [id] = await enqueueMessages(tx, deps.cipher, [{
    districtCode: r.districtCode,
    kind: 'guidance',
    topic,
    plan: channelPlan(contact),
    recipient: recipientOf(contact),
    variables: {
      title: session.title.ko, seats: String(r.partySize), reference: r.reference, when: whenText(session.startsAt),
      place: placeText(session.place), link: registrationLink(deps, token),
    },
  }]);
  return id!;
}

/**
 * A resident registers for a session (after the code of `verificationId`
 * confirmed the contact). In one transaction: the code is spent, the seats
 * taken by the conditional UPDATE (409 session_full when fewer are left,
 * 409 session_closed when it began or was cancelled), the registration
 * inserted (409 already_registered for a contact registered already) and
 * the confirmation enqueued. Any refusal changes nothing.
 */
export async function register(deps: ConsultationDeps, args: { districtCode: string; sessionId: number; input: RegistrationInput }): Promise<RegistrationResult> {
  const r = registrationInput.parse(args.input);
  const contact = normaliseContact(r.contact);
  const now = deps.clock();
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.db.transaction(async (tx) => {
        await spendVerification(tx, deps, { districtCode: args.districtCode, verificationId: r.verificationId, contact });
        const session = await takeSeats(tx, { districtCode: args.districtCode, sessionId: args.sessionId, seats: r.partySize, now });
        if (!session) {
          const current = await sessionById(tx, args.districtCode, args.sessionId);
          if (!current) throw consultationError(404, 'session_not_found');
          if (current.state !== 'open' || current.startsAt <= now) throw consultationError(409, 'session_closed');
          throw consultationError(409, 'session_full', { left: current.capacity - current.seatsTaken });
        }
        const token = newLinkToken();
        const row = await insertRegistration(tx, {
          sessionId: session.id, districtCode: args.districtCode, reference: newReference(), partySize: r.partySize,
          nameEnc: deps.cipher.encrypt(r.name), contactField: contact.field, contactEnc: deps.cipher.encrypt(contact.value),
          contactHash: contactHash(deps.cipher, contact), linkTokenHash: tokenHash(deps, token), linkTokenEnc: deps.cipher.encrypt(token), now,
        });
        const messageId = await tell(tx, deps, row, session, 'session_registered', token);
        return { registration: registrationViewOf(deps, row, session, now), token, link: registrationLink(deps, token), messageId };
      });
    } catch (error) {
      const { code, constraint } = pgError(error);
      if (code === '23505' && constraint === 'consultation_session_registrations_once') throw consultationError(409, 'already_registered');
      if (code === '23505' && (constraint ?? '').includes('reference') && attempt < 3) continue;
      throw error;
    }
  }
}

async function registrationOfToken(q: Queryable, deps: ConsultationDeps, token: string): Promise<{ row: RegistrationRow; session: SessionRow }> {
  const row = await registrationByTokenHash(q, tokenHash(deps, token));
  const session = row && (await sessionById(q, row.districtCode, row.sessionId));
  if (!row || !session) throw consultationError(404, 'registration_not_found');
  return { row, session };
}

/** A registration as its resident sees it through the personal link. */
export async function getRegistration(deps: ConsultationDeps, token: string): Promise<RegistrationView> {
  const { row, session } = await registrationOfToken(deps.db, deps, token);
  return registrationViewOf(deps, row, session, deps.clock());
}

/** The resident cancels through the personal link until the session begins: the seats go back, and they are told. */
export async function cancelRegistration(deps: ConsultationDeps, token: string): Promise<RegistrationView> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const { row, session } = await registrationOfToken(tx, deps, token);
    if (row.state !== 'registered' || session.startsAt <= now) throw consultationError(409, 'registration_not_active');
    const cancelled = await cancelRegistrationRow(tx, { id: row.id, by: 'resident', now });
    if (!cancelled) throw consultationError(409, 'registration_not_active');
    await releaseSeats(tx, { sessionId: session.id, seats: row.partySize });
    await tell(tx, deps, cancelled, session, 'session_cancelled', token);
    const after = (await sessionById(tx, row.districtCode, session.id))!;
    return registrationViewOf(deps, cancelled, after, now);
  });
}

/** The registration list of a session of the official's district (contacts masked). */
export async function registrationList(deps: ConsultationDeps, districtCode: string, sessionId: number): Promise<RegistrationListView> {
  const session = await sessionById(deps.db, districtCode, sessionId);
  if (!session) throw consultationError(404, 'session_not_found');
  const rows = await registrationsOf(deps.db, session.id);
  return {
    session: viewOfSession(session, deps.clock()),
    registrations: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      name: deps.cipher.decrypt(r.nameEnc),
      contact: { field: r.contactField, masked: maskContact({ field: r.contactField, value: deps.cipher.decrypt(r.contactEnc) }) },
      partySize: r.partySize,
      state: r.state,
      registeredAt: r.registeredAt.toISOString(),
      cancelledAt: r.cancelledAt?.toISOString() ?? null,
    })),
  };
}

export const REGISTRATION_CSV_COLUMNS = ['reference', 'name', 'contact_kind', 'contact', 'party_size', 'state', 'registered_at_seoul', 'cancelled_at_seoul'] as const;

/**
 * The registration list as CSV (platform/csv.ts), for the official who runs
 * the session: full contacts (to call residents if the session moves), so
 * every export is recorded in the audit log.
 */
export async function registrationCsv(deps: ConsultationDeps, sessionId: number, actor: StaffActor): Promise<{ filename: string; body: string }> {
  return deps.db.transaction(async (tx) => {
    const session = await sessionById(tx, actor.districtCode, sessionId);
    if (!session) throw consultationError(404, 'session_not_found');
    const rows = await registrationsOf(tx, session.id);
    let body = csvHeaderLine(REGISTRATION_CSV_COLUMNS);
    for (const r of rows) {
      body += csvLine([
        r.reference, deps.cipher.decrypt(r.nameEnc), r.contactField, deps.cipher.decrypt(r.contactEnc), r.partySize, r.state,
        seoulDateTime(r.registeredAt), r.cancelledAt ? seoulDateTime(r.cancelledAt) : '',
      ]);
    }
    await recordAudit(tx, {
      districtCode: actor.districtCode, actor: { type: 'staff', id: String(actor.staffId) }, action: 'consultation.session_registrations_exported',
      entityType: 'consultation_session', entityId: String(session.id), reason: 'registration list exported', source: 'official',
      details: { rows: rows.length },
    });
    return { filename: `session-${session.id}-registrations.csv`, body };
  });
}
