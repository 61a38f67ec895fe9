import type { Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { addDays, publicHoliday, seoulDay, seoulMinuteOfDay, weekdayOf } from '../../platform/time/seoul.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { bilingualError, consultationError, consultationMessages } from '../consultations.messages.ts';
import { activeBlocks, listExperts, listFields, loadBookingContext, lockExperts, type Expert, type Field, type Place, type ScheduleSettings } from '../schedule/schedule.repository.ts';
import { requireSettings } from '../schedule/schedule.service.ts';
import { blockTest, bookableDays, checkSlot, freeSlots, minuteLabel, slotMode, takenKey, windowsLabel, type FreeSlot, type SlotProblem } from '../schedule/slot-grid.ts';
import {
  bookingById,
  bookingByReference,
  bookingByTokenHash,
  confirmHeld,
  endBooking,
  eventsOf,
  insertBooking,
  insertEvent,
  listBookingRows,
  lockResidentField,
  markRebooked,
  remindersOf,
  scheduleReminders,
  setNote,
  setOutcome,
  setResidencyCheck,
  slotTaken,
  takenSlots,
  updateSlot,
  upcomingInField,
  waitlistOfBooking,
  withdrawReminders,
  updateWaitlist,
  type BookingRow,
  type BookingState,
  type EventRow,
} from './booking.repository.ts';
import { dayInWords, linkTokenHash, messageResident, newLinkToken, newReference, personalLink, unseal, whenText, whenTextBoth } from './booking.notify.ts';
import type { z } from 'zod';
import { bookInput, moveInput, slotChoice, type BookInput, type BookingView, type MoveInput } from './booking.schema.ts';
import { contactHash, maskContact, normaliseContact } from './contact.ts';
import { buildIcs } from './ics.ts';
import { spendVerification } from './resident-codes.ts';
import { offerFreedSlot } from './waitlist.service.ts';

// The booking engine: one code path for the web and the phone. A resident
// acts after confirming their contact with a one-time code (booking) or
// through their personal link (changes); an official acts for a caller, under
// the same rules, and may book inside the minimum notice with a reason
// (audited). Every confirmation, change and reminder is a message through the
// delivery engine, enqueued in the transaction of the change itself, so a
// booking never exists without its message.
//
// Guarantees and where they live:
//   - one active booking per expert and slot: the database's partial unique
//     index (a losing insert or move is answered 409 slot_taken);
//   - state changes: one conditional UPDATE each (booking.repository.ts);
//     a change that finds the booking changed underneath is 409 booking_changed;
//   - one upcoming booking per resident and field: checked and inserted
//     under a transaction-scoped advisory lock on the resident's contact
//     hash and the field (an index cannot say "upcoming": it moves with the
//     clock); see lockResidentField;
//   - a block and the bookings it covers: a booking takes a share lock on its
//     expert's row, a block an update lock on the district's experts, so no
//     booking slips past a block being made.

export type Actor =
  | { kind: 'resident' }
  | { kind: 'staff'; staffId: number; role: Role; districtCode: string };

/** Which booking: the resident's personal link, or an id in the official's district. */
export type BookingTarget = { by: 'token'; token: string } | { by: 'id'; districtCode: string; id: number };

const pgError = (error: unknown) => (typeof error === 'object' && error !== null ? (error as { code?: string; constraint?: string }) : {});
const isSlotConflict = (error: unknown) => pgError(error).code === '23505' && pgError(error).constraint === 'consultation_bookings_one_per_slot';
const isReferenceConflict = (error: unknown) => pgError(error).code === '23505' && (pgError(error).constraint ?? '').includes('reference');

const weekdayName = (weekday: number): Bilingual => consultationMessages.both(`weekday_${weekday}` as 'weekday_0');

/** The AppError (422) for a slot the rules refuse, in words that say what to do. */
export function slotError(problem: SlotProblem, settings: ScheduleSettings, day: string): Error {
  switch (problem.code) {
    case 'slot_unaligned':
      return consultationError(422, 'slot_unaligned', { minutes: settings.slotMinutes });
    case 'slot_outside_windows':
      return consultationError(422, 'slot_outside_windows', { windows: windowsLabel(settings.windows) });
    case 'slot_on_holiday':
      return bilingualError(422, 'slot_on_holiday', { day: dayInWords(day), holiday: problem.holiday });
    case 'expert_not_serving':
      return bilingualError(422, 'expert_not_serving', { weekday: weekdayName(problem.weekday) });
    case 'slot_too_soon':
      return bilingualError(422, 'slot_too_soon', { days: settings.minNoticeDays, first: dayInWords(problem.firstDay) });
    case 'slot_beyond_horizon':
      return bilingualError(422, 'slot_beyond_horizon', { days: settings.horizonDays, last: dayInWords(problem.lastDay) });
    default:
      return consultationError(422, problem.code);
  }
}

interface Context {
  settings: ScheduleSettings;
  field: Field;
  expert: Expert;
}

/** The field (active) and expert (active, covering the field) of a booking or a move; 404/422 otherwise. */
async function loadContext(q: Queryable, districtCode: string, fieldCode: string, expertId: number): Promise<Context> {
  const { settings, field, expert } = await loadBookingContext(q, districtCode, fieldCode, expertId);
  if (!settings) throw consultationError(404, 'consultations_not_offered');
  if (!field) throw consultationError(404, 'field_not_found');
  if (!expert || !expert.active) throw consultationError(404, 'expert_not_found');
  if (!expert.fields.includes(field.code)) throw bilingualError(422, 'field_not_covered', { field: field.name });
  return { settings, field, expert };
}

/** Checks a slot against the grid, the rules and the blocks (after the expert's share lock, so a block in flight is seen). */
async function validateSlot(q: Queryable, ctx: Context, start: Date, now: Date, ignoreMinimumNotice: boolean): Promise<Date> {
  const day = seoulDay(start);
  const blocks = await activeBlocks(q, ctx.settings.districtCode, day, day);
  const problem = checkSlot(start, {
    now,
    rules: ctx.settings,
    expertWeekdays: new Set(ctx.expert.weekdays),
    expertId: ctx.expert.id,
    isBlocked: blockTest(blocks, ctx.expert.id),
    ignoreMinimumNotice,
  });
  if (problem) throw slotError(problem, slotMode(ctx.settings, ctx.expert.id, start) === 'in_person' ? { ...ctx.settings, windows: [...ctx.settings.inPerson!.windows] } : ctx.settings, day);
  // The slot's end: Seoul days are 24 hours long (the grid checks it, see instantsOfDay), so a slot never spans an offset change.
  return new Date(start.getTime() + ctx.settings.slotMinutes * 60_000);
}

function overrideAllowed(actor: Actor, override: { reason: string } | undefined): boolean {
  if (!override) return false;
  if (actor.kind !== 'staff') throw consultationError(403, 'override_reason_required');
  if (!override.reason.trim()) throw consultationError(400, 'override_reason_required');
  return true;
}

async function fieldName(q: Queryable, districtCode: string, code: string): Promise<Bilingual> {
  return (await listFields(q, districtCode)).find((f) => f.code === code)?.name ?? { ko: code, en: code };
}

// --------------------------------------------------------------------- views

export function changeableUntil(row: BookingRow, settings: Pick<ScheduleSettings, 'changeCutoffHours'>): Date {
  return new Date(row.slotStart.getTime() - settings.changeCutoffHours * 3_600_000);
}

async function viewOf(q: Queryable, deps: ConsultationDeps, row: BookingRow, cache?: { fields: Field[]; experts: Expert[]; settings: ScheduleSettings }): Promise<BookingView> {
  const fields = cache?.fields ?? (await listFields(q, row.districtCode));
  const experts = cache?.experts ?? (await listExperts(q, row.districtCode));
  const settings = cache?.settings ?? (await requireSettings(q, row.districtCode));
  const sealed = unseal(deps, row);
  const until = changeableUntil(row, settings);
  const open = (row.state === 'booked' || row.state === 'moved') && deps.clock() <= until;
  const rebookedAs = row.rebookedAs === null ? null : ((await bookingById(q, row.districtCode, row.rebookedAs))?.reference ?? null);
  const day = seoulDay(row.slotStart);
  return {
    id: row.id,
    reference: row.reference,
    districtCode: row.districtCode,
    field: { code: row.fieldCode, name: fields.find((f) => f.code === row.fieldCode)?.name ?? { ko: row.fieldCode, en: row.fieldCode } },
    expert: { id: row.expertId, name: experts.find((e) => e.id === row.expertId)?.name ?? '' },
    start: row.slotStart.toISOString(),
    end: row.slotEnd.toISOString(),
    day,
    time: minuteLabel(seoulMinuteOfDay(row.slotStart)),
    mode: row.mode,
    place: placeOf(row, settings),
    state: row.state,
    channel: row.channel,
    cancelReason: row.cancelReason,
    name: sealed.name,
    contact: { field: row.contactField, masked: maskContact(sealed.contact), verified: row.contactVerified },
    questionnaire: sealed.questionnaire,
    residencyCheck: row.residencyCheck,
    holdExpiresAt: row.holdExpiresAt?.toISOString() ?? null,
    changeableUntil: open ? until.toISOString() : null,
    rebookedAs,
    extendedMinutes: row.extendedMinutes,
    switchedToPhoneAt: row.switchedToPhoneAt?.toISOString() ?? null,
    version: row.version,
  };
}

/** The place of an in-person booking (the district's in-person day's), null for a video one. */
export function placeOf(row: Pick<BookingRow, 'mode'>, settings: Pick<ScheduleSettings, 'inPerson'>): Place | null {
  return row.mode === 'in_person' && settings.inPerson ? settings.inPerson.place : null;
}

async function rowOf(q: Queryable, deps: ConsultationDeps, target: BookingTarget): Promise<BookingRow> {
  const row = target.by === 'token' ? await bookingByTokenHash(q, linkTokenHash(deps, target.token)) : await bookingById(q, target.districtCode, target.id);
  if (!row) throw consultationError(404, 'booking_not_found');
  return row;
}

/** A booking as its resident (personal link) or an official of its district sees it. */
export async function getBooking(deps: ConsultationDeps, target: BookingTarget): Promise<BookingView> {
  return viewOf(deps.db, deps, await rowOf(deps.db, deps, target));
}

export async function getBookingByReference(deps: ConsultationDeps, districtCode: string, reference: string): Promise<BookingView> {
  const row = await bookingByReference(deps.db, districtCode, reference.trim().toUpperCase());
  if (!row) throw consultationError(404, 'booking_not_found');
  return viewOf(deps.db, deps, row);
}

export async function bookingHistory(deps: ConsultationDeps, districtCode: string, id: number): Promise<{ events: EventRow[]; reminders: Awaited<ReturnType<typeof remindersOf>> }> {
  const row = await rowOf(deps.db, deps, { by: 'id', districtCode, id });
  return { events: await eventsOf(deps.db, row.id), reminders: await remindersOf(deps.db, row.id) };
}

/** Bookings of a district between two days (inclusive), for officials; filters optional. */
export async function listBookings(
  deps: ConsultationDeps,
  f: { districtCode: string; from: string; to: string; expertId?: number; fieldCode?: string; states?: BookingState[] },
): Promise<BookingView[]> {
  if (!(f.from <= f.to) || addDays(f.from, 93) < f.to) throw consultationError(400, 'range_invalid', { days: 93 });
  const settings = await requireSettings(deps.db, f.districtCode);
  const rows = await listBookingRows(deps.db, {
    districtCode: f.districtCode, from: new Date(`${f.from}T00:00:00+09:00`), to: new Date(`${addDays(f.to, 1)}T00:00:00+09:00`),
    expertId: f.expertId, fieldCode: f.fieldCode, states: f.states,
  });
  const cache = { settings, fields: await listFields(deps.db, f.districtCode), experts: await listExperts(deps.db, f.districtCode) };
  return Promise.all(rows.map((r) => viewOf(deps.db, deps, r, cache)));
}

/** An expert's own day: their bookings with the questionnaire answers and their private note. */
export async function expertAgenda(deps: ConsultationDeps, args: { districtCode: string; staffId: number; day: string }): Promise<(BookingView & { note: string | null })[]> {
  const expert = (await listExperts(deps.db, args.districtCode)).find((e) => e.staffId === args.staffId);
  if (!expert) throw consultationError(404, 'expert_not_found');
  const settings = await requireSettings(deps.db, args.districtCode);
  const rows = await listBookingRows(deps.db, {
    districtCode: args.districtCode, from: new Date(`${args.day}T00:00:00+09:00`), to: new Date(`${addDays(args.day, 1)}T00:00:00+09:00`),
    expertId: expert.id, states: ['booked', 'moved', 'attended', 'no_show'],
  });
  const cache = { settings, fields: await listFields(deps.db, args.districtCode), experts: [expert] };
  return Promise.all(rows.map(async (r) => ({ ...(await viewOf(deps.db, deps, r, cache)), note: deps.cipher.decryptNullable(r.expertNoteEnc) })));
}

/** The booking's .ics (RFC 5545): its UID stays across moves, its SEQUENCE grows with each change. */
export async function bookingIcs(deps: ConsultationDeps, target: BookingTarget): Promise<{ filename: string; body: string }> {
  const row = await rowOf(deps.db, deps, target);
  const view = await viewOf(deps.db, deps, row);
  const district = await findDistrict(deps.db, row.districtCode);
  const sealed = unseal(deps, row);
  const link = personalLink(deps, sealed.token);
  const settings = await requireSettings(deps.db, row.districtCode);
  const summary = `${consultationMessages.t('ko', 'ics_summary', { field: view.field.name.ko })} (${district?.name.ko ?? row.districtCode})`;
  const body = buildIcs({
    uid: `${row.reference}@taxstation.${row.districtCode}`,
    sequence: row.version - 1,
    start: row.slotStart,
    end: row.slotEnd,
    stamp: deps.clock(),
    summary,
    description: `${consultationMessages.t('ko', 'ics_description', { reference: row.reference, expert: view.expert.name, link })}\n${consultationMessages.t('en', 'ics_description', { reference: row.reference, expert: view.expert.name, link })}`,
    location: placeOf(row, settings) ? `${placeOf(row, settings)!.name.ko}, ${placeOf(row, settings)!.address.ko}` : consultationMessages.t('ko', 'ics_location'),
    url: link,
    cancelled: !['booked', 'moved', 'attended', 'no_show'].includes(row.state),
    alarmsMinutesBefore: settings.reminderOffsetsMinutes.filter((m) => m <= 24 * 60),
  });
  return { filename: `consultation-${row.reference}.ics`, body };
}

// ---------------------------------------------------------------------- slots

export interface SlotsResult {
  field: Field;
  from: string;
  to: string;
  firstBookableDay: string;
  lastBookableDay: string;
  days: { day: string; weekday: number; holiday: string | null; slots: (FreeSlot & { expertName: string })[] }[];
  /** The in-person day's place, for slots of mode in_person (null without one). */
  inPersonPlace: Place | null;
}

/** How many days one call may ask for. */
export const MAX_SLOT_DAYS = 62;

/**
 * The free slots of a field by day (one expert or every expert covering it):
 * grid, notice (officials may ask to see inside it), horizon, holidays,
 * weekdays, blocks, and taken slots.
 */
export async function listFreeSlots(
  deps: ConsultationDeps,
  args: { districtCode: string; fieldCode: string; from?: string; to?: string; expertId?: number; ignoreMinimumNotice?: boolean },
): Promise<SlotsResult> {
  const now = deps.clock();
  const settings = await requireSettings(deps.db, args.districtCode);
  const field = (await listFields(deps.db, args.districtCode, { activeOnly: true })).find((f) => f.code === args.fieldCode);
  if (!field) throw consultationError(404, 'field_not_found');
  let experts = (await listExperts(deps.db, args.districtCode, { activeOnly: true })).filter((e) => e.fields.includes(field.code));
  if (args.expertId !== undefined) {
    experts = experts.filter((e) => e.id === args.expertId);
    if (experts.length === 0) throw consultationError(404, 'expert_not_found');
  }
  const { first, last } = bookableDays(now, settings);
  const from = args.from ?? (args.ignoreMinimumNotice ? seoulDay(now) : first);
  const to = args.to ?? addDays(from, 13);
  if (!(from <= to) || addDays(from, MAX_SLOT_DAYS) < to) throw consultationError(400, 'range_invalid', { days: MAX_SLOT_DAYS });
  const ids = experts.map((e) => e.id);
  const taken = ids.length
    ? await takenSlots(deps.db, args.districtCode, ids, new Date(`${from}T00:00:00+09:00`), new Date(`${addDays(to, 1)}T00:00:00+09:00`))
    : [];
  const blocks = await activeBlocks(deps.db, args.districtCode, from, to);
  const slots = freeSlots({
    from, to, now, rules: settings, blocks,
    experts: experts.map((e) => ({ id: e.id, weekdays: new Set(e.weekdays) })),
    taken: new Set(taken.map((t) => takenKey(t.expertId, t.start))),
    ignoreMinimumNotice: args.ignoreMinimumNotice,
  });
  const names = new Map(experts.map((e) => [e.id, e.name]));
  const byDay = new Map<string, SlotsResult['days'][number]>();
  for (const s of slots) {
    let d = byDay.get(s.day);
    if (!d) byDay.set(s.day, (d = { day: s.day, weekday: weekdayOf(s.day), holiday: publicHoliday(s.day), slots: [] }));
    d.slots.push({ ...s, expertName: names.get(s.expertId) ?? '' });
  }
  return { field, from, to, firstBookableDay: first, lastBookableDay: last, days: [...byDay.values()], inPersonPlace: settings.inPerson?.place ?? null };
}

// ----------------------------------------------------------------------- book

export interface BookingResult {
  booking: BookingView;
  /** The personal link's token: shown once to the resident (and in their messages). */
  token: string;
  link: string;
  /** The message that tells the resident (null when nothing changed, e.g. a move to the same slot). */
  messageId: number | null;
}

async function withReferenceRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (isSlotConflict(error)) throw consultationError(409, 'slot_taken');
      if (isReferenceConflict(error) && attempt < 3) continue;
      throw error;
    }
  }
}

