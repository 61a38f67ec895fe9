import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import type { ZodApp } from '../../platform/http/routes.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { consultationError, consultationMessages } from '../consultations.messages.ts';
import { listFields } from '../schedule/schedule.repository.ts';
import { requireSettings } from '../schedule/schedule.service.ts';
import { PERSONAL_PAGE_PATH } from '../booking/booking.notify.ts';
import type { BookingView } from '../booking/booking.schema.ts';
import { cancel, confirmHold, getBooking, move, rebook } from '../booking/booking.service.ts';
import { getWaitlistEntry, leaveWaitlist } from '../booking/waitlist.service.ts';
import { districtParams, fieldError, lang, refusal, sendHtml, SLOT_REFUSALS, text, tokenParams, type PageKit } from './booking-pages.http.ts';
import { notFoundPage, tr, withLang } from './booking-pages.view.ts';
import { bookingPage, cancelPage, changeSlotPage, FLASHES, personalPath, waitlistEntryPage, waitlistPath, type Flash } from './personal-page.view.ts';
import { loadPickerWeek, parseSlotValue } from './slot-picker.ts';

// The personal link's pages, /r/consultations/b/:token (the link in every
// message the engine sends) and the waiting list's, /r/consultations/
// :district/w/:token. Each change is one call into the engine with the
// version the page showed; on success a redirect (303) to the booking page
// with what happened, on a refusal the page again with the engine's
// message in the error summary, nothing changed.

const flashQuery = z.object({ ...lang, done: z.enum(FLASHES).optional() });
const pickerQuery = z.object({ ...lang, from: z.iso.date().optional(), expert: z.string().regex(/^\d{1,9}$/).optional().or(z.literal('')) });
const slotBody = z.object({ slot: text(), version: text(20), from: text(20), expert: text(20) });

