import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { Locale } from '../i18n/i18n.ts';
import { problemSchema } from '../http/problem.ts';
import type { RoutePlugin } from '../http/routes.ts';
import { errorSummary, textField, type FieldError } from '../web/components.ts';
import { html } from '../web/html.ts';
import { renderPage } from '../web/layout.ts';
import { CONSOLE_START_PATH, startPageOf } from '../web/start-pages.ts';
import { authMessages } from './auth.messages.ts';
import { CSRF_FIELD, CSRF_HEADER, csrfError, loadStaff, requireStaff } from './auth.guard.ts';
import { checkPassword, logIn, openSignedInSession } from './login.service.ts';
import { ROLES, roleSchema } from './roles.ts';
import { clearSessionCookie, endSession, extendSession, findSession, setSessionCookie, tokensEqual } from './session.service.ts';
import { announceSessionEnded } from './session-events.ts';
import type { StaffSession } from './staff.ts';
import { setPendingLoginCookie } from './totp/totp.cookie.ts';
import { LOGIN_CODE_PATH } from './totp/totp.paths.ts';
import { secondFactorEnabled, startLoginChallenge } from './totp/totp.service.ts';

const principalSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    role: roleSchema,
    districtCode: z.string(),
    districtName: z.object({ ko: z.string(), en: z.string() }),
  })
  .meta({ id: 'StaffPrincipal' });

const sessionSchema = z
  .object({
    staff: principalSchema,
    csrfToken: z.string().describe('Send as x-csrf-token on every state-changing request'),
    expiresAt: z.string().describe('ISO 8601: the end of the absolute lifetime'),
    idleExpiresAt: z.string().describe('ISO 8601: the session ends here unless it is used before'),
    secondsLeft: z.number().int().describe('Seconds until the session ends, whichever comes first'),
  })
  .meta({ id: 'StaffSession' });

const sessionTimesSchema = z
  .object({
    idleExpiresAt: z.string().describe('ISO 8601: the session ends here unless it is used before'),
    secondsLeft: z.number().int().describe('Seconds until the session ends, whichever comes first'),
  })
  .meta({ id: 'StaffSessionTimes' });

function sessionTimes(session: StaffSession): z.infer<typeof sessionTimesSchema> {
  return { idleExpiresAt: session.idleExpiresAt.toISOString(), secondsLeft: session.secondsLeft };
}

const credentialsSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
  code: z.string().max(100).optional().describe('For an account with two-step verification: the 6-digit code of its authenticator app, or a recovery code'),
});