/** The resident's rule: no other upcoming consultation in the field (under the lock; see lockResidentField). */
async function assertNoUpcoming(tx: Queryable, args: { districtCode: string; field: Field; hash: Buffer; now: Date; exceptId?: number }): Promise<void> {
  await lockResidentField(tx, args.districtCode, args.field.code, args.hash);
  const existing = await upcomingInField(tx, args.districtCode, args.field.code, args.hash, args.now, args.exceptId);
  if (existing) {
    throw bilingualError(409, 'already_booked_in_field', { field: args.field.name, when: whenTextBoth(existing.slotStart), reference: existing.reference });
  }
}

async function auditStaff(tx: Queryable, actor: Actor, row: BookingRow, action: string, reason: string, details: Record<string, unknown> = {}): Promise<void> {
  if (actor.kind !== 'staff') return;
  await recordAudit(tx, {
    districtCode: row.districtCode,
    actor: { type: 'staff', id: String(actor.staffId) },
    action,
    entityType: 'consultation_booking',
    entityId: row.reference,
    reason,
    source: 'official',
    details: { field: row.fieldCode, slot: row.slotStart.toISOString(), expertId: row.expertId, ...details },
  });
}

/**
 * Books a slot for a resident: on the web (actor resident, after the code of
 * `verificationId` confirmed the contact) or by phone (actor staff: the code
 * is optional, and `overrideNotice` books inside the minimum notice, with its
 * reason audited). Refusals (nothing changes): 404 field/expert, 422 for the
 * slot and the rules, 400 contact_invalid / contact_not_verified, 409
 * slot_taken / already_booked_in_field.
 */
