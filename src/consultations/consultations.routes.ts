import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../platform/auth/auth.guard.ts';
import type { RoutePlugin } from '../platform/http/routes.ts';
import { BOOKING_ROLES, EXPERT_ROLES, SCHEDULE_ROLES, residentLimits, staffActor } from './consultations.http.ts';
import { consultationDepsFrom } from './consultations.deps.ts';
import { consultationError } from './consultations.messages.ts';
import { listExperts, listFields } from './schedule/schedule.repository.ts';
import {
  configureConsultations,
  expertInput,
  expertView,
  fieldCode,
  fieldInput,
  fieldView,
  requireSettings,
  saveConsultationExpert,
  saveConsultationField,
  settingsInput,
  settingsView,
  viewOfSettings,
} from './schedule/schedule.service.ts';
import { bookInput, bookingView, bookingWithNoteView, contactInput, dayString, moveInput, slotChoice, slotsQuery, slotsView, waitlistInput } from './booking/booking.schema.ts';
import {
  book,
  bookingHistory,
  bookingIcs,
  cancel,
  checkResidency,
  confirmHold,
  expertAgenda,
  getBooking,
  getBookingByReference,
  listBookings,
  listFreeSlots,
  move,
  rebook,
  recordOutcome,
  saveNote,
  type Actor,
  type BookingResult,
  type SlotsResult,
} from './booking/booking.service.ts';
import { alternativeSlots, blockInput, blockSlots, liftConsultationBlock, listConsultationBlocks } from './booking/blocks.service.ts';
import { confirmCode, requestCode } from './booking/resident-codes.ts';
import { getWaitlistEntry, joinWaitlist, leaveWaitlist } from './booking/waitlist.service.ts';
import { DUE_WORK_INTERVAL_MS, runDueWork } from './booking/due-work.service.ts';
import { consultationStats, statsView } from './booking/stats.service.ts';
import { linkTokenHash } from './booking/booking.notify.ts';
import { seoulDay, seoulMinuteOfDay } from '../platform/time/seoul.ts';
import { minuteLabel } from './schedule/slot-grid.ts';

// The consultation engine's JSON API (the pages build on it):
//   /r/api/consultations/…  residents: public, rate-limited per client address
//                           (and per link); authorised by the one-time code's
//                           verification id (booking, waiting list) or the
//                           personal link's token (view, .ics, move, cancel);
//   /api/consultations/…    staff: officials book, move and cancel by phone,
//                           block slots and days, configure; experts see their
//                           agenda and mark outcomes. The district is the
//                           session's, never the client's.
// Every serve process also runs the due-work sweep (reminders, holds).

export { BOOKING_ROLES, EXPERT_ROLES, LINK_LIMIT, READ_LIMIT, SCHEDULE_ROLES, WRITE_LIMIT } from './consultations.http.ts';

const TAGS = ['consultations'];
const idParams = z.object({ id: z.string().max(20) });
const pathId = (value: string): number => {
  if (!/^[1-9]\d{0,15}$/.test(value)) throw consultationError(404, 'booking_not_found');
  return Number(value);
};
const tokenParams = z.object({ token: z.string().min(20).max(64) });
const districtParams = z.object({ district: z.string().min(1).max(40) });
const bookingResult = z.object({ booking: bookingView, token: z.string().describe('the personal link token: keep it, it is shown once'), link: z.string() });
const ok = z.object({ ok: z.literal(true) });

function slotsAnswer(s: SlotsResult): z.infer<typeof slotsView> {
  return {
    field: { code: s.field.code, name: s.field.name },
    from: s.from,
    to: s.to,
    firstBookableDay: s.firstBookableDay,
    lastBookableDay: s.lastBookableDay,
    days: s.days.map((d) => ({
      day: d.day, weekday: d.weekday, holiday: d.holiday,
      slots: d.slots.map((x) => ({ expertId: x.expertId, expertName: x.expertName, start: x.start.toISOString(), end: x.end.toISOString(), time: minuteLabel(seoulMinuteOfDay(x.start)), mode: x.mode ?? 'video' })),
    })),
    inPersonPlace: s.inPersonPlace,
  };
}

const resultAnswer = (r: BookingResult) => ({ booking: r.booking, token: r.token, link: r.link });