export function personalLinkRoutes(app: ZodApp, kit: PageKit): void {
  const { deps } = kit;

  const linkGone = (request: FastifyRequest, reply: FastifyReply) => sendHtml(reply, notFoundPage(request, tr(request.locale)('link_not_found')), 404);

  /** The booking of the link, or the "link does not work" page. */
  async function bookingOf(request: FastifyRequest, reply: FastifyReply, token: string): Promise<BookingView | null> {
    try {
      return await getBooking(deps, { by: 'token', token });
    } catch (error) {
      if (refusal(error)?.code !== 'booking_not_found') throw error;
      await linkGone(request, reply);
      return null;
    }
  }

  async function renderBooking(request: FastifyRequest, reply: FastifyReply, token: string, booking: BookingView, o: { flash?: Flash; errors?: FieldError[]; status?: number } = {}) {
    const district = await findDistrict(deps.db, booking.districtCode);
    const settings = await requireSettings(deps.db, booking.districtCode);
    return sendHtml(reply, bookingPage(request, {
      token, booking, phone: district?.officePhone ?? null, cutoffHours: settings.changeCutoffHours, now: deps.clock(), flash: o.flash, errors: o.errors,
    }), o.status ?? 200);
  }

  const done = (request: FastifyRequest, reply: FastifyReply, token: string, flash: Flash) => reply.redirect(withLang(personalPath(token), request.locale, { done: flash }), 303);
  const movable = (b: BookingView) => (b.state === 'booked' || b.state === 'moved') && b.changeableUntil !== null;
  const rebookable = (b: BookingView) => b.state === 'cancelled' && b.cancelReason === 'blocked' && b.rebookedAs === null;
  const version = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);

  // ---------------------------------------------------------------- the booking
  app.get(`${PERSONAL_PAGE_PATH}/:token`, { preHandler: kit.reads, schema: { hide: true, params: tokenParams, querystring: flashQuery } }, async (request, reply) => {
    const booking = await bookingOf(request, reply, request.params.token);
    if (!booking) return reply;
    return renderBooking(request, reply, request.params.token, booking, { flash: request.query.done });
  });

  // ---------------------------------------------------------------- move and rebook: another time
  async function renderChange(
    request: FastifyRequest, reply: FastifyReply, mode: 'move' | 'rebook', token: string, booking: BookingView,
    q: { from?: string; expert?: string }, errors: FieldError[] = [], status = 200,
  ) {
    const week = await loadPickerWeek(deps, {
      districtCode: booking.districtCode, fieldCode: booking.field.code, from: q.from, expertId: q.expert ? Number(q.expert) : undefined,
      around: mode === 'move' ? booking.day : undefined,
    });
    return sendHtml(reply, changeSlotPage(request, { mode, token, booking, week, errors }), status);
  }

  for (const mode of ['move', 'rebook'] as const) {
    const allowed = mode === 'move' ? movable : rebookable;
    app.get(`${PERSONAL_PAGE_PATH}/:token/${mode}`, { preHandler: kit.reads, schema: { hide: true, params: tokenParams, querystring: pickerQuery } }, async (request, reply) => {
      const { token } = request.params;
      const booking = await bookingOf(request, reply, token);
      if (!booking) return reply;
      // Not (or no longer) possible: the booking page says why and what to do instead.
      if (!allowed(booking)) return reply.redirect(withLang(personalPath(token), request.locale), 303);
      return renderChange(request, reply, mode, token, booking, request.query);
    });

    app.post(`${PERSONAL_PAGE_PATH}/:token/${mode}`, {
      preHandler: kit.linkWrites, schema: { hide: true, params: tokenParams, querystring: z.object(lang), body: slotBody },
    }, async (request, reply) => {
      const { token } = request.params;
      const booking = await bookingOf(request, reply, token);
      if (!booking) return reply;
      const week = { from: z.iso.date().safeParse(request.body.from).data, expert: /^\d{1,9}$/.test(request.body.expert ?? '') ? request.body.expert : undefined };
      const chosen = parseSlotValue(request.body.slot);
      if (!chosen) return renderChange(request, reply, mode, token, booking, week, [{ field: 'slot', message: tr(request.locale)('err_slot') }], 400);
      const choice = { expertId: chosen.expertId, slotStart: chosen.start.toISOString() };
      try {
        if (mode === 'move') {
          await move(deps, { by: 'token', token }, { ...choice, version: version(request.body.version) }, { kind: 'resident' });
          return done(request, reply, token, 'moved');
        }
        const result = await rebook(deps, token, choice);
        return done(request, reply, result.token, 'rebooked');
      } catch (error) {
        const r = refusal(error);
        if (!r) throw error;
        if (SLOT_REFUSALS.has(r.code)) return renderChange(request, reply, mode, token, booking, week, [fieldError(request, 'slot', r)], r.status);
        // The booking changed meanwhile: the page again, as it is now.
        const now = await bookingOf(request, reply, token);
        if (!now) return reply;
        if (r.code === 'booking_changed' && allowed(now)) return renderChange(request, reply, mode, token, now, week, [fieldError(request, 'slot', r)], r.status);
        return renderBooking(request, reply, token, now, { errors: [fieldError(request, 'booking', r)], status: r.status });
      }
    });
  }

  // ---------------------------------------------------------------- cancel
  app.get(`${PERSONAL_PAGE_PATH}/:token/cancel`, { preHandler: kit.reads, schema: { hide: true, params: tokenParams, querystring: z.object(lang) } }, async (request, reply) => {
    const { token } = request.params;
    const booking = await bookingOf(request, reply, token);
    if (!booking) return reply;
    if (!movable(booking)) return reply.redirect(withLang(personalPath(token), request.locale), 303);
    return sendHtml(reply, cancelPage(request, { token, booking, errors: [] }));
  });

  app.post(`${PERSONAL_PAGE_PATH}/:token/cancel`, {
    preHandler: kit.linkWrites, schema: { hide: true, params: tokenParams, querystring: z.object(lang), body: z.object({ version: text(20) }) },
  }, async (request, reply) => {
    const { token } = request.params;
    const booking = await bookingOf(request, reply, token);
    if (!booking) return reply;
    // A held slot is declined through its own button, not cancelled from here.
    if (booking.state === 'held') return renderBooking(request, reply, token, booking, { errors: [{ field: 'hold-decline', message: consultationMessages.t(request.locale, 'booking_not_active') }], status: 409 });
    try {
      await cancel(deps, { by: 'token', token }, { kind: 'resident' }, { version: version(request.body.version) });
      return done(request, reply, token, 'cancelled');
    } catch (error) {
      const r = refusal(error);
      if (!r) throw error;
      const now = await bookingOf(request, reply, token);
      if (!now) return reply;
      if (r.code === 'booking_changed' && movable(now)) return sendHtml(reply, cancelPage(request, { token, booking: now, errors: [fieldError(request, 'cancel-yes', r)] }), r.status);
      return renderBooking(request, reply, token, now, { errors: [fieldError(request, 'booking', r)], status: r.status });
    }
  });

  // ---------------------------------------------------------------- a slot held from the waiting list
  app.post(`${PERSONAL_PAGE_PATH}/:token/confirm-hold`, { preHandler: kit.linkWrites, schema: { hide: true, params: tokenParams, querystring: z.object(lang) } }, async (request, reply) => {
    const { token } = request.params;
    try {
      await confirmHold(deps, token);
      return done(request, reply, token, 'confirmed');
    } catch (error) {
      const r = refusal(error);
      if (!r) throw error;
      const booking = await bookingOf(request, reply, token);
      if (!booking) return reply;
      return renderBooking(request, reply, token, booking, { errors: [fieldError(request, 'booking', r)], status: r.status });
    }
  });

  app.post(`${PERSONAL_PAGE_PATH}/:token/decline`, { preHandler: kit.linkWrites, schema: { hide: true, params: tokenParams, querystring: z.object(lang) } }, async (request, reply) => {
    const { token } = request.params;
    const booking = await bookingOf(request, reply, token);
    if (!booking) return reply;
    try {
      // Only a hold is declined here, and only the hold the page showed (its version).
      if (booking.state !== 'held') throw consultationError(409, 'not_held');
      await cancel(deps, { by: 'token', token }, { kind: 'resident' }, { version: booking.version });
      return done(request, reply, token, 'declined');
    } catch (error) {
      const r = refusal(error);
      if (!r) throw error;
      const now = await bookingOf(request, reply, token);
      if (!now) return reply;
      return renderBooking(request, reply, token, now, { errors: [fieldError(request, 'booking', r)], status: r.status });
    }
  });

  // ---------------------------------------------------------------- the waiting list
  async function renderEntry(request: FastifyRequest, reply: FastifyReply, district: string, token: string, o: { flash?: Flash; errors?: FieldError[]; status?: number } = {}) {
    let entry;
    try {
      entry = await getWaitlistEntry(deps, token);
    } catch (error) {
      if (refusal(error)?.code !== 'booking_not_found') throw error;
      return linkGone(request, reply);
    }
    const field = (await listFields(deps.db, district)).find((f) => f.code === entry.fieldCode);
    if (!field) return linkGone(request, reply);
    return sendHtml(reply, waitlistEntryPage(request, { district, token, entry, fieldName: field.name[request.locale], flash: o.flash, errors: o.errors ?? [] }), o.status ?? 200);
  }

  const entryParams = districtParams.extend(tokenParams.shape);
  app.get('/r/consultations/:district/w/:token', { preHandler: kit.reads, schema: { hide: true, params: entryParams, querystring: flashQuery } }, async (request, reply) =>
    renderEntry(request, reply, request.params.district, request.params.token, { flash: request.query.done }));

  app.post('/r/consultations/:district/w/:token/leave', { preHandler: kit.linkWrites, schema: { hide: true, params: entryParams, querystring: z.object(lang) } }, async (request, reply) => {
    const { district, token } = request.params;
    try {
      await leaveWaitlist(deps, token);
    } catch (error) {
      const r = refusal(error);
      if (!r) throw error;
      if (r.code === 'booking_not_found') return linkGone(request, reply);
      return renderEntry(request, reply, district, token, { errors: [fieldError(request, 'waitlist-state', r)], status: r.status });
    }
    return reply.redirect(withLang(waitlistPath(district, token), request.locale, { done: 'left' }), 303);
  });
}