export async function book(deps: ConsultationDeps, input: BookInput, actor: Actor): Promise<BookingResult> {
  const b = bookInput.parse(input);
  if (actor.kind === 'staff' && actor.districtCode !== b.districtCode) throw consultationError(404, 'booking_not_found');
  const override = overrideAllowed(actor, b.overrideNotice);
  const contact = normaliseContact(b.contact);
  if (actor.kind === 'resident' && !b.verificationId) throw consultationError(400, 'contact_not_verified');
  const now = deps.clock();
  const start = new Date(b.slotStart);
  return withReferenceRetry(() =>
    deps.db.transaction(async (tx) => {
      const ctx = await loadContext(tx, b.districtCode, b.fieldCode, b.expertId);
      // Most who lose a race lose here, cheaply; the unique index decides the rest.
      if (await slotTaken(tx, ctx.expert.id, start)) throw consultationError(409, 'slot_taken');
      await lockExperts(tx, b.districtCode, [ctx.expert.id], 'share');
      const end = await validateSlot(tx, ctx, start, now, override);
      if (b.verificationId) await spendVerification(tx, deps, { districtCode: b.districtCode, verificationId: b.verificationId, contact });
      const hash = contactHash(deps.cipher, contact);
      await assertNoUpcoming(tx, { districtCode: b.districtCode, field: ctx.field, hash, now });
      const token = newLinkToken();
      const row = await insertBooking(tx, {
        districtCode: b.districtCode, reference: newReference(), fieldCode: ctx.field.code, expertId: ctx.expert.id, slotStart: start, slotEnd: end,
        state: 'booked', channel: actor.kind === 'staff' ? 'phone' : 'web',
        contactField: contact.field, contactEnc: deps.cipher.encrypt(contact.value), contactHash: hash, contactVerified: !!b.verificationId,
        nameEnc: deps.cipher.encrypt(b.name), questionnaireEnc: deps.cipher.encrypt(JSON.stringify(b.questionnaire)),
        linkTokenHash: linkTokenHash(deps, token), linkTokenEnc: deps.cipher.encrypt(token), holdExpiresAt: null,
        bookedBy: actor.kind === 'staff' ? actor.staffId : null, mode: slotMode(ctx.settings, ctx.expert.id, start),
      });
      await scheduleReminders(tx, { bookingId: row.id, slotStart: row.slotStart, offsetsMinutes: ctx.settings.reminderOffsetsMinutes, now });
      const messageId = await messageResident(tx, deps, row, 'consultation_booked', ctx.field.name);
      await insertEvent(tx, {
        bookingId: row.id, at: now, event: 'booked', actor: actor.kind === 'staff' ? { type: 'staff', id: actor.staffId } : { type: 'resident' },
        detail: { messageId, ...(override ? { noticeOverride: b.overrideNotice!.reason } : {}) },
      });
      await auditStaff(tx, actor, row, 'consultation.booked_by_phone', 'booked for a caller by phone', { contact: maskContact(contact) });
      if (override) await auditStaff(tx, actor, row, 'consultation.notice_overridden', b.overrideNotice!.reason, { minNoticeDays: ctx.settings.minNoticeDays });
      const booking = await viewOf(tx, deps, row, { settings: ctx.settings, fields: [ctx.field], experts: [ctx.expert] });
      return { booking, token, link: personalLink(deps, token), messageId };
    }),
  );
}

