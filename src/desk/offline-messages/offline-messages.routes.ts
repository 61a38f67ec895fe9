import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard, requireStaff } from '../../platform/auth/auth.guard.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { OFFLINE_ROLES, sendHtml } from '../desk-console.layout.ts';
import { idParams, pathId } from '../desk.http.ts';
import { offlineMessageMessages } from './offline-messages.messages.ts';
import { findOfflineMessage, listOfflineMessages } from './offline-messages.repository.ts';
import { offlineAnswer, offlineMessageSchema } from './offline-messages.schema.ts';
import { answerOfflineMessage, offlineMessageMissing } from './offline-messages.service.ts';
import { channelName, OFFLINE_ANSWER_FIELD, offlineMessagePage, offlineMessagesPage } from './offline-messages.view.ts';

// The offline messages on the staff side: the JSON API
// (/api/desk/offline-messages) and the staff pages
// (/console/desk/offline-messages: plain HTML forms, POST then 303 to a GET
// page with a confirmation). The district is the session's; another
// district's message is a 404. The resident's form is offline-form.routes.ts.

const page = { hide: true } as const;
const lang = { lang: z.enum(['ko', 'en']).optional() };
const pageIdParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const text = z.string().max(10_000).optional();

export const offlineMessageRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.db;

  // ------------------------------------------------------------------ JSON API
  app.get('/api/desk/offline-messages', {
    preValidation: requireStaff(OFFLINE_ROLES),
    schema: { tags: ['desk'], summary: 'Messages left through the offline form', querystring: z.object({ state: z.enum(['open', 'answered']).default('open') }), response: { 200: z.object({ messages: z.array(offlineMessageSchema) }) } },
  }, async (request) => ({ messages: await listOfflineMessages(db, request.staff!.districtCode, request.query.state) }));

  app.post('/api/desk/offline-messages/:id/answer', {
    preValidation: requireStaff(OFFLINE_ROLES),
    schema: {
      tags: ['desk'], summary: 'Answer an offline message: sent through the delivery engine to the contact the resident gave (topic desk_reply)',
      params: idParams, body: z.object({ answer: offlineAnswer }), response: { 201: z.object({ messageId: z.number().int() }) },
    },
  }, async (request, reply) => reply.code(201).send(await answerOfflineMessage(deps, { districtCode: request.staff!.districtCode, id: pathId(request.params.id), staffId: request.staff!.id, answer: request.body.answer })));

  // ---------------------------------------------------------------- staff pages
  app.get('/console/desk/offline-messages', {
    preValidation: guard(OFFLINE_ROLES),
    schema: {
      ...page,
      querystring: z.object({ ...lang, state: z.enum(['open', 'answered']).default('open'), answered: z.coerce.number().int().min(1).optional(), message: z.coerce.number().int().min(1).optional() }),
    },
  }, async (request, reply) => {
    const districtCode = request.staff!.districtCode;
    const q = request.query;
    const answered = q.answered ? await findOfflineMessage(db, districtCode, q.answered) : null;
    const flash = answered && answered.answer !== null && q.message
      ? offlineMessageMessages.t(request.locale, 'offline_sent', { reference: answered.reference, channel: channelName(request.locale, answered.replyChannel), messageId: q.message })
      : undefined;
    return sendHtml(reply, offlineMessagesPage(request, { state: q.state, messages: await listOfflineMessages(db, districtCode, q.state), flash }));
  });

  const offlineOf = async (request: FastifyRequest, id: number) => {
    const found = await findOfflineMessage(db, request.staff!.districtCode, id);
    if (!found) throw offlineMessageMissing();
    return found;
  };

  app.get('/console/desk/offline-messages/:id', {
    preValidation: guard(OFFLINE_ROLES),
    schema: { ...page, params: pageIdParams, querystring: z.object(lang) },
  }, async (request, reply) => sendHtml(reply, offlineMessagePage(request, { message: await offlineOf(request, request.params.id) })));

  app.post('/console/desk/offline-messages/:id', {
    preValidation: guard(OFFLINE_ROLES),
    schema: { ...page, params: pageIdParams, querystring: z.object(lang), body: z.object({ _csrf: z.string().optional(), answer: text }) },
  }, async (request, reply) => {
    const staff = request.staff!;
    const message = await offlineOf(request, request.params.id);
    if (message.answer !== null) return sendHtml(reply, offlineMessagePage(request, { message }), 409);
    const answer = offlineAnswer.safeParse(request.body.answer ?? '');
    if (!answer.success) {
      const errors = [{ field: OFFLINE_ANSWER_FIELD, message: offlineMessageMessages.t(request.locale, 'err_answer') }];
      return sendHtml(reply, offlineMessagePage(request, { message, answer: request.body.answer, errors }), 400);
    }
    const { messageId } = await answerOfflineMessage(deps, { districtCode: staff.districtCode, id: message.id, staffId: staff.id, answer: answer.data });
    return reply.redirect(`/console/desk/offline-messages?lang=${request.locale}&answered=${message.id}&message=${messageId}`, 303);
  });
};
