import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { findDistrict, listDistricts } from '../../platform/districts/districts.repository.ts';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { hitRateLimits, type RateLimit } from '../../platform/rate-limit/window-counters.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { CONSOLE_BOARD_PATH, moderationPage, monthlyPage, queuePage, type ModerationView } from './board-console.view.ts';
import { boardMessages, type BoardMessageKey } from './board.messages.ts';
import { countByState, findQuestion, findQuestionByReference, listQuestions, upvotedBy } from './board.repository.ts';
import { boardField, QUESTION_STATES, questionForm, REFERENCE_PATTERN, type Question } from './board.schema.ts';
import {
  answerQuestion,
  BOARD_PATH,
  boardDepsFrom,
  boardError,
  boardPath,
  BROWSER_ID_PATTERN,
  checkQuestion,
  formToken,
  formTokenMatches,
  markForLecture,
  monthlyView,
  monthOf,
  MONTH_PATTERN,
  newBrowserId,
  postQuestion,
  publishQuestion,
  questionPath,
  rejectQuestion,
  shiftMonth,
  upvoteQuestion,
  voterHash,
} from './board.service.ts';
import { askPage, boardListPage, districtChoicePage, messagePage, postedPage, questionPage, type DistrictName } from './board.view.ts';

// The question board over HTTP. Residents (/r/lectures/board/…, no sign-in):
// the list, a question, the form to ask, the page after posting, and the
// upvote; a random per-browser id in a cookie ties the forms' token to the
// browser (a post from another site carries none) and, hashed with a key, is
// the one upvote per question. Requests are limited per client address
// (platform/rate-limit). Officials (/console/lectures/board/…, their own
// district from the session): the queue, a question's moderation, the
// monthly view. A question of another district is not found (404).

const MODERATORS = ['admin', 'tax_official'] as const satisfies readonly Role[];
const READERS = ['admin', 'tax_official', 'lecturer'] as const satisfies readonly Role[];

const BROWSER_COOKIE = 'ts_board';
const PAGE_SIZE = 20;

/** Requests per client address: pages, attempts to post, questions stored, upvotes. */
export const BOARD_LIMITS = {
  read: { windowSeconds: 600, max: 600 },
  attempt: { windowSeconds: 600, max: 30 },
  post: { windowSeconds: 3600, max: 5 },
  upvote: { windowSeconds: 600, max: 60 },
} as const;