// ----------------------------------------------------------------- changes

/** The resident's window for changes; officials may change any time. */
function assertChangeable(row: BookingRow, actor: Actor, settings: ScheduleSettings, now: Date, phone: string): void {
  if (row.state !== 'booked' && row.state !== 'moved') throw consultationError(409, 'booking_not_active');
  if (actor.kind === 'resident' && now > changeableUntil(row, settings)) {
    throw consultationError(409, 'change_closed', { hours: settings.changeCutoffHours, phone });
  }
}

async function officePhone(q: Queryable, districtCode: string): Promise<string> {
  return (await findDistrict(q, districtCode))?.officePhone ?? consultationMessages.t('ko', 'district_office');
}

function targetOf(target: BookingTarget, actor: Actor): BookingTarget {
  if (actor.kind === 'staff' && (target.by !== 'id' || target.districtCode !== actor.districtCode)) throw consultationError(404, 'booking_not_found');
  if (actor.kind === 'resident' && target.by !== 'token') throw consultationError(404, 'booking_not_found');
  return target;
}

/**
 * Moves a booking to another slot (and possibly another expert covering the
 * field), under the same rules as booking it; the resident until the change
 * cutoff, officials any time (the notice overridable as in book). One
 * conditional UPDATE: 409 booking_changed when the booking changed since it
 * was read (or since `version`), 409 slot_taken when the new slot is taken.
 * Reminders of the old slot are withdrawn, new ones scheduled; the freed slot
 * is offered to the waiting list.
 */
