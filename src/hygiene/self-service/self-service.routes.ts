import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/deps.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { listDistricts } from '../../platform/districts/districts.repository.ts';
import { hitRateLimits, type RateLimit } from '../../platform/rate-limit/window-counters.ts';
import {
  birthDateFrom,
  codeStatus,
  confirmCodes,
  csrfMatches,
  hasPreparedChange,
  loadSession,
  loadTaxpayer,
  maskedContacts,
  openLink,
  prepareChange,
  requestLink,
  resendCodes,
  saveChange,
  verifyBirthDate,
  SESSION_MINUTES,
  type Enrolment,
  type FormError,
  type Session,
} from './self-service.service.ts';
import { checkPage, codePage, contactsPage, dobPage, donePage, linkProblemPage, paperPage, rateLimitedPage, sentPage, sessionGonePage, startPage, STATE_STATUS, type StartForm } from './self-service.views.ts';
import { displayMobile } from './self-service.format.ts';
import { LINK_PATH, type LinkRow } from './update-links.ts';
import { linkRequestWork } from './after-response.ts';

// The public self-service pages under /r/update (no login, no app). Each
// request counts against a per-address limit, each form post also against a
// per-link limit; both live in the database, shared by every process.

export const SESSION_COOKIE = 'ts_update';

/** Requests to these pages per client address per 10 minutes. */
export const ADDRESS_LIMIT = { windowSeconds: 600, max: 120 };
/** Form posts per link per 10 minutes. */
export const LINK_POST_LIMIT = { windowSeconds: 600, max: 30 };
/** Link requests from the start page per client address per hour. */
export const START_LIMIT = { windowSeconds: 3600, max: 10 };

const lang = { lang: z.enum(['ko', 'en']).optional() };
const tokenParams = z.object({ token: z.string().min(1).max(100) });
const text = z.string().max(200).optional();

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  reply.header('cache-control', 'no-store');
  reply.header('x-robots-tag', 'noindex');
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

const tokenKey = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 32);

function limiter(limitsFor: (request: FastifyRequest) => RateLimit[], deps: AppDeps): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const decision = await hitRateLimits(deps.db, limitsFor(request));
    if (!decision.allowed) {
      reply.header('retry-after', String(decision.retryAfter));
      await sendHtml(reply, rateLimitedPage(request, decision.retryAfter), 429);
    }
  };
}

function enrolFrom(value: string | string[] | undefined): Enrolment {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return { kakao: list.includes('kakao'), sms: list.includes('sms'), email: list.includes('email') };
}