const lang = { lang: z.enum(['ko', 'en']).optional() };
const districtParams = z.object({ district: z.string().min(1).max(40) });
const questionParams = districtParams.extend({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const consoleParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const tokenBody = z.object({ _token: z.string().max(200).optional() });
const consoleForm = (fields: z.ZodRawShape = {}) => z.object({ _csrf: z.string().max(200).optional(), ...fields });

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  reply.header('cache-control', 'no-store');
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

export const boardRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = boardDepsFrom(appDeps);
  const { db } = deps;

  // ---------------------------------------------------------------- residents' helpers
  /** Counts the request against the limits; answers 429 itself and returns false when one is spent. */
  async function within(request: FastifyRequest, reply: FastifyReply, kinds: (keyof typeof BOARD_LIMITS)[]): Promise<boolean> {
    const limits: RateLimit[] = kinds.map((k) => ({ key: `lecture-board-${k}:${request.ip}`, ...BOARD_LIMITS[k] }));
    const decision = await hitRateLimits(db, limits);
    if (decision.allowed) return true;
    reply.header('retry-after', String(decision.retryAfter));
    await sendHtml(reply, messagePage(request, 'too_many_title', 'too_many', { minutes: Math.ceil(decision.retryAfter / 60) }), 429);
    return false;
  }

  /** The browser's id from its cookie, or a new one set now (a year; only its keyed hash is ever stored). */
  function browserId(request: FastifyRequest, reply: FastifyReply): string {
    const existing = request.cookies[BROWSER_COOKIE];
    if (existing && BROWSER_ID_PATTERN.test(existing)) return existing;
    const id = newBrowserId();
    reply.setCookie(BROWSER_COOKIE, id, { path: BOARD_PATH, httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: 365 * 24 * 3600 });
    return id;
  }

  async function districtOf(request: FastifyRequest, reply: FastifyReply, code: string): Promise<DistrictName | null> {
    const district = await findDistrict(db, code);
    if (district) return district;
    await sendHtml(reply, messagePage(request, 'not_found_title', 'not_found_board'), 404);
    return null;
  }

  const notFound = (request: FastifyRequest, reply: FastifyReply) => sendHtml(reply, messagePage(request, 'not_found_title', 'not_found_board'), 404);
  const expired = (request: FastifyRequest, reply: FastifyReply) => sendHtml(reply, messagePage(request, 'expired_title', 'session_expired'), 400);

  // ---------------------------------------------------------------- residents' pages
  app.get(BOARD_PATH, { schema: { hide: true, querystring: z.object(lang) } }, async (request, reply) => {
    if (!(await within(request, reply, ['read']))) return reply;
    return sendHtml(reply, districtChoicePage(request, await listDistricts(db, 'korean_name')));
  });

  app.get(`${BOARD_PATH}/:district`, {
    schema: {
      hide: true, params: districtParams,
      querystring: z.object({ ...lang, sort: z.enum(['new', 'top']).default('new'), field: z.union([boardField, z.literal('')]).optional(), page: z.coerce.number().int().min(1).max(10_000).default(1) }),
    },
  }, async (request, reply) => {
    if (!(await within(request, reply, ['read']))) return reply;
    const district = await districtOf(request, reply, request.params.district);
    if (!district) return reply;
    const { sort, page } = request.query;
    const field = request.query.field || undefined;
    const { questions, total } = await listQuestions(db, district.code, { state: 'published', sort, ...(field ? { field } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return sendHtml(reply, boardListPage(request, { district, sort, ...(field ? { field } : {}), page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total, questions }));
  });

  app.get(`${BOARD_PATH}/:district/q/:id`, {
    schema: { hide: true, params: questionParams, querystring: z.object({ ...lang, upvote: z.enum(['thanks', 'already']).optional() }) },
  }, async (request, reply) => {
    if (!(await within(request, reply, ['read']))) return reply;
    const district = await districtOf(request, reply, request.params.district);
    if (!district) return reply;
    const question = await findQuestion(db, district.code, request.params.id);
    if (!question || question.state !== 'published') return notFound(request, reply);
    const id = browserId(request, reply);
    const upvoted = (await upvotedBy(db, voterHash(deps, id), [question.id])).has(question.id);
    return sendHtml(reply, questionPage(request, { district, question, upvoted, formToken: formToken(deps, id), ...(request.query.upvote ? { notice: request.query.upvote } : {}) }));
  });

  app.post(`${BOARD_PATH}/:district/q/:id/upvote`, { schema: { hide: true, params: questionParams, querystring: z.object(lang), body: tokenBody } }, async (request, reply) => {
    if (!(await within(request, reply, ['upvote']))) return reply;
    const district = await districtOf(request, reply, request.params.district);
    if (!district) return reply;
    const id = request.cookies[BROWSER_COOKIE];
    if (!formTokenMatches(deps, id, request.body._token)) return expired(request, reply);
    try {
      const { added } = await upvoteQuestion(deps, district.code, request.params.id, id!);
      return reply.redirect(`${questionPath(district.code, request.params.id)}?lang=${request.locale}&upvote=${added ? 'thanks' : 'already'}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return notFound(request, reply);
      throw error;
    }
  });

  app.get(`${BOARD_PATH}/:district/ask`, { schema: { hide: true, params: districtParams, querystring: z.object(lang) } }, async (request, reply) => {
    if (!(await within(request, reply, ['read']))) return reply;
    const district = await districtOf(request, reply, request.params.district);
    if (!district) return reply;
    return sendHtml(reply, askPage(request, { district, form: {}, errors: [], formToken: formToken(deps, browserId(request, reply)) }));
  });

  app.post(`${BOARD_PATH}/:district/ask`, { schema: { hide: true, params: districtParams, querystring: z.object(lang), body: questionForm } }, async (request, reply) => {
    if (!(await within(request, reply, ['attempt']))) return reply;
    const district = await districtOf(request, reply, request.params.district);
    if (!district) return reply;
    const form = request.body;
    const id = request.cookies[BROWSER_COOKIE];
    if (!formTokenMatches(deps, id, form._token)) return expired(request, reply);
    const checked = checkQuestion(form);
    if (!checked.ok) {
      const errors: FieldError[] = checked.problems.map((p) => ({ field: p.field, message: boardMessages.t(request.locale, p.message) }));
      return sendHtml(reply, askPage(request, { district, form, errors, formToken: formToken(deps, id!) }), 400);
    }
    if (!(await within(request, reply, ['post']))) return reply;
    const posted = await postQuestion(deps, district.code, checked.value, request.locale);
    return reply.redirect(`${boardPath(district.code)}/posted/${posted.reference}?lang=${request.locale}`, 303);
  });

  app.get(`${BOARD_PATH}/:district/posted/:reference`, {
    schema: { hide: true, params: districtParams.extend({ reference: z.string().max(20) }), querystring: z.object(lang) },
  }, async (request, reply) => {
    if (!(await within(request, reply, ['read']))) return reply;
    const district = await districtOf(request, reply, request.params.district);
    if (!district) return reply;
    const question = REFERENCE_PATTERN.test(request.params.reference) ? await findQuestionByReference(db, district.code, request.params.reference) : null;
    if (!question) return notFound(request, reply);
    return sendHtml(reply, postedPage(request, { district, question }));
  });

  // ---------------------------------------------------------------- the console
  const flashKeys = { published: 'flash_published', rejected: 'flash_rejected', answered: 'flash_answered', marked: 'flash_marked', unmarked: 'flash_unmarked' } as const satisfies Record<string, BoardMessageKey>;

  app.get(CONSOLE_BOARD_PATH, {
    preValidation: guard(READERS),
    schema: { hide: true, querystring: z.object({ ...lang, state: z.enum(QUESTION_STATES).default('pending') }) },
  }, async (request, reply) => {
    const districtCode = request.staff!.districtCode;
    const { state } = request.query;
    const { questions } = await listQuestions(db, districtCode, { state, sort: state === 'pending' ? 'queue' : 'new', limit: 200, offset: 0 });
    return sendHtml(reply, queuePage(request, { state, counts: await countByState(db, districtCode), questions }));
  });

  app.get(`${CONSOLE_BOARD_PATH}/monthly`, {
    preValidation: guard(READERS),
    schema: { hide: true, querystring: z.object({ ...lang, month: z.string().max(20).optional() }) },
  }, async (request, reply) => {
    const districtCode = request.staff!.districtCode;
    const raw = request.query.month?.trim();
    const valid = raw === undefined || raw === '' || MONTH_PATTERN.test(raw);
    const month = valid && raw ? raw : monthOf(deps.clock());
    const counts = await countByState(db, districtCode);
    if (!valid) {
      const errors = [{ field: 'month', message: boardMessages.t(request.locale, 'bad_month') }];
      return sendHtml(reply, monthlyPage(request, { month: raw!, prev: shiftMonth(month, -1), next: shiftMonth(month, 1), counts, fields: [], errors }), 400);
    }
    const fields = await monthlyView(deps, districtCode, month);
    return sendHtml(reply, monthlyPage(request, { month, prev: shiftMonth(month, -1), next: shiftMonth(month, 1), counts, fields }));
  });

  async function questionOf(request: FastifyRequest, id: number): Promise<Question> {
    const question = await findQuestion(db, request.staff!.districtCode, id);
    if (!question) throw boardError(404, 'question_not_found');
    return question;
  }

  const view = (request: FastifyRequest, question: Question, extra: Partial<ModerationView> = {}): ModerationView => ({
    question,
    canModerate: (MODERATORS as readonly Role[]).includes(request.staff!.role),
    canMarkForLecture: (READERS as readonly Role[]).includes(request.staff!.role),
    csrfToken: request.staffSession?.csrfToken,
    ...extra,
  });

  app.get(`${CONSOLE_BOARD_PATH}/:id`, {
    preValidation: guard(READERS),
    schema: { hide: true, params: consoleParams, querystring: z.object({ ...lang, done: z.enum(['published', 'rejected', 'answered', 'marked', 'unmarked']).optional(), message: z.coerce.number().int().min(1).optional() }) },
  }, async (request, reply) => {
    const question = await questionOf(request, request.params.id);
    const { done, message } = request.query;
    const flash = done
      ? done === 'answered' && message
        ? boardMessages.t(request.locale, 'flash_answered_sent', { reference: question.reference, messageId: message })
        : boardMessages.t(request.locale, flashKeys[done], { reference: question.reference })
      : undefined;
    return sendHtml(reply, moderationPage(request, view(request, question, flash ? { flash } : {})));
  });

  /** A moderation step's refusal (the question changed meanwhile): the page again with the engine's message, nothing changed. */
  async function refused(request: FastifyRequest, reply: FastifyReply, error: unknown, field: string, extra: Partial<ModerationView> = {}) {
    if (!(error instanceof AppError) || error.status === 404 || error.status === 403) throw error;
    const question = await questionOf(request, (request.params as { id: number }).id);
    return sendHtml(reply, moderationPage(request, view(request, question, { ...extra, errors: [{ field, message: error.localized(request.locale) }] })), error.status);
  }
  const staffOf = (request: FastifyRequest) => ({ id: request.staff!.id, districtCode: request.staff!.districtCode });
  const doneUrl = (request: FastifyRequest, id: number, done: string, extra = '') => `${CONSOLE_BOARD_PATH}/${id}?lang=${request.locale}&done=${done}${extra}`;

  /**
   * One moderation step as a form post: the step runs for the session's
   * district and redirects (303) to the question's page with a confirmation;
   * a refusal shows the page again with the message on `field` and what was
   * typed kept.
   */
  function moderationStep<F extends z.ZodRawShape>(
    step: string,
    roles: readonly Role[],
    fields: F,
    field: string,
    run: (request: FastifyRequest, body: z.infer<z.ZodObject<F>>) => Promise<{ done: string; extra?: string }>,
  ): void {
    app.post(`${CONSOLE_BOARD_PATH}/:id/${step}`, {
      preValidation: guard(roles),
      schema: { hide: true, params: consoleParams, querystring: z.object(lang), body: consoleForm(fields) },
    }, async (request, reply) => {
      const body = request.body as z.infer<z.ZodObject<F>>;
      try {
        const { done, extra } = await run(request, body);
        return reply.redirect(doneUrl(request, request.params.id, done, extra), 303);
      } catch (error) {
        const typed = Object.fromEntries(Object.entries(body).filter(([k]) => k === 'reason' || k === 'answer'));
        return refused(request, reply, error, field, typed);
      }
    });
  }

  const idOf = (request: FastifyRequest) => (request.params as { id: number }).id;

  moderationStep('publish', MODERATORS, {}, 'publish', async (request) => {
    await publishQuestion(deps, staffOf(request), idOf(request));
    return { done: 'published' };
  });
  moderationStep('reject', MODERATORS, { reason: z.string().max(10_000).optional() }, 'reason', async (request, body) => {
    await rejectQuestion(deps, staffOf(request), idOf(request), body.reason ?? '');
    return { done: 'rejected' };
  });
  moderationStep('answer', MODERATORS, { answer: z.string().max(50_000).optional() }, 'answer', async (request, body) => {
    const { messageId } = await answerQuestion(deps, staffOf(request), idOf(request), body.answer ?? '');
    return { done: 'answered', extra: messageId !== null ? `&message=${messageId}` : '' };
  });
  moderationStep('lecture', READERS, { marked: z.enum(['0', '1']) }, 'mark-lecture', async (request, body) => {
    const marked = body.marked === '1';
    await markForLecture(deps, staffOf(request), idOf(request), marked);
    return { done: marked ? 'marked' : 'unmarked' };
  });
};