export async function move(deps: ConsultationDeps, target: BookingTarget, input: MoveInput, actor: Actor): Promise<BookingResult> {
  const m = moveInput.parse(input);
  const override = overrideAllowed(actor, m.overrideNotice);
  const now = deps.clock();
  const start = new Date(m.slotStart);
  return withReferenceRetry(() =>
    deps.db.transaction(async (tx) => {
      const row = await rowOf(tx, deps, targetOf(target, actor));
      const ctx = await loadContext(tx, row.districtCode, row.fieldCode, m.expertId);
      assertChangeable(row, actor, ctx.settings, now, await officePhone(tx, row.districtCode));
      if (m.version !== undefined && m.version !== row.version) throw consultationError(409, 'booking_changed');
      await lockExperts(tx, row.districtCode, [...new Set([row.expertId, ctx.expert.id])].sort((a, b) => a - b), 'share');
      const end = await validateSlot(tx, ctx, start, now, override);
      const token = unseal(deps, row).token;
      if (row.expertId === ctx.expert.id && row.slotStart.getTime() === start.getTime()) {
        return { booking: await viewOf(tx, deps, row), token, link: personalLink(deps, token), messageId: null };
      }
      const moved = await updateSlot(tx, { id: row.id, version: row.version, expertId: ctx.expert.id, slotStart: start, slotEnd: end, now, mode: slotMode(ctx.settings, ctx.expert.id, start) });
      if (!moved) throw consultationError(409, 'booking_changed');
      await withdrawReminders(tx, row.id);
      await scheduleReminders(tx, { bookingId: row.id, slotStart: start, offsetsMinutes: ctx.settings.reminderOffsetsMinutes, now });
      const messageId = await messageResident(tx, deps, moved, 'consultation_moved', ctx.field.name);
      await insertEvent(tx, {
        bookingId: row.id, at: now, event: 'moved', actor: actor.kind === 'staff' ? { type: 'staff', id: actor.staffId } : { type: 'resident' },
        detail: { from: { expertId: row.expertId, start: row.slotStart.toISOString() }, to: { expertId: ctx.expert.id, start: start.toISOString() }, messageId, ...(override ? { noticeOverride: m.overrideNotice!.reason } : {}) },
      });
      await auditStaff(tx, actor, moved, 'consultation.moved', 'moved for a caller', { from: row.slotStart.toISOString() });
      if (override) await auditStaff(tx, actor, moved, 'consultation.notice_overridden', m.overrideNotice!.reason, { minNoticeDays: ctx.settings.minNoticeDays });
      await offerFreedSlot(tx, deps, { districtCode: row.districtCode, expertId: row.expertId, slotStart: row.slotStart, slotEnd: row.slotEnd, now });
      return { booking: await viewOf(tx, deps, moved, { settings: ctx.settings, fields: [ctx.field], experts: await listExperts(tx, row.districtCode) }), token, link: personalLink(deps, token), messageId };
    }),
  );
}

