import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard, requireStaff } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { CANNED_READ_ROLES, CANNED_WRITE_ROLES, sendHtml } from '../desk-console.layout.ts';
import { idParams, okAnswer, pathId } from '../desk.http.ts';
import { cannedAnswerMessages } from './canned-answers.messages.ts';
import {
  cannedAnswerMissing,
  createCannedAnswer,
  deleteCannedAnswer,
  findCannedAnswer,
  listCannedAnswers,
  updateCannedAnswer,
} from './canned-answers.repository.ts';
import { cannedAnswerInput, cannedAnswerSchema, type CannedAnswer } from './canned-answers.schema.ts';
import { cannedAnswerEditPage, cannedAnswerRemovePage, cannedAnswersPage, CANNED_FIELDS, type CannedForm } from './canned-answers.view.ts';

// Canned answers: the JSON API the live console reads them through
// (/api/desk/canned-answers) and the staff pages administrators keep them
// with (/console/desk/canned-answers: plain HTML forms, POST then 303 to a
// GET page with a confirmation, so they work without script). The district
// is the session's; another district's answer is a 404.

const page = { hide: true } as const;
const lang = { lang: z.enum(['ko', 'en']).optional() };
const pageIdParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
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
    .map((k) => ({ field: CANNED_ERRORS[k].field, message: cannedAnswerMessages.t(locale, CANNED_ERRORS[k].key) }));
  return { errors };
}

/** A duplicate title is the one refusal the database makes; it belongs to the title field. */
function duplicateTitle(locale: Locale, error: unknown): FieldError[] | null {
  if (error instanceof AppError && error.code === 'canned_answer_duplicate') return [{ field: CANNED_FIELDS.title, message: error.localized(locale) }];
  return null;
}

export const cannedAnswerRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.db;

  // ------------------------------------------------------------------ JSON API
  app.get('/api/desk/canned-answers', {
    preValidation: requireStaff(CANNED_READ_ROLES),
    schema: { tags: ['desk'], summary: "Canned answers of the staff member's district", response: { 200: z.object({ answers: z.array(cannedAnswerSchema) }) } },
  }, async (request) => ({ answers: await listCannedAnswers(db, request.staff!.districtCode) }));

  app.post('/api/desk/canned-answers', {
    preValidation: requireStaff(CANNED_WRITE_ROLES),
    schema: { tags: ['desk'], summary: 'Add a canned answer (Korean and English)', body: cannedAnswerInput, response: { 201: cannedAnswerSchema } },
  }, async (request, reply) => reply.code(201).send(await createCannedAnswer(db, request.staff!.districtCode, request.staff!.id, request.body)));

  app.put('/api/desk/canned-answers/:id', {
    preValidation: requireStaff(CANNED_WRITE_ROLES),
    schema: { tags: ['desk'], summary: 'Change a canned answer', params: idParams, body: cannedAnswerInput, response: { 200: cannedAnswerSchema } },
  }, async (request) => updateCannedAnswer(db, request.staff!.districtCode, request.staff!.id, pathId(request.params.id), request.body));

  app.delete('/api/desk/canned-answers/:id', {
    preValidation: requireStaff(CANNED_WRITE_ROLES),
    schema: { tags: ['desk'], summary: 'Remove a canned answer', params: idParams, response: { 200: okAnswer } },
  }, async (request) => {
    await deleteCannedAnswer(db, request.staff!.districtCode, pathId(request.params.id));
    return { ok: true as const };
  });

  // ---------------------------------------------------------------- staff pages
  const canEdit = (request: FastifyRequest) => CANNED_WRITE_ROLES.includes(request.staff!.role);
  const cannedOf = async (request: FastifyRequest, id: number): Promise<CannedAnswer> => {
    const found = await findCannedAnswer(db, request.staff!.districtCode, id);
    if (!found) throw cannedAnswerMissing();
    return found;
  };

  app.get('/console/desk/canned-answers', {
    preValidation: guard(CANNED_READ_ROLES),
    schema: { ...page, querystring: z.object({ ...lang, done: z.enum(['added', 'changed', 'removed']).optional(), id: z.coerce.number().int().min(1).optional() }) },
  }, async (request, reply) => {
    const answers = await listCannedAnswers(db, request.staff!.districtCode);
    const { done, id } = request.query;
    const named = answers.find((a) => a.id === id);
    const flash = done === 'removed'
      ? cannedAnswerMessages.t(request.locale, 'canned_removed')
      : done && named ? cannedAnswerMessages.t(request.locale, done === 'added' ? 'canned_added' : 'canned_changed', { title: named.title }) : undefined;
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
    schema: { ...page, params: pageIdParams, querystring: z.object(lang) },
  }, async (request, reply) => {
    const answer = await cannedOf(request, request.params.id);
    return sendHtml(reply, cannedAnswerEditPage(request, { answer, form: answer }));
  });

  app.post('/console/desk/canned-answers/:id', {
    preValidation: guard(CANNED_WRITE_ROLES),
    schema: { ...page, params: pageIdParams, querystring: z.object(lang), body: cannedBody },
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
    schema: { ...page, params: pageIdParams, querystring: z.object(lang) },
  }, async (request, reply) => sendHtml(reply, cannedAnswerRemovePage(request, await cannedOf(request, request.params.id))));

  app.post('/console/desk/canned-answers/:id/remove', {
    preValidation: guard(CANNED_WRITE_ROLES),
    schema: { ...page, params: pageIdParams, querystring: z.object(lang), body: csrfOnly },
  }, async (request, reply) => {
    await deleteCannedAnswer(db, request.staff!.districtCode, request.params.id);
    return reply.redirect(`/console/desk/canned-answers?lang=${request.locale}&done=removed`, 303);
  });
};