export const selfServiceRoutes: RoutePlugin = async (app, deps) => {
  const { db, cipher } = deps;
  const ssDeps = { db, cipher };
  const publicUrl = (request: FastifyRequest) => deps.config.TAXSTATION_PUBLIC_URL ?? `${request.protocol}://${request.host}`;
  const byAddress = (request: FastifyRequest): RateLimit => ({ key: `ss-addr:${request.ip}`, ...ADDRESS_LIMIT });
  const pages = limiter((r) => [byAddress(r)], deps);
  const linkPosts = limiter((r) => [byAddress(r), { key: `ss-link:${tokenKey((r.params as { token: string }).token)}`, ...LINK_POST_LIMIT }], deps);
  const startPosts = limiter((r) => [byAddress(r), { key: `ss-start:${r.ip}`, ...START_LIMIT }], deps);

  const districts = () => listDistricts(db, 'korean_name');

  /** The link of the URL when it can be used now; otherwise answers with the page saying why. */
  async function usableLink(request: FastifyRequest, reply: FastifyReply, token: string): Promise<LinkRow | null> {
    const { state, link } = await openLink(ssDeps, token);
    if (state !== 'ok' || !link) {
      await sendHtml(reply, linkProblemPage(request, state === 'ok' ? 'invalid' : state), STATE_STATUS[state === 'ok' ? 'invalid' : state]);
      return null;
    }
    return link;
  }

  /** The link and this browser's session on it; answers the page saying why not, otherwise. */
  async function sessionFor(request: FastifyRequest, reply: FastifyReply, token: string, body?: { _csrf?: string }): Promise<Session | null> {
    const link = await usableLink(request, reply, token);
    if (!link) return null;
    const session = await loadSession(ssDeps, link, request.cookies[SESSION_COOKIE]);
    if (!session || (body && !csrfMatches(session, body._csrf))) {
      await sendHtml(reply, sessionGonePage(request, token), 401);
      return null;
    }
    return session;
  }

  // ------------------------------------------------------------ start page
  app.get(LINK_PATH, { preHandler: pages, schema: { hide: true, querystring: z.object(lang) } }, async (request, reply) =>
    sendHtml(reply, startPage(request, { districts: await districts(), form: {}, errors: [] })),
  );

  app.post(
    LINK_PATH,
    { preHandler: startPosts, schema: { hide: true, querystring: z.object(lang), body: z.object({ district: text, who: text, year: text, month: text, day: text }) } },
    async (request, reply) => {
      const form: StartForm = request.body;
      const list = await districts();
      const errors: FormError[] = [];
      if (!list.some((d) => d.code === form.district)) errors.push({ field: 'district', key: 'err_district' });
      if (!form.who?.trim()) errors.push({ field: 'who', key: 'err_who' });
      const birthDate = birthDateFrom(form.year ?? '', form.month ?? '', form.day ?? '');
      if (!birthDate) errors.push({ field: 'dob-year', key: 'err_dob' });
      if (errors.length) return sendHtml(reply, startPage(request, { districts: list, form, errors }), 400);
      // The answer goes out before anyone is looked up: its timing cannot tell whether the person exists.
      const linkRequest = { districtCode: form.district!, who: form.who!, birthDate: birthDate!, publicUrl: publicUrl(request) };
      linkRequestWork.after(reply, () => requestLink(ssDeps, linkRequest), (error) => request.log.error({ err: error }, 'a contact update link request failed'));
      return reply.redirect(`${LINK_PATH}/sent?lang=${request.locale}`, 303);
    },
  );

  app.get(`${LINK_PATH}/sent`, { preHandler: pages, schema: { hide: true, querystring: z.object(lang) } }, async (request, reply) => sendHtml(reply, sentPage(request)));

  // --------------------------------------------------------- date of birth
  app.get(`${LINK_PATH}/:token`, { preHandler: pages, schema: { hide: true, params: tokenParams, querystring: z.object(lang) } }, async (request, reply) => {
    const link = await usableLink(request, reply, request.params.token);
    if (!link) return reply;
    return sendHtml(reply, dobPage(request, request.params.token, { form: {}, errors: [] }));
  });

  app.post(
    `${LINK_PATH}/:token`,
    { preHandler: linkPosts, schema: { hide: true, params: tokenParams, querystring: z.object(lang), body: z.object({ year: text, month: text, day: text }) } },
    async (request, reply) => {
      const token = request.params.token;
      const link = await usableLink(request, reply, token);
      if (!link) return reply;
      const birthDate = birthDateFrom(request.body.year ?? '', request.body.month ?? '', request.body.day ?? '');
      if (!birthDate) return sendHtml(reply, dobPage(request, token, { form: request.body, errors: [{ field: 'dob-year', key: 'err_dob' }] }), 400);
      const result = await verifyBirthDate(ssDeps, link, birthDate);
      if (!result.ok) {
        if (result.locked) return sendHtml(reply, linkProblemPage(request, 'locked'), STATE_STATUS.locked);
        return sendHtml(reply, dobPage(request, token, { form: {}, errors: [{ field: 'dob-year', key: 'err_dob_wrong', vars: { left: result.left } }] }), 400);
      }
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        path: `${LINK_PATH}/${token}`, httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', maxAge: SESSION_MINUTES * 60,
      });
      return reply.redirect(`${LINK_PATH}/${token}/contacts?lang=${request.locale}`, 303);
    },
  );

  // -------------------------------------------------------------- contacts
  async function renderContacts(
    request: FastifyRequest, reply: FastifyReply, token: string, session: Session, form: { mobile?: string; email?: string; enrol: Enrolment }, errors: FormError[], status = errors.length ? 400 : 200,
  ) {
    const taxpayer = await loadTaxpayer(db, cipher, session.link);
    return sendHtml(reply, contactsPage(request, token, { csrf: session.csrfToken, current: maskedContacts(taxpayer), form, errors }), status);
  }
  /** The check step without a change prepared through the contacts form: back to the form, with a message. */
  const notPrepared = (request: FastifyRequest, reply: FastifyReply, token: string) =>
    reply.redirect(`${LINK_PATH}/${token}/contacts?lang=${request.locale}&problem=not_prepared`, 303);

  app.get(
    `${LINK_PATH}/:token/contacts`,
    { preHandler: pages, schema: { hide: true, params: tokenParams, querystring: z.object({ ...lang, problem: z.literal('not_prepared').optional() }) } },
    async (request, reply) => {
      const token = request.params.token;
      const session = await sessionFor(request, reply, token);
      if (!session) return reply;
      const p = session.pending;
      // Sent back from the check step with nothing prepared: say what to do first.
      const errors: FormError[] = request.query.problem === 'not_prepared' ? [{ field: 'new-mobile', key: 'err_nothing_prepared' }] : [];
      return renderContacts(request, reply, token, session, { mobile: p.mobile ? displayMobile(p.mobile) : '', email: p.email ?? '', enrol: p.enrol }, errors, 200);
    },
  );

  app.post(
    `${LINK_PATH}/:token/contacts`,
    {
      preHandler: linkPosts,
      schema: {
        hide: true,
        params: tokenParams,
        querystring: z.object(lang),
        body: z.object({
          _csrf: text, mobile: text, email: text, enrol: z.union([z.string().max(10), z.array(z.string().max(10)).max(3)]).optional(),
          // the answer to "notices by post only?" (paperPage): yes goes on, no comes back to the form as typed
          paper: z.enum(['yes', 'no']).optional(),
        }),
      },
    },
    async (request, reply) => {
      const token = request.params.token;
      const session = await sessionFor(request, reply, token, request.body);
      if (!session) return reply;
      const form = { mobile: request.body.mobile, email: request.body.email, enrol: enrolFrom(request.body.enrol) };
      if (request.body.paper === 'no') return renderContacts(request, reply, token, session, form, [], 200);
      const result = await prepareChange(ssDeps, session, form, { paperConfirmed: request.body.paper === 'yes' });
      if ('errors' in result) return renderContacts(request, reply, token, session, form, result.errors);
      if ('confirmPaper' in result) return sendHtml(reply, paperPage(request, token, { csrf: session.csrfToken, form }));
      return reply.redirect(`${LINK_PATH}/${token}/${result.next}?lang=${request.locale}`, 303);
    },
  );

  // ----------------------------------------------------------------- codes
  app.get(
    `${LINK_PATH}/:token/code`,
    { preHandler: pages, schema: { hide: true, params: tokenParams, querystring: z.object({ ...lang, resent: z.literal('1').optional() }) } },
    async (request, reply) => {
      const token = request.params.token;
      const session = await sessionFor(request, reply, token);
      if (!session) return reply;
      const statuses = await codeStatus(ssDeps, session);
      if (statuses.every((s) => s.confirmed)) return reply.redirect(`${LINK_PATH}/${token}/${statuses.length ? 'check' : 'contacts'}?lang=${request.locale}`, 303);
      return sendHtml(reply, codePage(request, token, { csrf: session.csrfToken, statuses, errors: [], resent: request.query.resent === '1' }));
    },
  );

  app.post(
    `${LINK_PATH}/:token/code`,
    { preHandler: linkPosts, schema: { hide: true, params: tokenParams, querystring: z.object(lang), body: z.object({ _csrf: text, mobile: text, email: text }) } },
    async (request, reply) => {
      const token = request.params.token;
      const session = await sessionFor(request, reply, token, request.body);
      if (!session) return reply;
      const result = await confirmCodes(ssDeps, session, { mobile: request.body.mobile, email: request.body.email });
      if ('errors' in result) {
        return sendHtml(reply, codePage(request, token, { csrf: session.csrfToken, statuses: await codeStatus(ssDeps, session), errors: result.errors }), 400);
      }
      return reply.redirect(`${LINK_PATH}/${token}/check?lang=${request.locale}`, 303);
    },
  );

  app.post(
    `${LINK_PATH}/:token/code/resend`,
    { preHandler: linkPosts, schema: { hide: true, params: tokenParams, querystring: z.object(lang), body: z.object({ _csrf: text }) } },
    async (request, reply) => {
      const token = request.params.token;
      const session = await sessionFor(request, reply, token, request.body);
      if (!session) return reply;
      await resendCodes(ssDeps, session);
      return reply.redirect(`${LINK_PATH}/${token}/code?lang=${request.locale}&resent=1`, 303);
    },
  );

  // ---------------------------------------------------- check answers, save
  async function renderCheck(request: FastifyRequest, reply: FastifyReply, token: string, session: Session, errors: FormError[]) {
    const taxpayer = await loadTaxpayer(db, cipher, session.link);
    const p = session.pending;
    return sendHtml(
      reply,
      checkPage(request, token, {
        csrf: session.csrfToken,
        current: maskedContacts(taxpayer),
        next: { mobile: p.mobile ? displayMobile(p.mobile) : undefined, email: p.email, enrol: p.enrol },
        errors,
      }),
      errors.length ? 400 : 200,
    );
  }

  app.get(`${LINK_PATH}/:token/check`, { preHandler: pages, schema: { hide: true, params: tokenParams, querystring: z.object(lang) } }, async (request, reply) => {
    const token = request.params.token;
    const session = await sessionFor(request, reply, token);
    if (!session) return reply;
    if (!hasPreparedChange(session)) return notPrepared(request, reply, token);
    if ((await codeStatus(ssDeps, session)).some((s) => !s.confirmed)) return reply.redirect(`${LINK_PATH}/${token}/code?lang=${request.locale}`, 303);
    return renderCheck(request, reply, token, session, []);
  });

  app.post(
    `${LINK_PATH}/:token/check`,
    { preHandler: linkPosts, schema: { hide: true, params: tokenParams, querystring: z.object(lang), body: z.object({ _csrf: text }) } },
    async (request, reply) => {
      const token = request.params.token;
      const session = await sessionFor(request, reply, token, request.body);
      if (!session) return reply;
      const result = await saveChange(ssDeps, session);
      if (!result.ok) {
        if (result.reason === 'used') return sendHtml(reply, linkProblemPage(request, 'used'), STATE_STATUS.used);
        if (result.reason === 'not_prepared') return notPrepared(request, reply, token);
        return renderCheck(request, reply, token, session, [{ field: 'save', key: 'err_not_confirmed' }]);
      }
      return reply.redirect(`${LINK_PATH}/${token}/done?lang=${request.locale}`, 303);
    },
  );

  // The confirmation stays readable in the browser that saved it, until its session ends.
  app.get(`${LINK_PATH}/:token/done`, { preHandler: pages, schema: { hide: true, params: tokenParams, querystring: z.object(lang) } }, async (request, reply) => {
    const token = request.params.token;
    const { link } = await openLink(ssDeps, token);
    const session = link?.used_at ? await loadSession(ssDeps, link, request.cookies[SESSION_COOKIE]) : null;
    const done = session?.pending.done;
    if (!done) return sendHtml(reply, linkProblemPage(request, link ? 'used' : 'invalid'), link ? STATE_STATUS.used : STATE_STATUS.invalid);
    return sendHtml(reply, donePage(request, { reference: done.reference, resent: done.resent }));
  });
};