/**
 * Cancels a booking (the resident until the change cutoff, officials any
 * time, with a reason for the audit log); a hold is declined the same way.
 * Reminders not sent are withdrawn, the resident is told, and the freed slot
 * is offered to the waiting list.
 */
export async function cancel(deps: ConsultationDeps, target: BookingTarget, actor: Actor, options: { version?: number; reason?: string } = {}): Promise<BookingView> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const row = await rowOf(tx, deps, targetOf(target, actor));
    if (options.version !== undefined && options.version !== row.version) throw consultationError(409, 'booking_changed');
    const settings = await requireSettings(tx, row.districtCode);
    if (row.state === 'held') {
      const released = await endBooking(tx, { id: row.id, version: row.version, from: ['held'], to: 'hold_released', reason: null, now });
      if (!released) throw consultationError(409, 'booking_changed');
      await insertEvent(tx, { bookingId: row.id, at: now, event: 'hold_released', actor: actor.kind === 'staff' ? { type: 'staff', id: actor.staffId } : { type: 'resident' }, detail: { declined: true } });
      const entry = await waitlistOfBooking(tx, row.id);
      if (entry) await updateWaitlist(tx, { id: entry.id, from: ['offered'], to: 'left' });
      await offerFreedSlot(tx, deps, { districtCode: row.districtCode, expertId: row.expertId, slotStart: row.slotStart, slotEnd: row.slotEnd, now });
      return viewOf(tx, deps, released);
    }
    assertChangeable(row, actor, settings, now, await officePhone(tx, row.districtCode));
    const cancelled = await endBooking(tx, { id: row.id, version: row.version, from: ['booked', 'moved'], to: 'cancelled', reason: actor.kind === 'staff' ? 'official' : 'resident', now });
    if (!cancelled) throw consultationError(409, 'booking_changed');
    await withdrawReminders(tx, row.id);
    const messageId = await messageResident(tx, deps, cancelled, 'consultation_cancelled', await fieldName(tx, row.districtCode, row.fieldCode));
    await insertEvent(tx, {
      bookingId: row.id, at: now, event: 'cancelled', actor: actor.kind === 'staff' ? { type: 'staff', id: actor.staffId } : { type: 'resident' },
      detail: { messageId, ...(options.reason ? { reason: options.reason } : {}) },
    });
    await auditStaff(tx, actor, cancelled, 'consultation.cancelled', options.reason?.trim() || 'cancelled for a caller');
    await offerFreedSlot(tx, deps, { districtCode: row.districtCode, expertId: row.expertId, slotStart: row.slotStart, slotEnd: row.slotEnd, now });
    return viewOf(tx, deps, cancelled, { settings, fields: await listFields(tx, row.districtCode), experts: await listExperts(tx, row.districtCode) });
  });
}

