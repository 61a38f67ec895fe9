import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { consultationDepsFrom } from '../consultations.deps.ts';
import { BOOKING_ROLES, SCHEDULE_ROLES, residentLimits, staffActor } from '../consultations.http.ts';
import { consultationError } from '../consultations.messages.ts';
import { dayString } from '../booking/booking.schema.ts';
import { cancelRegistration, createSession, getRegistration, getSession, listSessions, register, registrationCsv, registrationList, registrationTokenHash } from './sessions.service.ts';
import { registrationInput, registrationListView, registrationView, sessionInput, sessionView } from './sessions.schema.ts';

// Regional explanation sessions' JSON API:
//   residents (public, rate-limited per address, and per link for cancelling):
//     GET  /r/api/consultations/:district/sessions                 open sessions
//     GET  /r/api/consultations/:district/sessions/:id
//     POST /r/api/consultations/:district/sessions/:id/registrations   after the one-time code
//                                                                  (POST /r/api/consultations/:district/codes …)
//     GET  /r/api/consultations/sessions/registrations/:token      the personal link
//     POST /r/api/consultations/sessions/registrations/:token/cancel
//   staff (the session's district):
//     POST /api/consultations/sessions, GET /api/consultations/sessions,
//     GET  /api/consultations/sessions/:id/registrations (JSON) and …/registrations.csv

const TAGS = ['consultations'];
const districtParams = z.object({ district: z.string().min(1).max(40) });
const idOf = (value: string): number => {
  if (!/^[1-9]\d{0,15}$/.test(value)) throw consultationError(404, 'session_not_found');
  return Number(value);
};
const tokenParams = z.object({ token: z.string().min(20).max(64) });
const registrationResult = z.object({ registration: registrationView, token: z.string().describe('the personal link token: keep it, it is shown once'), link: z.string() });

export const sessionRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = consultationDepsFrom(appDeps);
  const limits = residentLimits(deps);
  const tokenKey = (request: FastifyRequest) => registrationTokenHash(deps, (request.params as { token: string }).token).toString('hex').slice(0, 32);
  const linkWrites = limits.linkWrites(tokenKey);

  // ========================================================== residents
  app.get('/r/api/consultations/:district/sessions', {
    preHandler: limits.reads,
    schema: { tags: TAGS, summary: "The district's open explanation sessions (seats left)", params: districtParams, response: { 200: z.object({ sessions: z.array(sessionView) }) } },
  }, async (request) => ({ sessions: await listSessions(deps, { districtCode: request.params.district, openOnly: true }) }));

  app.get('/r/api/consultations/:district/sessions/:id', {
    preHandler: limits.reads,
    schema: { tags: TAGS, summary: 'One session', params: districtParams.extend({ id: z.string().max(20) }), response: { 200: z.object({ session: sessionView }) } },
  }, async (request) => ({ session: await getSession(deps, request.params.district, idOf(request.params.id)) }));

  app.post('/r/api/consultations/:district/sessions/:id/registrations', {
    preHandler: limits.writes,
    schema: {
      tags: TAGS,
      summary: 'Register for a session (after the one-time code): 201 with the reference and personal link; 409 session_full / session_closed / already_registered',
      params: districtParams.extend({ id: z.string().max(20) }), body: registrationInput, response: { 201: registrationResult },
    },
  }, async (request, reply) => {
    const r = await register(deps, { districtCode: request.params.district, sessionId: idOf(request.params.id), input: request.body });
    return reply.code(201).send({ registration: r.registration, token: r.token, link: r.link });
  });

  app.get('/r/api/consultations/sessions/registrations/:token', {
    preHandler: limits.reads,
    schema: { tags: TAGS, summary: 'A registration by its personal link', params: tokenParams, response: { 200: z.object({ registration: registrationView }) } },
  }, async (request) => ({ registration: await getRegistration(deps, request.params.token) }));

  app.post('/r/api/consultations/sessions/registrations/:token/cancel', {
    preHandler: linkWrites,
    schema: { tags: TAGS, summary: 'Cancel a registration (until the session begins): the seats go back', params: tokenParams, response: { 200: z.object({ registration: registrationView }) } },
  }, async (request) => ({ registration: await cancelRegistration(deps, request.params.token) }));

  // ============================================================== staff
  app.post('/api/consultations/sessions', {
    preValidation: guard(SCHEDULE_ROLES),
    schema: { tags: TAGS, summary: 'Create an explanation session of the district (title, place, start, end, capacity)', body: sessionInput, response: { 201: z.object({ session: sessionView }) } },
  }, async (request, reply) => reply.code(201).send({ session: await createSession(deps, request.body, staffActor(request)) }));

  app.get('/api/consultations/sessions', {
    preValidation: guard(BOOKING_ROLES),
    schema: { tags: TAGS, summary: 'Sessions of the district between two days (default: today and the next 90 days)', querystring: z.object({ from: dayString.optional(), to: dayString.optional() }), response: { 200: z.object({ sessions: z.array(sessionView) }) } },
  }, async (request) => ({ sessions: await listSessions(deps, { districtCode: request.staff!.districtCode, from: request.query.from, to: request.query.to }) }));

  app.get('/api/consultations/sessions/:id/registrations', {
    preValidation: guard(BOOKING_ROLES),
    schema: { tags: TAGS, summary: "A session's registration list (contacts masked)", params: z.object({ id: z.string().max(20) }), response: { 200: registrationListView } },
  }, async (request) => registrationList(deps, request.staff!.districtCode, idOf(request.params.id)));

  app.get('/api/consultations/sessions/:id/registrations.csv', {
    preValidation: guard(SCHEDULE_ROLES),
    schema: { tags: TAGS, summary: "A session's registration list as CSV, with full contacts (audited)", params: z.object({ id: z.string().max(20) }), produces: ['text/csv'] },
  }, async (request, reply) => {
    const csv = await registrationCsv(deps, idOf(request.params.id), staffActor(request));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${csv.filename}"`).header('cache-control', 'no-store').send(csv.body);
  });
};