/** Only a path on this site: never an absolute URL or //host (open redirect). None: the role's start page (start-pages.ts). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return CONSOLE_START_PATH;
  return next;
}

function loginPage(request: FastifyRequest, o: { username?: string; next?: string; errors?: FieldError[]; notice?: string }): string {
  const locale: Locale = request.locale;
  const t = (key: Parameters<typeof authMessages.t>[1]) => authMessages.t(locale, key);
  const errors = o.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const body = html`${errorSummary(locale, errors)}
${o.notice ? html`<div class="notification notification-success" role="status"><p class="notification-title">${o.notice}</p></div>` : ''}
<h1>${t('login_title')}</h1>
<p class="lead">${t('login_intro')}</p>
<form method="post" action="/login?lang=${locale}" novalidate>
  ${o.next ? html`<input type="hidden" name="next" value="${o.next}">` : ''}
  ${textField({ locale, id: 'username', label: t('username'), hint: t('username_hint'), autocomplete: 'username', value: o.username, error: errorFor('username'), spellcheck: false, maxlength: 64 })}
  ${textField({ locale, id: 'password', label: t('password'), type: 'password', autocomplete: 'current-password', error: errorFor('password'), maxlength: 1024 })}
  <button type="submit" class="button">${t('sign_in')}</button>
</form>`;
  return renderPage(request, { title: t('login_title'), body, hasErrors: errors.length > 0 });
}

function sendHtml(reply: FastifyReply, status: number, page: string) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
}

export const authRoutes: RoutePlugin = async (app, deps) => {
  // After signing in: on to the start page of the signed-in person's role.
  app.get(
    CONSOLE_START_PATH,
    { preHandler: requireStaff(ROLES), schema: { hide: true } },
    async (request, reply) => reply.redirect(startPageOf(request, request.staff!.role), 303),
  );

  app.get(
    '/login',
    {
      schema: {
        hide: true,
        querystring: z.object({ next: z.string().max(500).optional(), signed_out: z.literal('1').optional() }),
        response: { 200: z.string().describe('HTML page') },
      },
    },
    async (request, reply) => {
      if (await loadStaff(request, { enrolmentOnly: 'allow' })) return reply.redirect(safeNext(request.query.next), 303);
      const notice = request.query.signed_out ? authMessages.t(request.locale, 'signed_out') : undefined;
      return sendHtml(reply, 200, loginPage(request, { next: request.query.next, notice }));
    },
  );

  app.post(
    '/login',
    {
      schema: {
        hide: true,
        // Lenient on purpose: an empty field is answered on the form itself, not with a bare 400.
        body: z.object({
          username: z.string().max(200).default(''),
          password: z.string().max(1024).default(''),
          next: z.string().max(500).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { username, password, next } = request.body;
      const locale = request.locale;
      const errors: FieldError[] = [];
      if (!username.trim()) errors.push({ field: 'username', message: authMessages.t(locale, 'username_required') });
      if (!password) errors.push({ field: 'password', message: authMessages.t(locale, 'password_required') });
      if (errors.length) return sendHtml(reply, 400, loginPage(request, { username, next, errors }));
      try {
        const account = await checkPassword(deps, { username, password }, request.ip);
        if (await secondFactorEnabled(deps.db, account.id)) {
          // The right password of an account with a second factor: no session yet, the code next.
          setPendingLoginCookie(request, reply, await startLoginChallenge(deps, { id: account.id, districtCode: account.district_code }));
          const query = new URLSearchParams({ lang: locale, ...(next ? { next } : {}) });
          return reply.redirect(`${LOGIN_CODE_PATH}?${query.toString()}`, 303);
        }
        const session = await openSignedInSession(deps, account, request.ip);
        setSessionCookie(request, reply, session);
        return reply.redirect(safeNext(next), 303);
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'login_failed' && error.code !== 'login_throttled')) throw error;
        const retryAfter = (error as AppError & { retryAfterSeconds?: number }).retryAfterSeconds;
        if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
        return sendHtml(reply, error.status, loginPage(request, { username, next, errors: [{ field: 'username', message: error.localized(locale) }] }));
      }
    },
  );

  app.post(
    '/api/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password; sets the ts_session cookie',
        body: credentialsSchema,
        response: { 201: sessionSchema, 400: problemSchema, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const session = await logIn(deps, request.body, request.ip);
      setSessionCookie(request, reply, session);
      const found = await findSession(deps.db, session.token);
      if (!found) throw new Error('a session just created was not found');
      return reply.code(201).header('cache-control', 'no-store').send({
        staff: found.staff,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
        ...sessionTimes(found.session),
      });
    },
  );

  app.get(
    '/api/session',
    {
      preHandler: requireStaff(ROLES),
      config: { secondFactorEnrolment: true },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in staff member and the CSRF token of the session',
        security: [{ session: [] }],
        response: { 200: sessionSchema, 401: problemSchema },
      },
    },
    async (request) => ({
      staff: request.staff!,
      csrfToken: request.staffSession!.csrfToken,
      expiresAt: request.staffSession!.expiresAt.toISOString(),
      ...sessionTimes(request.staffSession!),
    }),
  );

  // The pages' timeout warning asks here before it warns (another tab may
  // have kept the session in use); asking is not activity.
  app.get(
    '/api/session/idle',
    {
      preHandler: requireStaff(ROLES),
      config: { passiveSession: true, secondFactorEnrolment: true },
      schema: {
        tags: ['auth'],
        summary: 'How long the session has left; asking does not count as activity',
        security: [{ session: [] }],
        response: { 200: sessionTimesSchema, 401: problemSchema },
      },
    },
    async (request) => sessionTimes(request.staffSession!),
  );

  app.post(
    '/api/session/keep-alive',
    {
      preHandler: requireStaff(ROLES),
      config: { secondFactorEnrolment: true },
      schema: {
        tags: ['auth'],
        summary: 'Stay signed in: the idle timeout starts afresh (the absolute lifetime stays)',
        security: [{ session: [], csrf: [] }],
        response: { 200: sessionTimesSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      request.staffSession = await extendSession(deps.db, request.staffSession!);
      return reply.header('cache-control', 'no-store').send(sessionTimes(request.staffSession));
    },
  );

  app.delete(
    '/api/session',
    {
      preHandler: requireStaff(ROLES),
      config: { secondFactorEnrolment: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign out',
        security: [{ session: [], csrf: [] }],
        response: { 204: z.null().describe('Signed out'), 401: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      await endSession(deps.db, request.staffSession!.tokenHash);
      await announceSessionEnded(deps, request.staff!.id);
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  // Public so that a stale cookie can still sign out; a live session needs its CSRF token.
  app.post(
    '/logout',
    { schema: { hide: true, body: z.object({ [CSRF_FIELD]: z.string().max(200).optional() }).optional() } },
    async (request, reply) => {
      const staff = await loadStaff(request, { enrolmentOnly: 'allow' });
      if (staff) {
        const given = request.headers[CSRF_HEADER] ?? request.body?.[CSRF_FIELD];
        if (!tokensEqual(request.staffSession!.csrfToken, given)) throw csrfError();
        await endSession(deps.db, request.staffSession!.tokenHash);
        await announceSessionEnded(deps, staff.id);
      }
      clearSessionCookie(request, reply);
      return reply.redirect(`/login?signed_out=1&lang=${request.locale}`, 303);
    },
  );
};
