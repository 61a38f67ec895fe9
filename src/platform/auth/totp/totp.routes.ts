import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { html } from '../../web/html.ts';
import { renderPage } from '../../web/layout.ts';
import type { RoutePlugin } from '../../http/routes.ts';
import { guard } from '../auth.guard.ts';
import { LoginThrottledError } from '../login-throttle.ts';
import { safeNext } from '../auth.routes.ts';
import { openSignedInSession } from '../login.service.ts';
import { ROLES } from '../roles.ts';
import { setSessionCookie } from '../session.service.ts';
import { clearPendingLoginCookie, PENDING_LOGIN_COOKIE } from './totp.cookie.ts';
import { secondFactorMessages, type SecondFactorMessageKey } from './totp.messages.ts';
import { LOGIN_CODE_PATH, RECOVERY_CODES_PATH, SECOND_FACTOR_PATH } from './totp.paths.ts';
import {
  completeLoginChallenge,
  confirmEnrolment,
  getRequireAdminTotp,
  openLoginChallenge,
  ownSecondFactor,
  regenerateRecoveryCodes,
  turnOffOwn,
  type FieldRefusal,
  type SecondFactorDeps,
} from './totp.service.ts';
import { loginCodePage, ownSecondFactorPage, recoveryCodesPage } from './totp.view.ts';

// The sign-in's code step (public: the pending sign-in's cookie is the
// credential, and it names one account whose password was right minutes
// ago) and one's own second factor page (every role; open to an
// administrator who must set it up before anything else).

function sendHtml(reply: FastifyReply, status: number, page: string) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
}

function expiredPage(request: FastifyRequest): string {
  const locale = request.locale;
  const t = (key: SecondFactorMessageKey) => secondFactorMessages.t(locale, key);
  const body = html`<h1>${t('code_step_title')}</h1>
<p class="lead">${t('login_challenge_expired')}</p>
<p><a href="/login?lang=${locale}">${t('start_again')}</a></p>`;
  return renderPage(request, { title: t('code_step_title'), body });
}

const REFUSAL_KEYS: Record<'malformed' | 'wrong' | 'replayed', SecondFactorMessageKey> = {
  malformed: 'code_malformed',
  wrong: 'code_or_recovery_wrong',
  replayed: 'code_replayed',
};

const form = (shape: Record<string, z.ZodType>) => z.object({ _csrf: z.string().max(200).optional(), ...shape });
const field = (max = 200) => z.string().max(max).default('');

