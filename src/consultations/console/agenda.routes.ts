import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import { rowIdSchema } from '../../platform/http/api-schemas.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { seoulDay } from '../../platform/time/seoul.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { consultationDepsFrom } from '../consultations.deps.ts';
import { expertAgenda, recordOutcome, saveNote } from '../booking/booking.service.ts';
import { consoleFormat, EXPERT_ROLES, sendHtml } from './consultations-console.layout.ts';
import { staffActor } from '../consultations.http.ts';
import { agendaPage, AGENDA_PATH } from './agenda.view.ts';

// The expert's own day (expertAgenda: their bookings only, whoever asks for
// what), marking attendance and writing the private note through the
// engine (recordOutcome, saveNote: another expert's booking is 404 there).

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string | undefined): s is string => !!s && DAY.test(s) && !Number.isNaN(Date.parse(s));
const lang = z.enum(['ko', 'en']).optional();
const dayQuery = z.string().max(20).optional();
const version = z.coerce.number().int().positive().max(1_000_000_000).optional();

export const agendaPageRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = consultationDepsFrom(appDeps);
  const expertOnly = guard(EXPERT_ROLES);

  async function render(request: FastifyRequest, reply: FastifyReply, dayText: string | undefined, extra: { flash?: string | null; errors?: FieldError[]; notes?: Record<number, string> } = {}, status = 200) {
    const staff = request.staff!;
    const errors = [...(extra.errors ?? [])];
    let day = dayText ?? seoulDay(deps.clock());
    if (!isDay(day)) {
      errors.push({ field: 'day', message: consoleFormat(request.locale).t('err_day') });
      day = seoulDay(deps.clock());
    }
    let bookings: Awaited<ReturnType<typeof expertAgenda>> | null;
    try {
      bookings = await expertAgenda(deps, { districtCode: staff.districtCode, staffId: staff.id, day });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'expert_not_found') throw error;
      bookings = null;
    }
    return sendHtml(reply, agendaPage(request, { day, bookings, now: deps.clock(), ...extra, errors }), errors.length && status === 200 ? 400 : status);
  }

  const back = (request: FastifyRequest, day: string | undefined, id: number, flash: string) =>
    `${AGENDA_PATH}?lang=${request.locale}${isDay(day) ? `&day=${day}` : ''}&done=${flash}#booking-${id}`;

  app.get(AGENDA_PATH, {
    preValidation: expertOnly,
    schema: { hide: true, querystring: z.object({ lang, day: dayQuery, done: z.enum(['attended', 'no_show', 'note']).optional() }) },
  }, async (request, reply) => {
    const t = consoleFormat(request.locale).t;
    const done = request.query.done;
    const flash = done === 'attended' ? t('flash_attended') : done === 'no_show' ? t('flash_no_show') : done === 'note' ? t('flash_note') : null;
    return render(request, reply, request.query.day, { flash });
  });

  app.post(`${AGENDA_PATH}/:id/outcome`, {
    preValidation: expertOnly,
    schema: {
      hide: true, params: z.object({ id: rowIdSchema }), querystring: z.object({ lang, day: dayQuery }),
      body: z.object({ _csrf: z.string().optional(), outcome: z.enum(['attended', 'no_show']), version }),
    },
  }, async (request, reply) => {
    const id = request.params.id;
    try {
      await recordOutcome(deps, { id, outcome: request.body.outcome, version: request.body.version }, staffActor(request));
    } catch (error) {
      if (!(error instanceof AppError) || !['booking_changed', 'booking_not_active', 'outcome_too_early'].includes(error.code)) throw error;
      return render(request, reply, request.query.day, { errors: [{ field: `attended-${id}`, message: error.localized(request.locale) }] }, error.status);
    }
    return reply.redirect(back(request, request.query.day, id, request.body.outcome), 303);
  });

  app.post(`${AGENDA_PATH}/:id/note`, {
    preValidation: expertOnly,
    schema: {
      hide: true, params: z.object({ id: rowIdSchema }), querystring: z.object({ lang, day: dayQuery }),
      body: z.object({ _csrf: z.string().optional(), note: z.string().max(20_000).optional(), version }),
    },
  }, async (request, reply) => {
    const id = request.params.id;
    const note = request.body.note ?? '';
    if (note.trim().length > 2000) {
      return render(request, reply, request.query.day, { notes: { [id]: note }, errors: [{ field: `note-${id}`, message: consoleFormat(request.locale).t('err_note') }] }, 400);
    }
    try {
      await saveNote(deps, { id, note, version: request.body.version }, staffActor(request));
    } catch (error) {
      if (!(error instanceof AppError) || !['booking_changed', 'booking_not_active'].includes(error.code)) throw error;
      return render(request, reply, request.query.day, { notes: { [id]: note }, errors: [{ field: `note-${id}`, message: error.localized(request.locale) }] }, error.status);
    }
    return reply.redirect(back(request, request.query.day, id, 'note'), 303);
  });
};
