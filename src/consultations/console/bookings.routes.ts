import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import { rowIdSchema } from '../../platform/http/api-schemas.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { addDays, seoulDay } from '../../platform/time/seoul.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { consultationDepsFrom } from '../consultations.deps.ts';
import {
  bookingHistory,
  cancel,
  checkResidency,
  getBooking,
  getBookingByReference,
  listBookings,
  listFreeSlots,
  move,
  type SlotsResult,
} from '../booking/booking.service.ts';
import { listExperts } from '../schedule/schedule.repository.ts';
import { requireSettings } from '../schedule/schedule.service.ts';
import { bookableDays } from '../schedule/slot-grid.ts';
import { BOOKING_ROLES, CONSOLE_PATH, consoleFormat, SCHEDULE_ROLES, sendHtml } from './consultations-console.layout.ts';
import { bookingPage, bookingPath, dayPage, movePage } from './bookings.view.ts';
import { engineErrorField } from './console-errors.ts';
import { staffActor } from '../consultations.http.ts';
import { parseSlotValue } from './slot-picker.view.ts';

// The officials' pages of bookings: a day's list and finding one by its
// reference; a booking with its history and reminders; moving it, cancelling
// it and recording the residency check for a caller, each through the
// engine's own functions (the same rules, audit and messages as the API).

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string | undefined): s is string => !!s && DAY.test(s) && !Number.isNaN(Date.parse(s));
const lang = z.enum(['ko', 'en']).optional();
const idParams = z.object({ id: rowIdSchema });
const version = z.coerce.number().int().positive().max(1_000_000_000).optional();

