import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { setSessionCookie } from '../auth/session.service.ts';
import type { RoutePlugin } from '../http/routes.ts';
import { errorSummary, textField, type FieldError } from '../web/components.ts';
import { formatSeoulTime } from '../web/format.ts';
import { html } from '../web/html.ts';
import { renderPage } from '../web/layout.ts';
import { completeSetup, openSetupLink } from './setup.service.ts';
import type { UsableSetupLink } from './staff-admin.repository.ts';
import { staffAdminMessages } from './staff-admin.messages.ts';
import { SETUP_PATH } from './staff-admin.service.ts';
import { CONSOLE_START_PATH } from '../web/start-pages.ts';

// GET/POST /setup/:token — public (the token is the credential: 32 random
// bytes, only its hash stored). The person chooses a password under the
// rule the page states in words, and is signed in.

type Key = Parameters<typeof staffAdminMessages.t>[1];

function sendHtml(reply: FastifyReply, status: number, page: string) {
  // no-store: the page names the account; the link must not linger in caches
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
}

function setupPage(request: FastifyRequest, token: string, link: UsableSetupLink, errors: FieldError[] = []): string {
  const locale = request.locale;
  const t = (key: Key, vars?: Record<string, string>) => staffAdminMessages.t(locale, key, vars);
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const district = { ko: link.name_ko, en: link.name_en }[locale];
  const body = html`${errorSummary(locale, errors)}
<h1>${t('setup_title')}</h1>
<p class="lead">${t('setup_intro', { district, username: link.username, expires: formatSeoulTime(locale, new Date(link.expires_at)) })}</p>
<form method="post" action="${SETUP_PATH}/${token}?lang=${locale}" novalidate>
  <div class="field">
    <label class="label" for="username">${t('username')}</label>
    <input class="input" id="username" name="username" type="text" value="${link.username}" autocomplete="username" readonly>
  </div>
  ${textField({ locale, id: 'password', label: t('new_password'), hint: t('password_rule'), type: 'password', autocomplete: 'new-password', error: errorFor('password'), maxlength: 1024 })}
  ${textField({ locale, id: 'confirm', label: t('confirm_password'), type: 'password', autocomplete: 'new-password', error: errorFor('confirm'), maxlength: 1024 })}
  <button type="submit" class="button">${t('save_and_sign_in')}</button>
</form>`;
  return renderPage(request, { title: t('setup_title'), body, hasErrors: errors.length > 0 });
}

function invalidLinkPage(request: FastifyRequest): string {
  const locale = request.locale;
  const t = (key: Key) => staffAdminMessages.t(locale, key);
  const body = html`<h1>${t('link_invalid_title')}</h1>
<p class="lead">${t('link_invalid')}</p>
<p><a href="/login?lang=${locale}">${t('go_to_sign_in')}</a></p>`;
  return renderPage(request, { title: t('link_invalid_title'), body });
}

const params = z.object({ token: z.string().max(200) });

export const setupRoutes: RoutePlugin = async (app, deps) => {
  app.get(
    `${SETUP_PATH}/:token`,
    { schema: { hide: true, params, response: { 200: z.string().describe('HTML page'), 404: z.string() } } },
    async (request, reply) => {
      const link = await openSetupLink(deps, request.params.token);
      if (!link) return sendHtml(reply, 404, invalidLinkPage(request));
      return sendHtml(reply, 200, setupPage(request, request.params.token, link));
    },
  );

  app.post(
    `${SETUP_PATH}/:token`,
    {
      schema: {
        hide: true,
        params,
        // Lenient on purpose: an empty or weak password is answered on the form itself.
        body: z.object({ password: z.string().max(1024).default(''), confirm: z.string().max(1024).default(''), username: z.string().max(200).optional() }),
      },
    },
    async (request, reply) => {
      const { token } = request.params;
      const outcome = await completeSetup(deps, token, request.body);
      if (outcome.ok) {
        setSessionCookie(request, reply, outcome.session);
        return reply.redirect(CONSOLE_START_PATH, 303);
      }
      if (outcome.linkInvalid) return sendHtml(reply, 404, invalidLinkPage(request));
      const link = await openSetupLink(deps, token);
      if (!link) return sendHtml(reply, 404, invalidLinkPage(request));
      const errors = outcome.errors.map((e) => ({ field: e.field, message: staffAdminMessages.t(request.locale, e.key) }));
      return sendHtml(reply, 400, setupPage(request, token, link, errors));
    },
  );
};
