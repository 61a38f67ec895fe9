import { z } from 'zod';
import { requireStaff } from '../../platform/auth/auth.guard.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { hitRateLimits } from '../../platform/rate-limit/window-counters.ts';
import { AppError, tooManyRequests } from '../../platform/errors.ts';
import {
  applyContactRequest,
  awaitingSchema,
  confirmContactForm,
  contactFormConfirmInput,
  contactFormInput,
  contactFormResendInput,
  resendContactFormCodes,
  submitContactForm,
} from '../contact-requests/contact-requests.service.ts';
import { deskDashboard, dashboardSchema } from '../dashboard/dashboard.repository.ts';
import { CANNED_READ_ROLES, CANNED_WRITE_ROLES, DESK_DASHBOARD_ROLES, OFFLINE_ROLES } from '../desk-console.layout.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import {
  answerOfflineMessage,
  cannedAnswerInput,
  cannedAnswerSchema,
  createCannedAnswer,
  deleteCannedAnswer,
  listCannedAnswers,
  listOfflineMessages,
  offlineAnswer,
  offlineMessageSchema,
  recordSatisfaction,
  satisfactionInput,
  sendTranscript,
  transcriptInput,
  updateCannedAnswer,
} from './extras.service.ts';

// JSON API of the desk's extras, and their staff pages (console-pages.*).
// Staff routes take the district from the session; resident routes (under
// /r/desk) are authorised by the conversation's resume token and
// rate-limited per address.

// Path ids are read as text and checked in the handler: validation runs
// before the role guard, and an anonymous caller must get 401, not 400.
const idParams = z.object({ id: z.string().max(20) });
const pathId = (value: string): number => {
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new AppError('not_found', 404, { ko: '찾을 수 없습니다.', en: 'Not found.' });
  return Number(value);
};
const ok = z.object({ ok: z.literal(true) });