/**
 * A resident whose booking a block cancelled picks another slot through the
 * same personal link: a new booking under the usual rules (the contact is the
 * one the first booking confirmed), once.
 */
export async function rebook(deps: ConsultationDeps, token: string, input: z.input<typeof slotChoice>): Promise<BookingResult> {
  const choice = slotChoice.parse(input);
  const now = deps.clock();
  const start = new Date(choice.slotStart);
  return withReferenceRetry(() =>
    deps.db.transaction(async (tx) => {
      const old = await rowOf(tx, deps, { by: 'token', token });
      if (old.state !== 'cancelled' || old.cancelReason !== 'blocked' || old.rebookedAs !== null) throw consultationError(409, 'not_rebookable');
      const ctx = await loadContext(tx, old.districtCode, old.fieldCode, choice.expertId);
      await lockExperts(tx, old.districtCode, [ctx.expert.id], 'share');
      const end = await validateSlot(tx, ctx, start, now, false);
      await assertNoUpcoming(tx, { districtCode: old.districtCode, field: ctx.field, hash: old.contactHash, now });
      const newToken = newLinkToken();
      const row = await insertBooking(tx, {
        districtCode: old.districtCode, reference: newReference(), fieldCode: old.fieldCode, expertId: ctx.expert.id, slotStart: start, slotEnd: end,
        state: 'booked', channel: old.channel, contactField: old.contactField, contactEnc: old.contactEnc, contactHash: old.contactHash,
        contactVerified: old.contactVerified, nameEnc: old.nameEnc, questionnaireEnc: old.questionnaireEnc,
        linkTokenHash: linkTokenHash(deps, newToken), linkTokenEnc: deps.cipher.encrypt(newToken), holdExpiresAt: null, bookedBy: old.bookedBy,
        mode: slotMode(ctx.settings, ctx.expert.id, start),
      });
      if (!(await markRebooked(tx, old.id, row.id))) throw consultationError(409, 'booking_changed');
      await scheduleReminders(tx, { bookingId: row.id, slotStart: start, offsetsMinutes: ctx.settings.reminderOffsetsMinutes, now });
      const messageId = await messageResident(tx, deps, row, 'consultation_booked', ctx.field.name);
      await insertEvent(tx, { bookingId: row.id, at: now, event: 'booked', actor: { type: 'resident' }, detail: { messageId, rebookOf: old.reference } });
      await insertEvent(tx, { bookingId: old.id, at: now, event: 'rebooked', actor: { type: 'resident' }, detail: { as: row.reference } });
      return { booking: await viewOf(tx, deps, row), token: newToken, link: personalLink(deps, newToken), messageId };
    }),
  );
}

/** A resident of the waiting list confirms the slot held for them, before the hold runs out (409 not_held after). */
export async function confirmHold(deps: ConsultationDeps, token: string): Promise<BookingResult> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const row = await rowOf(tx, deps, { by: 'token', token });
    if (row.state !== 'held' || !row.holdExpiresAt || row.holdExpiresAt <= now) throw consultationError(409, 'not_held');
    const settings = await requireSettings(tx, row.districtCode);
    const field = (await listFields(tx, row.districtCode)).find((f) => f.code === row.fieldCode)!;
    await assertNoUpcoming(tx, { districtCode: row.districtCode, field, hash: row.contactHash, now, exceptId: row.id });
    const booked = await confirmHeld(tx, { id: row.id, version: row.version, now });
    if (!booked) throw consultationError(409, 'not_held');
    const entry = await waitlistOfBooking(tx, row.id);
    if (entry) await updateWaitlist(tx, { id: entry.id, from: ['offered'], to: 'booked' });
    await scheduleReminders(tx, { bookingId: row.id, slotStart: row.slotStart, offsetsMinutes: settings.reminderOffsetsMinutes, now });
    const messageId = await messageResident(tx, deps, booked, 'consultation_booked', field.name);
    await insertEvent(tx, { bookingId: row.id, at: now, event: 'booked', actor: { type: 'resident' }, detail: { messageId, fromWaitlist: true } });
    return { booking: await viewOf(tx, deps, booked), token, link: personalLink(deps, token), messageId };
  });
}

