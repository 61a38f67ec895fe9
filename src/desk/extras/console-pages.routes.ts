import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { cannedAnswerEditPage, cannedAnswerRemovePage, cannedAnswersPage, CANNED_FIELDS, type CannedForm } from '../canned-answers/canned-answers.view.ts';
import { dashboardPage } from '../dashboard/dashboard.view.ts';
import { CANNED_READ_ROLES, CANNED_WRITE_ROLES, DESK_DASHBOARD_ROLES, OFFLINE_ROLES, sendHtml } from '../desk-console.layout.ts';
import { cpm } from '../desk-console.messages.ts';
import { channelName, OFFLINE_ANSWER_FIELD, offlineMessagePage, offlineMessagesPage } from '../offline-messages/offline-messages.view.ts';
import { deskDashboard } from '../dashboard/dashboard.repository.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import {
  answerOfflineMessage,
  cannedAnswerInput,
  createCannedAnswer,
  deleteCannedAnswer,
  findOfflineMessage,
  listCannedAnswers,
  listOfflineMessages,
  offlineAnswer,
  offlineMessageMissing,
  updateCannedAnswer,
  type CannedAnswer,
} from './extras.service.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';

// The desk's staff pages: plain HTML forms (POST, then 303 to a GET page
// with a confirmation), so they work without script. The district is the
// session's; another district's answer or message is a 404.

const page = { hide: true } as const;
const lang = { lang: z.enum(['ko', 'en']).optional() };
const idParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const text = z.string().max(10_000).optional();
const cannedBody = z.object({ _csrf: z.string().optional(), title: text, bodyKo: text, bodyEn: text });
const csrfOnly = z.object({ _csrf: z.string().optional() });

const CANNED_ERRORS = {
  title: { field: CANNED_FIELDS.title, key: 'err_title' },
  bodyKo: { field: CANNED_FIELDS.bodyKo, key: 'err_body_ko' },
  bodyEn: { field: CANNED_FIELDS.bodyEn, key: 'err_body_en' },
} as const;

/** The form checked by the API's own schema; each refused field becomes one line of the error summary. */
function checkCannedForm(locale: Locale, form: CannedForm): { ok: z.infer<typeof cannedAnswerInput> } | { errors: FieldError[] } {
  const parsed = cannedAnswerInput.safeParse({ title: form.title ?? '', bodyKo: form.bodyKo ?? '', bodyEn: form.bodyEn ?? '' });
  if (parsed.success) return { ok: parsed.data };
  const refused = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  const errors = (Object.keys(CANNED_ERRORS) as (keyof typeof CANNED_ERRORS)[])
    .filter((k) => refused.has(k))
    .map((k) => ({ field: CANNED_ERRORS[k].field, message: cpm.t(locale, CANNED_ERRORS[k].key) }));
  return { errors };
}

/** A duplicate title is the one refusal the database makes; it belongs to the title field. */
function duplicateTitle(locale: Locale, error: unknown): FieldError[] | null {
  if (error instanceof AppError && error.code === 'canned_answer_duplicate') return [{ field: CANNED_FIELDS.title, message: error.localized(locale) }];
  return null;
}

const cannedMissing = () => new AppError('canned_answer_not_found', 404, { ko: '준비된 답변을 찾을 수 없습니다.', en: 'Canned answer not found.' });