export const secondFactorRoutes: RoutePlugin = async (app, deps) => {
  const sfDeps = (): SecondFactorDeps => ({ db: deps.db, cipher: deps.cipher, clock: deps.clock });

  app.get(
    LOGIN_CODE_PATH,
    { schema: { hide: true, querystring: z.object({ next: z.string().max(500).optional() }) } },
    async (request, reply) => {
      const pending = await openLoginChallenge(sfDeps(), request.cookies[PENDING_LOGIN_COOKIE]);
      if (!pending) return sendHtml(reply, 200, expiredPage(request));
      return sendHtml(reply, 200, loginCodePage(request, { username: pending.username, next: request.query.next }));
    },
  );

  app.post(
    LOGIN_CODE_PATH,
    // Lenient on purpose: an empty or malformed code is answered on the form itself.
    { schema: { hide: true, body: z.object({ code: field(100), next: z.string().max(500).optional() }) } },
    async (request, reply) => {
      const { code, next } = request.body;
      const locale = request.locale;
      const token = request.cookies[PENDING_LOGIN_COOKIE];
      const again = async (status: number, key: SecondFactorMessageKey, vars?: Record<string, string | number>) => {
        const pending = await openLoginChallenge(sfDeps(), token);
        if (!pending) {
          clearPendingLoginCookie(request, reply);
          return sendHtml(reply, 200, expiredPage(request));
        }
        const message = secondFactorMessages.t(locale, key, vars);
        return sendHtml(reply, status, loginCodePage(request, { username: pending.username, next, code, errors: [{ field: 'code', message }] }));
      };
      if (!code.trim()) return again(400, 'code_required');
      let outcome;
      try {
        outcome = await completeLoginChallenge(sfDeps(), token, code, request.ip);
      } catch (error) {
        if (!(error instanceof LoginThrottledError)) throw error;
        reply.header('retry-after', String(error.retryAfterSeconds));
        return sendHtml(reply, 429, loginCodePage(request, { username: (await openLoginChallenge(sfDeps(), token))?.username ?? '', next, code, errors: [{ field: 'code', message: error.localized(locale) }] }));
      }
      if (!outcome.ok && outcome.reason === 'expired') {
        clearPendingLoginCookie(request, reply);
        return sendHtml(reply, 400, expiredPage(request));
      }
      if (!outcome.ok) return again(401, REFUSAL_KEYS[outcome.reason]);
      const { account } = outcome;
      const session = await openSignedInSession(deps, { id: account.staff_id, district_code: account.district_code, username: account.username }, request.ip);
      clearPendingLoginCookie(request, reply);
      setSessionCookie(request, reply, session);
      return reply.redirect(safeNext(next), 303);
    },
  );

  // ---- one's own second factor ---------------------------------------------

  async function ownPage(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: { done?: 'on' | 'off'; errors?: { field: string; message: string }[]; values?: { code?: string; offCode?: string } } = {},
  ) {
    const staff = request.staff!;
    const state = await ownSecondFactor(sfDeps(), staff);
    const required = staff.role === 'admin' && (await getRequireAdminTotp(deps.db, staff.districtCode));
    const qrDataUrl = state.state === 'enrolling' ? await QRCode.toDataURL(state.uri, { margin: 2, width: 200, errorCorrectionLevel: 'M' }) : undefined;
    return sendHtml(reply, status, ownSecondFactorPage(request, { state, qrDataUrl, required, ...extra }));
  }

  app.get(
    SECOND_FACTOR_PATH,
    {
      preValidation: guard(ROLES),
      config: { secondFactorEnrolment: true },
      schema: { hide: true, querystring: z.object({ done: z.enum(['on', 'off']).optional() }) },
    },
    async (request, reply) => ownPage(request, reply, 200, { done: request.query.done }),
  );

  app.post(
    SECOND_FACTOR_PATH,
    { preValidation: guard(ROLES), config: { secondFactorEnrolment: true }, schema: { hide: true, body: form({ code: field(100) }) } },
    async (request, reply) => {
      const { code } = request.body as { code: string };
      const outcome = await confirmEnrolment(sfDeps(), request.staff!, code);
      if (outcome.ok) return sendHtml(reply, 200, recoveryCodesPage(request, outcome.recoveryCodes));
      return ownPage(request, reply, 400, { errors: [{ field: outcome.error.field, message: secondFactorMessages.t(request.locale, outcome.error.key) }], values: { code } });
    },
  );

  app.post(
    `${SECOND_FACTOR_PATH}/off`,
    { preValidation: guard(ROLES), schema: { hide: true, body: form({ password: field(1024), code: field(100), username: field() }) } },
    async (request, reply) => {
      const { password, code } = request.body as { password: string; code: string };
      const outcome = await turnOffOwn(sfDeps(), request.staff!, { password, code });
      if (outcome.ok) return reply.redirect(`${SECOND_FACTOR_PATH}?lang=${request.locale}&done=off`, 303);
      return refusedCheck(request, reply, outcome, { offCode: code });
    },
  );

  // New recovery codes: the password or a current code, then shown this once.
  app.post(
    RECOVERY_CODES_PATH,
    { preValidation: guard(ROLES), schema: { hide: true, body: form({ password: field(1024), code: field(100), username: field() }) } },
    async (request, reply) => {
      const { password, code } = request.body as { password: string; code: string };
      const outcome = await regenerateRecoveryCodes(sfDeps(), request.staff!, { password, code });
      if (outcome.ok) return sendHtml(reply, 200, recoveryCodesPage(request, outcome.recoveryCodes, 'regenerated'));
      return refusedCheck(request, reply, outcome, { regenCode: code });
    },
  );

  /** A refused password-and-code check (turning off, new recovery codes): the page again with the reasons, 429 when throttled. */
  function refusedCheck(
    request: FastifyRequest,
    reply: FastifyReply,
    outcome: { throttledSeconds?: number; errors: FieldRefusal<string>[] },
    values: { offCode?: string; regenCode?: string },
  ) {
    const minutes = Math.max(1, Math.ceil((outcome.throttledSeconds ?? 0) / 60));
    if (outcome.throttledSeconds !== undefined) reply.header('retry-after', String(outcome.throttledSeconds));
    const errors = outcome.errors.map((e) => ({ field: e.field, message: secondFactorMessages.t(request.locale, e.key, { minutes, district: request.staff!.districtName[request.locale] }) }));
    return ownPage(request, reply, outcome.throttledSeconds !== undefined ? 429 : 400, { errors, values });
  }
};