export const deskExtrasRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = deskDepsFrom(appDeps);
  const residentLimit = async (ip: string) => {
    const decision = await hitRateLimits(deps.db, [{ key: `desk-r:${ip}`, windowSeconds: 600, max: 60 }]);
    if (!decision.allowed) throw tooManyRequests({ ko: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.', en: 'Too many requests; try again in a few minutes.' });
  };

  // ------------------------------------------------------------ canned answers
  app.get('/api/desk/canned-answers', {
    preValidation: requireStaff(CANNED_READ_ROLES),
    schema: { tags: ['desk'], summary: "Canned answers of the staff member's district", response: { 200: z.object({ answers: z.array(cannedAnswerSchema) }) } },
  }, async (request) => ({ answers: await listCannedAnswers(deps.db, request.staff!.districtCode) }));

  app.post('/api/desk/canned-answers', {
    preValidation: requireStaff(CANNED_WRITE_ROLES),
    schema: { tags: ['desk'], summary: 'Add a canned answer (Korean and English)', body: cannedAnswerInput, response: { 201: cannedAnswerSchema } },
  }, async (request, reply) => reply.code(201).send(await createCannedAnswer(deps.db, request.staff!.districtCode, request.staff!.id, request.body)));

  app.put('/api/desk/canned-answers/:id', {
    preValidation: requireStaff(CANNED_WRITE_ROLES),
    schema: { tags: ['desk'], summary: 'Change a canned answer', params: idParams, body: cannedAnswerInput, response: { 200: cannedAnswerSchema } },
  }, async (request) => updateCannedAnswer(deps.db, request.staff!.districtCode, request.staff!.id, pathId(request.params.id), request.body));

  app.delete('/api/desk/canned-answers/:id', {
    preValidation: requireStaff(CANNED_WRITE_ROLES),
    schema: { tags: ['desk'], summary: 'Remove a canned answer', params: idParams, response: { 200: ok } },
  }, async (request) => {
    await deleteCannedAnswer(deps.db, request.staff!.districtCode, pathId(request.params.id));
    return { ok: true as const };
  });

  // ---------------------------------------------------------- offline messages
  app.get('/api/desk/offline-messages', {
    preValidation: requireStaff(OFFLINE_ROLES),
    schema: { tags: ['desk'], summary: 'Messages left through the offline form', querystring: z.object({ state: z.enum(['open', 'answered']).default('open') }), response: { 200: z.object({ messages: z.array(offlineMessageSchema) }) } },
  }, async (request) => ({ messages: await listOfflineMessages(deps.db, request.staff!.districtCode, request.query.state) }));

  app.post('/api/desk/offline-messages/:id/answer', {
    preValidation: requireStaff(OFFLINE_ROLES),
    schema: {
      tags: ['desk'], summary: 'Answer an offline message: sent through the delivery engine to the contact the resident gave (topic desk_reply)',
      params: idParams, body: z.object({ answer: offlineAnswer }), response: { 201: z.object({ messageId: z.number().int() }) },
    },
  }, async (request, reply) => reply.code(201).send(await answerOfflineMessage(deps, { districtCode: request.staff!.districtCode, id: pathId(request.params.id), staffId: request.staff!.id, answer: request.body.answer })));

  // -------------------------------------------------------- structured requests
  app.post('/api/desk/conversations/:id/contact-requests/:messageId/apply', {
    preValidation: requireStaff(['admin', 'desk_agent', 'tax_official']),
    schema: {
      tags: ['desk'], summary: "Apply a resident's contact-update form to the matching taxpayer (audit, re-check and re-send as for official edits)",
      description: 'Only the agent the conversation is assigned to (403 not_assigned otherwise); only a form whose new contacts the resident confirmed with the codes sent to them (409 form_unconfirmed for forms sent before codes were required).',
      params: z.object({ id: z.string().max(20), messageId: z.string().max(20) }),
      body: z.object({ taxpayerNo: z.string().trim().min(1).max(40).optional() }),
      response: { 200: z.object({ taxpayerId: z.number().int(), changedFields: z.array(z.string()), resentMessageIds: z.array(z.number().int()) }) },
    },
  }, async (request) => applyContactRequest(deps, {
    districtCode: request.staff!.districtCode, conversationId: pathId(request.params.id), messageId: pathId(request.params.messageId), staffId: request.staff!.id,
    ...(request.body.taxpayerNo ? { taxpayerNo: request.body.taxpayerNo } : {}),
  }));

  // ----------------------------------------------------------------- dashboard
  app.get('/api/desk/dashboard', {
    preValidation: requireStaff(DESK_DASHBOARD_ROLES),
    schema: { tags: ['desk'], summary: 'Waiting and handling times, satisfaction and volume per hour', querystring: z.object({ days: z.coerce.number().int().min(1).max(90).default(7) }), response: { 200: dashboardSchema } },
  }, async (request) => deskDashboard(deps.db, request.staff!.districtCode, request.query.days));

  // ------------------------------------------------------------ resident side
  const formAnswer = z.object({
    formId: z.number().int(),
    messageId: z.number().int().nullable().describe('the form in the conversation; null while codes are awaited'),
    awaiting: awaitingSchema.describe('new contacts a code was sent to, still to be confirmed (masked)'),
  });
  app.post('/r/desk/contact-form', {
    schema: {
      tags: ['desk'], summary: "A resident's contact-update form: sealed, and a code sent to each new contact (202); it reaches the agent once confirmed (201 when it has no new contact)",
      body: contactFormInput, response: { 201: formAnswer, 202: formAnswer },
    },
  }, async (request, reply) => {
    await residentLimit(request.ip);
    const { resumeToken, ...form } = request.body;
    const answer = await submitContactForm(deps, resumeToken, form);
    return reply.code(answer.messageId === null ? 202 : 201).send(answer);
  });

  app.post('/r/desk/contact-form/confirm', {
    schema: { tags: ['desk'], summary: 'The codes sent to the new contacts of a form; with every one right, the form is posted into the conversation', body: contactFormConfirmInput, response: { 201: formAnswer } },
  }, async (request, reply) => {
    await residentLimit(request.ip);
    return reply.code(201).send(await confirmContactForm(deps, request.body));
  });

  app.post('/r/desk/contact-form/resend', {
    schema: { tags: ['desk'], summary: "New codes for a form's contacts not confirmed yet (earlier codes stop working)", body: contactFormResendInput, response: { 202: formAnswer } },
  }, async (request, reply) => {
    await residentLimit(request.ip);
    return reply.code(202).send(await resendContactFormCodes(deps, request.body));
  });

  app.post('/r/desk/satisfaction', {
    schema: { tags: ['desk'], summary: 'Rate a closed conversation 1–5, with an optional comment', body: satisfactionInput, response: { 201: ok } },
  }, async (request, reply) => {
    await residentLimit(request.ip);
    await recordSatisfaction(deps.db, request.body);
    return reply.code(201).send({ ok: true as const });
  });

  app.post('/r/desk/transcript', {
    schema: {
      tags: ['desk'],
      summary: 'E-mail the transcript of a closed conversation (through the delivery engine), only to an address confirmed by a code in this conversation',
      description: 'An address not confirmed yet gets a code (202, queued false); send the request again with `code`. An address confirmed for the contact-update form of the conversation needs no new code.',
      body: transcriptInput,
      response: { 201: z.object({ queued: z.literal(true) }), 202: z.object({ queued: z.literal(false), confirm: z.object({ field: z.literal('email'), to: z.string().describe('masked') }) }) },
    },
  }, async (request, reply) => {
    await residentLimit(request.ip);
    const answer = await sendTranscript(deps, request.body);
    return answer.queued ? reply.code(201).send({ queued: true as const }) : reply.code(202).send(answer);
  });
};