// ------------------------------------------------------------ expert's side

async function expertsBooking(tx: Queryable, deps: ConsultationDeps, actor: Extract<Actor, { kind: 'staff' }>, id: number): Promise<BookingRow> {
  const row = await rowOf(tx, deps, { by: 'id', districtCode: actor.districtCode, id });
  if (actor.role === 'expert') {
    const mine = (await listExperts(tx, actor.districtCode)).find((e) => e.staffId === actor.staffId);
    // Not 403: another expert's booking is not theirs to know of.
    if (!mine || mine.id !== row.expertId) throw consultationError(404, 'booking_not_found');
  }
  return row;
}

/**
 * The expert (or an official) marks a consultation attended or a no-show once
 * it has begun, optionally with the private note; a correction between the
 * two is allowed. Conditional on the state and version (409 booking_changed).
 */
export async function recordOutcome(
  deps: ConsultationDeps,
  args: { id: number; outcome: 'attended' | 'no_show'; note?: string; version?: number },
  actor: Extract<Actor, { kind: 'staff' }>,
): Promise<BookingView & { note: string | null }> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const row = await expertsBooking(tx, deps, actor, args.id);
    if (!['booked', 'moved', 'attended', 'no_show'].includes(row.state)) throw consultationError(409, 'booking_not_active');
    if (args.version !== undefined && args.version !== row.version) throw consultationError(409, 'booking_changed');
    if (now < row.slotStart) throw consultationError(409, 'outcome_too_early');
    if (args.note !== undefined && actor.role !== 'expert') throw consultationError(403, 'booking_not_found');
    const noteEnc = args.note === undefined ? undefined : deps.cipher.encrypt(args.note.trim());
    const marked = await setOutcome(tx, { id: row.id, version: row.version, outcome: args.outcome, noteEnc, now });
    if (!marked) throw consultationError(409, 'booking_changed');
    await withdrawReminders(tx, row.id);
    await insertEvent(tx, { bookingId: row.id, at: now, event: args.outcome, actor: { type: 'staff', id: actor.staffId }, detail: args.note !== undefined ? { note: true } : {} });
    return { ...(await viewOf(tx, deps, marked)), note: deps.cipher.decryptNullable(marked.expertNoteEnc) };
  });
}

/** The expert's private note on one of their bookings (only they read it). */
export async function saveNote(deps: ConsultationDeps, args: { id: number; note: string; version?: number }, actor: Extract<Actor, { kind: 'staff' }>): Promise<BookingView & { note: string | null }> {
  if (actor.role !== 'expert') throw consultationError(404, 'booking_not_found');
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const row = await expertsBooking(tx, deps, actor, args.id);
    if (args.version !== undefined && args.version !== row.version) throw consultationError(409, 'booking_changed');
    const text = args.note.trim();
    const saved = await setNote(tx, { id: row.id, version: row.version, noteEnc: text ? deps.cipher.encrypt(text) : null, now });
    if (!saved) throw consultationError(409, 'booking_not_active');
    await insertEvent(tx, { bookingId: row.id, at: now, event: 'note_saved', actor: { type: 'staff', id: actor.staffId } });
    return { ...(await viewOf(tx, deps, saved)), note: deps.cipher.decryptNullable(saved.expertNoteEnc) };
  });
}

/** An official records whether the resident's declared residency was confirmed (audited). */
export async function checkResidency(
  deps: ConsultationDeps,
  args: { id: number; result: 'confirmed' | 'not_confirmed'; version?: number },
  actor: Extract<Actor, { kind: 'staff' }>,
): Promise<BookingView> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const row = await rowOf(tx, deps, { by: 'id', districtCode: actor.districtCode, id: args.id });
    if (args.version !== undefined && args.version !== row.version) throw consultationError(409, 'booking_changed');
    const checked = await setResidencyCheck(tx, { id: row.id, version: row.version, result: args.result, staffId: actor.staffId, now });
    if (!checked) throw consultationError(409, 'booking_changed');
    await insertEvent(tx, { bookingId: row.id, at: now, event: 'residency_checked', actor: { type: 'staff', id: actor.staffId }, detail: { result: args.result } });
    await auditStaff(tx, actor, checked, 'consultation.residency_checked', `residency ${args.result}`, { result: args.result });
    return viewOf(tx, deps, checked);
  });
}

export { viewOf, rowOf, auditStaff };