export const consultationRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = consultationDepsFrom(appDeps);

  // ------------------------------------------------------------- due work
  let running: Promise<unknown> | null = null;
  const sweep = () => {
    if (running) return;
    running = runDueWork(deps)
      .catch((error: unknown) => deps.log?.warn({ err: error }, 'consultation due-work sweep failed'))
      .finally(() => (running = null));
  };
  const timer = setInterval(sweep, DUE_WORK_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });

  // The resident API answers JSON, its problems included, whatever the
  // client accepts (the platform sends browsers an HTML page otherwise).
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/r/api/')) request.headers.accept = 'application/json';
  });

  // --------------------------------------------------------- rate limits
  const tokenKey = (request: FastifyRequest) => linkTokenHash(deps, (request.params as { token: string }).token).toString('hex').slice(0, 32);
  const { reads, writes } = residentLimits(deps);
  const linkWrites = residentLimits(deps).linkWrites(tokenKey);
  const resident: Actor = { kind: 'resident' };

  // ========================================================== residents
  app.get('/r/api/consultations/:district', {
    preHandler: reads,
    schema: {
      tags: TAGS, summary: "A district's consultations: fields, experts (with the fields they cover and their weekdays) and the rules",
      params: districtParams,
      response: { 200: z.object({ districtCode: z.string(), settings: settingsView, fields: z.array(fieldView), experts: z.array(expertView.omit({ staffId: true, active: true })) }) },
    },
  }, async (request) => {
    const { district } = request.params;
    const settings = await requireSettings(deps.db, district);
    const fields = await listFields(deps.db, district, { activeOnly: true });
    const experts = (await listExperts(deps.db, district, { activeOnly: true })).map(({ id, name, fields: f, weekdays }) => ({ id, name, fields: f, weekdays }));
    return { districtCode: district, settings: viewOfSettings(settings), fields, experts };
  });

  app.get('/r/api/consultations/:district/slots', {
    preHandler: reads,
    schema: { tags: TAGS, summary: 'Free slots of a field by day (expert optional), from the first bookable day by default', params: districtParams, querystring: slotsQuery, response: { 200: slotsView } },
  }, async (request) => slotsAnswer(await listFreeSlots(deps, { districtCode: request.params.district, fieldCode: request.query.field, from: request.query.from, to: request.query.to, expertId: request.query.expert })));

  app.post('/r/api/consultations/:district/codes', {
    preHandler: writes,
    schema: {
      tags: TAGS, summary: 'Send a one-time code to the mobile number or e-mail address (through the delivery engine); 5 a contact an hour',
      params: districtParams, body: z.object({ contact: contactInput }),
      response: { 201: z.object({ verificationId: z.string(), sentTo: z.string(), expiresInMinutes: z.number().int() }) },
    },
  }, async (request, reply) => {
    const sent = await requestCode(deps, { districtCode: request.params.district, contact: request.body.contact });
    return reply.code(201).send({ verificationId: sent.verificationId, sentTo: sent.sentTo, expiresInMinutes: sent.expiresInMinutes });
  });

  app.post('/r/api/consultations/:district/codes/confirm', {
    preHandler: writes,
    schema: {
      tags: TAGS, summary: 'Confirm the typed code (then book within 30 minutes); 400 code_wrong / code_expired / code_exhausted / code_format / code_missing',
      params: districtParams, body: z.object({ verificationId: z.string().min(16).max(64), field: z.enum(['mobile', 'email']), code: z.string().max(20) }),
      response: { 200: ok },
    },
  }, async (request) => {
    await confirmCode(deps, request.body);
    return { ok: true as const };
  });

  app.post('/r/api/consultations/:district/bookings', {
    preHandler: writes,
    schema: {
      tags: TAGS,
      summary: 'Book a slot (after the code): 201 with the reference and the personal link; 409 slot_taken / already_booked_in_field; 422 for a slot the rules refuse',
      params: districtParams, body: bookInput.omit({ districtCode: true, overrideNotice: true }), response: { 201: bookingResult },
    },
  }, async (request, reply) => reply.code(201).send(resultAnswer(await book(deps, { ...request.body, districtCode: request.params.district }, resident))));

  app.post('/r/api/consultations/:district/waitlist', {
    preHandler: writes,
    schema: {
      tags: TAGS, summary: 'Join the waiting list for a field on a day (after the code); a freed slot is held for the first in line',
      params: districtParams, body: waitlistInput.omit({ districtCode: true }),
      response: { 201: z.object({ entry: z.object({ id: z.number().int(), fieldCode: z.string(), day: z.string(), state: z.string() }), token: z.string() }) },
    },
  }, async (request, reply) => reply.code(201).send(await joinWaitlist(deps, { ...request.body, districtCode: request.params.district })));

  app.get('/r/api/consultations/waitlist/:token', {
    preHandler: reads,
    schema: { tags: TAGS, summary: 'A waiting-list entry by its link', params: tokenParams, response: { 200: z.object({ id: z.number().int(), fieldCode: z.string(), day: z.string(), state: z.string() }) } },
  }, async (request) => getWaitlistEntry(deps, request.params.token));

  app.post('/r/api/consultations/waitlist/:token/leave', {
    preHandler: linkWrites,
    schema: { tags: TAGS, summary: 'Leave the waiting list', params: tokenParams, response: { 200: z.object({ id: z.number().int(), fieldCode: z.string(), day: z.string(), state: z.string() }) } },
  }, async (request) => leaveWaitlist(deps, request.params.token));

  const alternativesView = z.array(z.object({ expertId: z.number().int(), start: z.string() }));

  app.get('/r/api/consultations/bookings/:token', {
    preHandler: reads,
    schema: {
      tags: TAGS, summary: 'The booking of a personal link; after a block cancelled it, the slots offered instead (alternatives)',
      params: tokenParams, response: { 200: z.object({ booking: bookingView, alternatives: alternativesView }) },
    },
  }, async (request) => {
    const booking = await getBooking(deps, { by: 'token', token: request.params.token });
    let alternatives: z.infer<typeof alternativesView> = [];
    if (booking.state === 'cancelled' && booking.cancelReason === 'blocked' && booking.rebookedAs === null) {
      const settings = await requireSettings(deps.db, booking.districtCode);
      alternatives = (await alternativeSlots(deps.db, settings, booking.field.code, seoulDay(deps.clock()), deps.clock(), 6)).map((s) => ({ expertId: s.expertId, start: s.start.toISOString() }));
    }
    return { booking, alternatives };
  });

  app.get('/r/api/consultations/bookings/:token/ics', {
    preHandler: reads,
    schema: { tags: TAGS, summary: 'The booking as an iCalendar file (RFC 5545)', params: tokenParams, produces: ['text/calendar'] },
  }, async (request, reply) => {
    const ics = await bookingIcs(deps, { by: 'token', token: request.params.token });
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', `attachment; filename="${ics.filename}"`).send(ics.body);
  });

  app.post('/r/api/consultations/bookings/:token/move', {
    preHandler: linkWrites,
    schema: { tags: TAGS, summary: 'Move to another slot (until the change cutoff): 409 change_closed / slot_taken / booking_changed', params: tokenParams, body: moveInput.omit({ overrideNotice: true }), response: { 200: bookingResult } },
  }, async (request) => resultAnswer(await move(deps, { by: 'token', token: request.params.token }, request.body, resident)));

  app.post('/r/api/consultations/bookings/:token/cancel', {
    preHandler: linkWrites,
    schema: { tags: TAGS, summary: 'Cancel (until the change cutoff), or decline a slot held from the waiting list', params: tokenParams, body: z.object({ version: z.number().int().positive().optional() }).optional(), response: { 200: z.object({ booking: bookingView }) } },
  }, async (request) => ({ booking: await cancel(deps, { by: 'token', token: request.params.token }, resident, { version: request.body?.version }) }));

  app.post('/r/api/consultations/bookings/:token/confirm-hold', {
    preHandler: linkWrites,
    schema: { tags: TAGS, summary: 'Confirm a slot held from the waiting list (before the hold runs out: 409 not_held after)', params: tokenParams, response: { 200: bookingResult } },
  }, async (request) => resultAnswer(await confirmHold(deps, request.params.token)));

  app.post('/r/api/consultations/bookings/:token/rebook', {
    preHandler: linkWrites,
    schema: { tags: TAGS, summary: 'After a block cancelled the booking: book one of the free slots instead (a new reference and link)', params: tokenParams, body: slotChoice, response: { 201: bookingResult } },
  }, async (request, reply) => reply.code(201).send(resultAnswer(await rebook(deps, request.params.token, request.body))));

  // ============================================================== staff
  app.get('/api/consultations/settings', {
    preValidation: guard(SCHEDULE_ROLES),
    schema: { tags: TAGS, summary: "The district's consultation settings", response: { 200: settingsView } },
  }, async (request) => viewOfSettings(await requireSettings(deps.db, request.staff!.districtCode)));

  app.put('/api/consultations/settings', {
    preValidation: guard(['admin']),
    schema: { tags: TAGS, summary: 'Change the settings (windows, slot length, notice, horizon, cutoff, reminders, hold); members left out stay', body: settingsInput, response: { 200: settingsView } },
  }, async (request) => viewOfSettings(await configureConsultations(deps.db, request.staff!.districtCode, request.body)));

  app.get('/api/consultations/fields', {
    preValidation: guard([...SCHEDULE_ROLES, 'desk_agent', 'expert']),
    schema: { tags: TAGS, summary: 'Fields (active and not)', response: { 200: z.object({ fields: z.array(fieldView) }) } },
  }, async (request) => ({ fields: await listFields(deps.db, request.staff!.districtCode) }));

  app.put('/api/consultations/fields/:code', {
    preValidation: guard(['admin']),
    schema: { tags: TAGS, summary: 'Add or change a field (deactivate rather than delete)', params: z.object({ code: z.string().max(40) }), body: fieldInput, response: { 200: fieldView } },
  }, async (request) => {
    const code = fieldCode.safeParse(request.params.code);
    if (!code.success) throw consultationError(404, 'field_not_found');
    return saveConsultationField(deps.db, request.staff!.districtCode, code.data, request.body);
  });

  app.get('/api/consultations/experts', {
    preValidation: guard([...SCHEDULE_ROLES, 'desk_agent', 'expert']),
    schema: { tags: TAGS, summary: 'Experts with their fields and weekdays', response: { 200: z.object({ experts: z.array(expertView) }) } },
  }, async (request) => ({ experts: await listExperts(deps.db, request.staff!.districtCode) }));

  app.put('/api/consultations/experts/:id', {
    preValidation: guard(SCHEDULE_ROLES),
    schema: { tags: TAGS, summary: 'Make a staff account (role expert, this district; :id is the staff id) an expert, or change its fields and weekdays', params: idParams, body: expertInput, response: { 200: z.object({ expertId: z.number().int() }) } },
  }, async (request) => ({ expertId: await saveConsultationExpert(deps.db, request.staff!.districtCode, pathId(request.params.id), request.body) }));

  app.get('/api/consultations/slots', {
    preValidation: guard(BOOKING_ROLES),
    schema: { tags: TAGS, summary: 'Free slots for a phone booking; insideNotice=true also shows those inside the minimum notice', querystring: slotsQuery.extend({ insideNotice: z.enum(['true', 'false']).optional() }), response: { 200: slotsView } },
  }, async (request) => slotsAnswer(await listFreeSlots(deps, {
    districtCode: request.staff!.districtCode, fieldCode: request.query.field, from: request.query.from, to: request.query.to, expertId: request.query.expert,
    ignoreMinimumNotice: request.query.insideNotice === 'true',
  })));

  app.post('/api/consultations/codes', {
    preValidation: guard(BOOKING_ROLES),
    schema: { tags: TAGS, summary: "Send a code to a caller's contact (optional for phone bookings: the caller reads it out)", body: z.object({ contact: contactInput }), response: { 201: z.object({ verificationId: z.string(), sentTo: z.string(), expiresInMinutes: z.number().int() }) } },
  }, async (request, reply) => {
    const sent = await requestCode(deps, { districtCode: request.staff!.districtCode, contact: request.body.contact });
    return reply.code(201).send({ verificationId: sent.verificationId, sentTo: sent.sentTo, expiresInMinutes: sent.expiresInMinutes });
  });

  app.post('/api/consultations/codes/confirm', {
    preValidation: guard(BOOKING_ROLES),
    schema: { tags: TAGS, summary: 'Confirm the code the caller read out', body: z.object({ verificationId: z.string().min(16).max(64), field: z.enum(['mobile', 'email']), code: z.string().max(20) }), response: { 200: ok } },
  }, async (request) => {
    await confirmCode(deps, request.body);
    return { ok: true as const };
  });

  app.post('/api/consultations/bookings', {
    preValidation: guard(BOOKING_ROLES),
    schema: {
      tags: TAGS, summary: 'Book for a caller (phone): the same rules and path as the web; overrideNotice {reason} books inside the minimum notice (audited)',
      body: bookInput.omit({ districtCode: true }), response: { 201: bookingResult },
    },
  }, async (request, reply) => reply.code(201).send(resultAnswer(await book(deps, { ...request.body, districtCode: request.staff!.districtCode }, staffActor(request)))));

  const bookingsQuery = z.object({
    from: dayString, to: dayString, expert: z.coerce.number().int().positive().optional(), field: z.string().max(40).optional(),
    state: z.enum(['held', 'booked', 'moved', 'cancelled', 'attended', 'no_show', 'hold_released']).optional(),
  });
  app.get('/api/consultations/bookings', {
    preValidation: guard([...BOOKING_ROLES]),
    schema: { tags: TAGS, summary: 'Bookings of the district between two days (at most 93)', querystring: bookingsQuery, response: { 200: z.object({ bookings: z.array(bookingView) }) } },
  }, async (request) => ({
    bookings: await listBookings(deps, {
      districtCode: request.staff!.districtCode, from: request.query.from, to: request.query.to, expertId: request.query.expert, fieldCode: request.query.field,
      states: request.query.state ? [request.query.state] : undefined,
    }),
  }));

  app.get('/api/consultations/bookings/by-reference/:reference', {
    preValidation: guard(BOOKING_ROLES),
    schema: { tags: TAGS, summary: 'A booking by its reference (a caller reads it out)', params: z.object({ reference: z.string().max(20) }), response: { 200: z.object({ booking: bookingView }) } },
  }, async (request) => ({ booking: await getBookingByReference(deps, request.staff!.districtCode, request.params.reference) }));

  const eventView = z.object({ at: z.string(), event: z.string(), actorType: z.string(), actorId: z.number().int().nullable(), detail: z.record(z.string(), z.unknown()) });
  app.get('/api/consultations/bookings/:id', {
    preValidation: guard(BOOKING_ROLES),
    schema: {
      tags: TAGS, summary: 'A booking with its history and reminders', params: idParams,
      response: { 200: z.object({ booking: bookingView, events: z.array(eventView), reminders: z.array(z.object({ offsetMinutes: z.number().int(), dueAt: z.string(), state: z.string(), messageId: z.number().int().nullable() })) }) },
    },
  }, async (request) => {
    const id = pathId(request.params.id);
    const booking = await getBooking(deps, { by: 'id', districtCode: request.staff!.districtCode, id });
    const history = await bookingHistory(deps, request.staff!.districtCode, id);
    return {
      booking,
      events: history.events.map((e) => ({ ...e, at: e.at.toISOString() })),
      reminders: history.reminders.map((r) => ({ ...r, dueAt: r.dueAt.toISOString() })),
    };
  });

  app.get('/api/consultations/bookings/:id/ics', {
    preValidation: guard(BOOKING_ROLES),
    schema: { tags: TAGS, summary: 'The booking as an iCalendar file', params: idParams, produces: ['text/calendar'] },
  }, async (request, reply) => {
    const ics = await bookingIcs(deps, { by: 'id', districtCode: request.staff!.districtCode, id: pathId(request.params.id) });
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', `attachment; filename="${ics.filename}"`).send(ics.body);
  });

  app.post('/api/consultations/bookings/:id/move', {
    preValidation: guard(BOOKING_ROLES),
    schema: { tags: TAGS, summary: 'Move for a caller (any time; overrideNotice as for booking)', params: idParams, body: moveInput, response: { 200: bookingResult } },
  }, async (request) => resultAnswer(await move(deps, { by: 'id', districtCode: request.staff!.districtCode, id: pathId(request.params.id) }, request.body, staffActor(request))));

  app.post('/api/consultations/bookings/:id/cancel', {
    preValidation: guard(BOOKING_ROLES),
    schema: { tags: TAGS, summary: 'Cancel for a caller (any time; the reason goes to the audit log)', params: idParams, body: z.object({ reason: z.string().trim().min(1).max(500), version: z.number().int().positive().optional() }), response: { 200: z.object({ booking: bookingView }) } },
  }, async (request) => ({ booking: await cancel(deps, { by: 'id', districtCode: request.staff!.districtCode, id: pathId(request.params.id) }, staffActor(request), request.body) }));

  app.post('/api/consultations/bookings/:id/residency', {
    preValidation: guard(SCHEDULE_ROLES),
    schema: { tags: TAGS, summary: "Record whether the resident's declared residency was confirmed (audited)", params: idParams, body: z.object({ result: z.enum(['confirmed', 'not_confirmed']), version: z.number().int().positive().optional() }), response: { 200: z.object({ booking: bookingView }) } },
  }, async (request) => ({ booking: await checkResidency(deps, { id: pathId(request.params.id), ...request.body }, staffActor(request)) }));

  app.post('/api/consultations/blocks', {
    preValidation: guard(SCHEDULE_ROLES),
    schema: {
      tags: TAGS, summary: "Block a slot or a day (one expert, or expertId null for all): each booking is given another free expert at the same time, or cancelled with other slots offered; residents are told",
      body: blockInput,
      response: { 201: z.object({ block: z.object({ id: z.number().int(), expertId: z.number().int().nullable(), kind: z.string(), day: z.string(), slotStart: z.string().nullable(), reason: z.string() }), reassigned: z.array(z.object({ reference: z.string(), expertId: z.number().int() })), cancelled: z.array(z.object({ reference: z.string(), alternatives: z.array(z.string()) })), holdsReleased: z.number().int() }) },
    },
  }, async (request, reply) => reply.code(201).send(await blockSlots(deps, request.body, staffActor(request))));

  app.get('/api/consultations/blocks', {
    preValidation: guard([...BOOKING_ROLES, 'expert']),
    schema: { tags: TAGS, summary: 'Blocks in force between two days', querystring: z.object({ from: dayString, to: dayString }), response: { 200: z.object({ blocks: z.array(z.object({ id: z.number().int(), expertId: z.number().int().nullable(), kind: z.string(), day: z.string(), slotStart: z.string().nullable(), reason: z.string() })) }) } },
  }, async (request) => ({ blocks: await listConsultationBlocks(deps, request.staff!.districtCode, request.query.from, request.query.to) }));

  app.delete('/api/consultations/blocks/:id', {
    preValidation: guard(SCHEDULE_ROLES),
    schema: { tags: TAGS, summary: 'Lift a block (bookings it cancelled stay cancelled)', params: idParams, response: { 200: ok } },
  }, async (request) => {
    await liftConsultationBlock(deps, pathId(request.params.id), staffActor(request));
    return { ok: true as const };
  });

  app.get('/api/consultations/stats', {
    preValidation: guard(SCHEDULE_ROLES),
    schema: { tags: TAGS, summary: 'Bookings, no-show rate and utilisation per field and expert between two days (the dashboard)', querystring: z.object({ from: dayString, to: dayString }), response: { 200: statsView } },
  }, async (request) => consultationStats(deps, { districtCode: request.staff!.districtCode, from: request.query.from, to: request.query.to }));

  // ------------------------------------------------------------- experts
  app.get('/api/consultations/agenda', {
    preValidation: guard(EXPERT_ROLES),
    schema: { tags: TAGS, summary: "The expert's own day: bookings, questionnaire answers, private notes", querystring: z.object({ day: dayString.optional() }), response: { 200: z.object({ day: z.string(), bookings: z.array(bookingWithNoteView) }) } },
  }, async (request) => {
    const day = request.query.day ?? seoulDay(deps.clock());
    return { day, bookings: await expertAgenda(deps, { districtCode: request.staff!.districtCode, staffId: request.staff!.id, day }) };
  });

  app.post('/api/consultations/bookings/:id/outcome', {
    preValidation: guard(['expert', 'admin', 'tax_official']),
    schema: { tags: TAGS, summary: 'Mark attended or no-show once the slot has begun (experts: their own bookings, with an optional private note)', params: idParams, body: z.object({ outcome: z.enum(['attended', 'no_show']), note: z.string().max(2000).optional(), version: z.number().int().positive().optional() }), response: { 200: z.object({ booking: bookingWithNoteView }) } },
  }, async (request) => ({ booking: await recordOutcome(deps, { id: pathId(request.params.id), ...request.body }, staffActor(request)) }));

  app.put('/api/consultations/bookings/:id/note', {
    preValidation: guard(EXPERT_ROLES),
    schema: { tags: TAGS, summary: "The expert's private note on their booking", params: idParams, body: z.object({ note: z.string().max(2000), version: z.number().int().positive().optional() }), response: { 200: z.object({ booking: bookingWithNoteView }) } },
  }, async (request) => ({ booking: await saveNote(deps, { id: pathId(request.params.id), ...request.body }, staffActor(request)) }));

};