export const deskConsolePageRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = deskDepsFrom(appDeps);
  const db = deps.db;
  const canEdit = (request: FastifyRequest) => CANNED_WRITE_ROLES.includes(request.staff!.role);
  const cannedOf = async (request: FastifyRequest, id: number): Promise<CannedAnswer> => {
    const found = (await listCannedAnswers(db, request.staff!.districtCode)).find((a) => a.id === id);
    if (!found) throw cannedMissing();
    return found;
  };

  // ----------------------------------------------------------------- dashboard
  app.get('/console/desk/dashboard', {
    preValidation: guard(DESK_DASHBOARD_ROLES),
    schema: { ...page, querystring: z.object({ ...lang, days: z.coerce.number().int().min(1).max(90).default(7) }) },
  }, async (request, reply) => sendHtml(reply, dashboardPage(request, await deskDashboard(db, request.staff!.districtCode, request.query.days))));

  // ------------------------------------------------------------ canned answers
  app.get('/console/desk/canned-answers', {
    preValidation: guard(CANNED_READ_ROLES),
    schema: { ...page, querystring: z.object({ ...lang, done: z.enum(['added', 'changed', 'removed']).optional(), id: z.coerce.number().int().min(1).optional() }) },
  }, async (request, reply) => {
    const answers = await listCannedAnswers(db, request.staff!.districtCode);
    const { done, id } = request.query;
    const named = answers.find((a) => a.id === id);
    const flash = done === 'removed'
      ? cpm.t(request.locale, 'canned_removed')
      : done && named ? cpm.t(request.locale, done === 'added' ? 'canned_added' : 'canned_changed', { title: named.title }) : undefined;
    return sendHtml(reply, cannedAnswersPage(request, { answers, canEdit: canEdit(request), flash }));
  });

  app.post('/console/desk/canned-answers', {
    preValidation: guard(CANNED_WRITE_ROLES),
    schema: { ...page, querystring: z.object(lang), body: cannedBody },
  }, async (request, reply) => {
    const staff = request.staff!;
    const { _csrf, ...form } = request.body;
    const checked = checkCannedForm(request.locale, form);
    let errors = 'errors' in checked ? checked.errors : [];
    if ('ok' in checked) {
      try {
        const created = await createCannedAnswer(db, staff.districtCode, staff.id, checked.ok);
        return reply.redirect(`/console/desk/canned-answers?lang=${request.locale}&done=added&id=${created.id}`, 303);
      } catch (error) {
        const duplicate = duplicateTitle(request.locale, error);
        if (!duplicate) throw error;
        errors = duplicate;
      }
    }
    const answers = await listCannedAnswers(db, staff.districtCode);
    return sendHtml(reply, cannedAnswersPage(request, { answers, canEdit: true, form, errors }), 400);
  });

  app.get('/console/desk/canned-answers/:id', {
    preValidation: guard(CANNED_WRITE_ROLES),
    schema: { ...page, params: idParams, querystring: z.object(lang) },
  }, async (request, reply) => {
    const answer = await cannedOf(request, request.params.id);
    return sendHtml(reply, cannedAnswerEditPage(request, { answer, form: answer }));
  });

  app.post('/console/desk/canned-answers/:id', {
    preValidation: guard(CANNED_WRITE_ROLES),
    schema: { ...page, params: idParams, querystring: z.object(lang), body: cannedBody },
  }, async (request, reply) => {
    const staff = request.staff!;
    const answer = await cannedOf(request, request.params.id);
    const { _csrf, ...form } = request.body;
    const checked = checkCannedForm(request.locale, form);
    let errors = 'errors' in checked ? checked.errors : [];
    if ('ok' in checked) {
      try {
        await updateCannedAnswer(db, staff.districtCode, staff.id, answer.id, checked.ok);
        return reply.redirect(`/console/desk/canned-answers?lang=${request.locale}&done=changed&id=${answer.id}`, 303);
      } catch (error) {
        const duplicate = duplicateTitle(request.locale, error);
        if (!duplicate) throw error;
        errors = duplicate;
      }
    }
    return sendHtml(reply, cannedAnswerEditPage(request, { answer, form, errors }), 400);
  });

  app.get('/console/desk/canned-answers/:id/remove', {
    preValidation: guard(CANNED_WRITE_ROLES),
    schema: { ...page, params: idParams, querystring: z.object(lang) },
  }, async (request, reply) => sendHtml(reply, cannedAnswerRemovePage(request, await cannedOf(request, request.params.id))));

  app.post('/console/desk/canned-answers/:id/remove', {
    preValidation: guard(CANNED_WRITE_ROLES),
    schema: { ...page, params: idParams, querystring: z.object(lang), body: csrfOnly },
  }, async (request, reply) => {
    await deleteCannedAnswer(db, request.staff!.districtCode, request.params.id);
    return reply.redirect(`/console/desk/canned-answers?lang=${request.locale}&done=removed`, 303);
  });

  // ---------------------------------------------------------- offline messages
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
      ? cpm.t(request.locale, 'offline_sent', { reference: answered.reference, channel: channelName(request.locale, answered.replyChannel), messageId: q.message })
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
    schema: { ...page, params: idParams, querystring: z.object(lang) },
  }, async (request, reply) => sendHtml(reply, offlineMessagePage(request, { message: await offlineOf(request, request.params.id) })));

  app.post('/console/desk/offline-messages/:id', {
    preValidation: guard(OFFLINE_ROLES),
    schema: { ...page, params: idParams, querystring: z.object(lang), body: z.object({ _csrf: z.string().optional(), answer: text }) },
  }, async (request, reply) => {
    const staff = request.staff!;
    const message = await offlineOf(request, request.params.id);
    if (message.answer !== null) return sendHtml(reply, offlineMessagePage(request, { message }), 409);
    const answer = offlineAnswer.safeParse(request.body.answer ?? '');
    if (!answer.success) {
      const errors = [{ field: OFFLINE_ANSWER_FIELD, message: cpm.t(request.locale, 'err_answer') }];
      return sendHtml(reply, offlineMessagePage(request, { message, answer: request.body.answer, errors }), 400);
    }
    const { messageId } = await answerOfflineMessage(deps, { districtCode: staff.districtCode, id: message.id, staffId: staff.id, answer: answer.data });
    return reply.redirect(`/console/desk/offline-messages?lang=${request.locale}&answered=${message.id}&message=${messageId}`, 303);
  });
};
