import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { addDays, seoulDay } from '../../platform/time/seoul.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { consultationDepsFrom } from '../consultations.deps.ts';
import { consultationError } from '../consultations.messages.ts';
import { BOOKING_ROLES, SCHEDULE_ROLES, staffActor } from '../consultations.http.ts';
import { createSession, listSessions, registrationList } from '../sessions/sessions.service.ts';
import { sendHtml } from '../console/consultations-console.layout.ts';
import { sessionsConsoleMessages as m } from './sessions-console.messages.ts';
import { inPersonPageRoutes } from './in-person.routes.ts';
import { createPage, emptySessionForm, listPage, registrationsPage, SESSION_TEXT_FIELDS, SESSIONS_PATH, type SessionForm } from './sessions-console.view.ts';

// Officials' pages of explanation sessions under /console/consultations/sessions:
// the district's sessions (staff who book), creating one (officials, as
// POST /api/consultations/sessions; every value checked here first so each
// refusal names its control in both languages), and a session's
// registration list (masked) with the CSV link; and the in-person day's
// settings (in-person.routes.ts). The district is the session's: another
// district's session is 404.

const lang = z.enum(['ko', 'en']).optional();
const text = z.string().max(400).optional();
const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export function readSessionForm(request: FastifyRequest, form: SessionForm, now: Date): { input: Parameters<typeof createSession>[1] } | { errors: FieldError[] } {
  const t = (key: Parameters<typeof m.t>[1], vars?: Record<string, string | number>) => m.t(request.locale, key, vars);
  const errors: FieldError[] = [];
  for (const [key, id, label] of SESSION_TEXT_FIELDS) {
    const v = form[key].trim();
    if (!v || v.length > (key.startsWith('address') ? 300 : 200)) errors.push({ field: id, message: t('err_required', { label: t(label) }) });
  }
  const dayOk = /^\d{4}-\d{2}-\d{2}$/.test(form.day.trim()) && !Number.isNaN(Date.parse(`${form.day.trim()}T00:00:00+09:00`)) && seoulDay(new Date(`${form.day.trim()}T12:00:00+09:00`)) === form.day.trim();
  if (!dayOk) errors.push({ field: 'day', message: t('err_day') });
  const time = (v: string) => { const x = TIME.exec(v.trim()); return x ? `${x[1]!.padStart(2, '0')}:${x[2]}` : null; };
  const start = time(form.start);
  const end = time(form.end);
  if (!start) errors.push({ field: 'start', message: t('err_time') });
  if (!end) errors.push({ field: 'end', message: t('err_time') });
  const capacity = /^\d{1,5}$/.test(form.capacity.trim()) ? Number(form.capacity.trim()) : NaN;
  if (!(capacity >= 1 && capacity <= 10000)) errors.push({ field: 'capacity', message: t('err_capacity') });
  if (dayOk && start && end) {
    const startIso = `${form.day.trim()}T${start}:00+09:00`;
    const endIso = `${form.day.trim()}T${end}:00+09:00`;
    if (new Date(startIso) <= now) errors.push({ field: 'start', message: t('err_past') });
    else if (new Date(endIso) <= new Date(startIso)) errors.push({ field: 'end', message: t('err_order') });
    if (!errors.length) {
      return { input: { titleKo: form.titleKo.trim(), titleEn: form.titleEn.trim(), placeNameKo: form.placeNameKo.trim(), placeNameEn: form.placeNameEn.trim(), addressKo: form.addressKo.trim(), addressEn: form.addressEn.trim(), start: startIso, end: endIso, capacity } };
    }
  }
  return { errors };
}

const idOf = (value: string): number | null => (/^[1-9]\d{0,15}$/.test(value) ? Number(value) : null);

export const sessionsConsoleRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = consultationDepsFrom(appDeps);
  inPersonPageRoutes(app, deps);

  app.get(SESSIONS_PATH, { preValidation: guard(BOOKING_ROLES), schema: { hide: true, querystring: z.object({ lang, created: z.literal('1').optional() }) } }, async (request, reply) => {
    const now = deps.clock();
    const from = addDays(seoulDay(now), -30);
    const sessions = await listSessions(deps, { districtCode: request.staff!.districtCode, from, to: addDays(from, 120) });
    return sendHtml(reply, listPage(request, { sessions, now, canCreate: SCHEDULE_ROLES.includes(request.staff!.role), flash: request.query.created ? m.t(request.locale, 'created') : null }));
  });

  app.get(`${SESSIONS_PATH}/new`, { preValidation: guard(SCHEDULE_ROLES), schema: { hide: true, querystring: z.object({ lang }) } }, async (request, reply) =>
    sendHtml(reply, createPage(request, { form: emptySessionForm, errors: [] })));

  app.post(`${SESSIONS_PATH}/new`, {
    preValidation: guard(SCHEDULE_ROLES),
    schema: {
      hide: true, querystring: z.object({ lang }),
      body: z.object({ _csrf: z.string().optional(), titleKo: text, titleEn: text, placeNameKo: text, placeNameEn: text, addressKo: text, addressEn: text, day: text, start: text, end: text, capacity: text }),
    },
  }, async (request, reply) => {
    const b = request.body;
    const form: SessionForm = { ...emptySessionForm };
    for (const k of Object.keys(emptySessionForm) as (keyof SessionForm)[]) form[k] = b[k] ?? '';
    const read = readSessionForm(request, form, deps.clock());
    if ('errors' in read) return sendHtml(reply, createPage(request, { form, errors: read.errors }), 400);
    try {
      await createSession(deps, read.input, staffActor(request));
    } catch (error) {
      // The form's checks match the engine's; this is the engine's word should they ever differ.
      if (!(error instanceof AppError) || error.code !== 'session_invalid') throw error;
      return sendHtml(reply, createPage(request, { form, errors: [{ field: 'start', message: m.t(request.locale, 'err_order') }] }), 400);
    }
    return reply.redirect(`${SESSIONS_PATH}?lang=${request.locale}&created=1`, 303);
  });

  app.get(`${SESSIONS_PATH}/:id`, { preValidation: guard(BOOKING_ROLES), schema: { hide: true, params: z.object({ id: z.string().max(20) }), querystring: z.object({ lang }) } }, async (request, reply) => {
    const id = idOf(request.params.id);
    if (id === null) throw consultationError(404, 'session_not_found');
    const list = await registrationList(deps, request.staff!.districtCode, id);
    return sendHtml(reply, registrationsPage(request, { list, canDownload: SCHEDULE_ROLES.includes(request.staff!.role) }));
  });
};