export const consoleBookingRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = consultationDepsFrom(appDeps);
  const read = guard(BOOKING_ROLES);

  async function renderDay(request: FastifyRequest, reply: FastifyReply, q: { day?: string; expert?: string; reference?: string }, errors: FieldError[] = [], status = 200) {
    const district = request.staff!.districtCode;
    const t = consoleFormat(request.locale).t;
    let day = q.day ?? seoulDay(deps.clock());
    if (!isDay(day)) {
      errors = [...errors, { field: 'day', message: t('err_day') }];
      day = seoulDay(deps.clock());
    }
    const experts = await listExperts(deps.db, district);
    const expert = experts.find((e) => String(e.id) === q.expert);
    const bookings = await listBookings(deps, { districtCode: district, from: day, to: day, expertId: expert?.id });
    return sendHtml(reply, dayPage(request, { day, expert: expert ? String(expert.id) : '', experts, bookings, reference: q.reference, errors }), status);
  }

  app.get(CONSOLE_PATH, {
    preValidation: read,
    schema: { hide: true, querystring: z.object({ lang, day: z.string().max(20).optional(), expert: z.string().max(20).optional() }) },
  }, async (request, reply) => renderDay(request, reply, request.query));

  app.get(`${CONSOLE_PATH}/find`, {
    preValidation: read,
    schema: { hide: true, querystring: z.object({ lang, reference: z.string().max(40).optional() }) },
  }, async (request, reply) => {
    const t = consoleFormat(request.locale).t;
    const typed = (request.query.reference ?? '').trim();
    const compact = typed.toUpperCase().replace(/[\s-]/g, '');
    if (!/^[0-9A-Z]{8}$/.test(compact)) return renderDay(request, reply, { reference: typed }, [{ field: 'reference', message: t('err_reference_format') }], 400);
    try {
      const booking = await getBookingByReference(deps, request.staff!.districtCode, `${compact.slice(0, 4)}-${compact.slice(4)}`);
      return reply.redirect(`${bookingPath(booking.id)}?lang=${request.locale}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'booking_not_found') throw error;
      return renderDay(request, reply, { reference: typed }, [{ field: 'reference', message: t('err_reference_unknown') }], 404);
    }
  });

  // ------------------------------------------------------------- one booking
  const flashes = z.object({
    lang,
    booked: z.literal('1').optional(),
    moved: z.literal('1').optional(),
    unchanged: z.literal('1').optional(),
    cancelled: z.literal('1').optional(),
    residency: z.literal('1').optional(),
  });

  async function renderBooking(request: FastifyRequest, reply: FastifyReply, id: number, extra: { flash?: string | null; errors?: FieldError[]; cancelReason?: string } = {}, status = 200) {
    const staff = request.staff!;
    const booking = await getBooking(deps, { by: 'id', districtCode: staff.districtCode, id });
    const history = await bookingHistory(deps, staff.districtCode, id);
    return sendHtml(reply, bookingPage(request, {
      booking, events: history.events, reminders: history.reminders, canCheckResidency: SCHEDULE_ROLES.includes(staff.role), ...extra,
    }), status);
  }

  app.get(`${CONSOLE_PATH}/bookings/:id`, { preValidation: read, schema: { hide: true, params: idParams, querystring: flashes } }, async (request, reply) => {
    const q = request.query;
    const t = consoleFormat(request.locale).t;
    let flash: string | null = null;
    if (q.booked) {
      const b = await getBooking(deps, { by: 'id', districtCode: request.staff!.districtCode, id: request.params.id });
      flash = t('flash_booked', { reference: b.reference });
    } else if (q.moved) flash = t('flash_moved');
    else if (q.unchanged) flash = t('flash_unchanged');
    else if (q.cancelled) flash = t('flash_cancelled');
    else if (q.residency) flash = t('flash_residency');
    return renderBooking(request, reply, request.params.id, { flash });
  });

  app.post(`${CONSOLE_PATH}/bookings/:id/cancel`, {
    preValidation: read,
    schema: { hide: true, params: idParams, querystring: z.object({ lang }), body: z.object({ _csrf: z.string().optional(), reason: z.string().max(5000).optional(), version }) },
  }, async (request, reply) => {
    const id = request.params.id;
    const reason = (request.body.reason ?? '').trim();
    if (!reason || reason.length > 500) {
      return renderBooking(request, reply, id, { cancelReason: request.body.reason, errors: [{ field: 'cancel-reason', message: consoleFormat(request.locale).t('err_cancel_reason') }] }, 400);
    }
    try {
      await cancel(deps, { by: 'id', districtCode: request.staff!.districtCode, id }, staffActor(request), { reason, version: request.body.version });
    } catch (error) {
      if (!(error instanceof AppError) || !['booking_changed', 'booking_not_active'].includes(error.code)) throw error;
      return renderBooking(request, reply, id, { cancelReason: request.body.reason, errors: [{ field: 'cancel-reason', message: error.localized(request.locale) }] }, error.status);
    }
    return reply.redirect(`${bookingPath(id)}?lang=${request.locale}&cancelled=1`, 303);
  });

  app.post(`${CONSOLE_PATH}/bookings/:id/residency`, {
    preValidation: guard(SCHEDULE_ROLES),
    schema: { hide: true, params: idParams, querystring: z.object({ lang }), body: z.object({ _csrf: z.string().optional(), result: z.string().max(20).optional(), version }) },
  }, async (request, reply) => {
    const id = request.params.id;
    const result = request.body.result;
    if (result !== 'confirmed' && result !== 'not_confirmed') {
      return renderBooking(request, reply, id, { errors: [{ field: 'residency-result', message: consoleFormat(request.locale).t('err_residency_result') }] }, 400);
    }
    try {
      await checkResidency(deps, { id, result, version: request.body.version }, staffActor(request));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'booking_changed') throw error;
      return renderBooking(request, reply, id, { errors: [{ field: 'residency-result', message: error.localized(request.locale) }] }, error.status);
    }
    return reply.redirect(`${bookingPath(id)}?lang=${request.locale}&residency=1`, 303);
  });

  // ------------------------------------------------------------- moving
  interface MoveState {
    day?: string;
    expert?: string;
    insideNotice: boolean;
    slot: string;
    overrideReason: string;
  }

  async function renderMove(request: FastifyRequest, reply: FastifyReply, id: number, s: MoveState, errors: FieldError[] = [], status = 200) {
    const staff = request.staff!;
    const t = consoleFormat(request.locale).t;
    const booking = await getBooking(deps, { by: 'id', districtCode: staff.districtCode, id });
    const settings = await requireSettings(deps.db, staff.districtCode);
    const experts = (await listExperts(deps.db, staff.districtCode, { activeOnly: true })).filter((e) => e.fields.includes(booking.field.code));
    const { first } = bookableDays(deps.clock(), settings);
    let day = s.day || (s.insideNotice ? seoulDay(deps.clock()) : booking.day > first ? booking.day : first);
    if (!isDay(day)) {
      errors = [...errors, { field: 'day', message: t('err_day') }];
      day = first;
    }
    // Moving keeps the expert unless the official asks for another (or any).
    const expert = experts.find((e) => String(e.id) === (s.expert ?? String(booking.expert.id)));
    let slots: SlotsResult | null = null;
    if (booking.state === 'booked' || booking.state === 'moved') {
      slots = await listFreeSlots(deps, { districtCode: staff.districtCode, fieldCode: booking.field.code, from: day, to: addDays(day, 13), expertId: expert?.id, ignoreMinimumNotice: s.insideNotice });
    }
    return sendHtml(reply, movePage(request, {
      booking, experts, slots, day, expert: expert ? String(expert.id) : '', insideNotice: s.insideNotice, slot: s.slot, overrideReason: s.overrideReason,
      minNoticeDays: settings.minNoticeDays, errors,
    }), status);
  }

  const moveFilter = { day: z.string().max(20).optional(), expert: z.string().max(20).optional(), insideNotice: z.string().max(5).optional() };

  app.get(`${CONSOLE_PATH}/bookings/:id/move`, {
    preValidation: read,
    schema: { hide: true, params: idParams, querystring: z.object({ lang, ...moveFilter }) },
  }, async (request, reply) => {
    const q = request.query;
    return renderMove(request, reply, request.params.id, { day: q.day, expert: q.expert, insideNotice: q.insideNotice === '1', slot: '', overrideReason: '' });
  });

  app.post(`${CONSOLE_PATH}/bookings/:id/move`, {
    preValidation: read,
    schema: {
      hide: true, params: idParams, querystring: z.object({ lang }),
      body: z.object({ _csrf: z.string().optional(), ...moveFilter, slot: z.string().max(80).optional(), overrideReason: z.string().max(5000).optional(), version }),
    },
  }, async (request, reply) => {
    const id = request.params.id;
    const b = request.body;
    const t = consoleFormat(request.locale).t;
    const state: MoveState = { day: b.day, expert: b.expert, insideNotice: b.insideNotice === '1', slot: b.slot ?? '', overrideReason: b.overrideReason ?? '' };
    const slot = parseSlotValue(b.slot);
    if (!slot) return renderMove(request, reply, id, state, [{ field: 'slot', message: t('err_slot') }], 400);
    const settings = await requireSettings(deps.db, request.staff!.districtCode);
    const inside = seoulDay(new Date(slot.slotStart)) < bookableDays(deps.clock(), settings).first;
    const reason = state.overrideReason.trim();
    if (inside && (!reason || reason.length > 500)) return renderMove(request, reply, id, { ...state, insideNotice: true }, [{ field: 'override-reason', message: t('err_override') }], 400);
    try {
      const result = await move(deps, { by: 'id', districtCode: request.staff!.districtCode, id }, {
        expertId: slot.expertId, slotStart: slot.slotStart, version: b.version, overrideNotice: inside ? { reason } : undefined,
      }, staffActor(request));
      return reply.redirect(`${bookingPath(id)}?lang=${request.locale}&${result.messageId === null ? 'unchanged' : 'moved'}=1`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const field = engineErrorField(error.code);
      if (!field) throw error;
      return renderMove(request, reply, id, state, [{ field: field === 'override-reason' ? field : 'slot', message: error.localized(request.locale) }], error.status);
    }
  });
};
