import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../i18n/i18n.ts';
import { csrfField, errorSummary, textField, type FieldError } from '../../web/components.ts';
import { formatSeoulTime } from '../../web/format.ts';
import { html, type Html } from '../../web/html.ts';
import { renderPage } from '../../web/layout.ts';
import { secondFactorMessages, type SecondFactorMessageKey } from './totp.messages.ts';
import { LOGIN_CODE_PATH, RECOVERY_CODES_PATH, SECOND_FACTOR_PATH } from './totp.paths.ts';
import { secretInGroups } from './totp.ts';
import type { OwnSecondFactor } from './totp.service.ts';

// The second factor's pages: the sign-in's code step, and one's own page
// (set up with a QR code and the key in groups, recovery codes shown once,
// turn off).

const t = (locale: Locale, key: SecondFactorMessageKey, vars?: Record<string, string | number>) => secondFactorMessages.t(locale, key, vars);

function notice(text: string | undefined): Html | '' {
  return text ? html`<div class="notification notification-success" role="status"><p class="notification-title">${text}</p></div>` : '';
}

function errorsFor(errors: readonly FieldError[]) {
  return (field: string) => errors.find((e) => e.field === field)?.message;
}

/** The sign-in's second step: one field for the code (or a recovery code). */
export function loginCodePage(request: FastifyRequest, o: { username: string; next?: string; code?: string; errors?: FieldError[] }): string {
  const locale = request.locale;
  const errors = o.errors ?? [];
  const errorFor = errorsFor(errors);
  const body = html`${errorSummary(locale, errors)}
<h1>${t(locale, 'code_step_title')}</h1>
<p class="lead">${t(locale, 'code_step_intro', { username: o.username })}</p>
<form method="post" action="${LOGIN_CODE_PATH}?lang=${locale}" novalidate>
  ${o.next ? html`<input type="hidden" name="next" value="${o.next}">` : ''}
  ${textField({ locale, id: 'code', label: t(locale, 'code_step_label'), hint: t(locale, 'code_step_hint'), autocomplete: 'one-time-code', value: o.code, error: errorFor('code'), spellcheck: false, maxlength: 20 })}
  <button type="submit" class="button">${t(locale, 'code_step_submit')}</button>
</form>
<p>${t(locale, 'code_step_lost_phone')}</p>
<p><a href="/login?lang=${locale}">${t(locale, 'start_again')}</a></p>`;
  return renderPage(request, { title: t(locale, 'code_step_title'), body, hasErrors: errors.length > 0 });
}

export interface OwnPageOptions {
  state: OwnSecondFactor;
  /** The set-up key as a QR code (a data: URL of a PNG). */
  qrDataUrl?: string;
  /** The district requires it of this person (an administrator). */
  required: boolean;
  done?: 'on' | 'off';
  errors?: FieldError[];
  /** What was typed in the code fields, shown again with an error (never the password). */
  values?: { code?: string; offCode?: string; regenCode?: string };
}

/** One's own second factor: set it up, or see it on and turn it off. */
export function ownSecondFactorPage(request: FastifyRequest, o: OwnPageOptions): string {
  const locale = request.locale;
  const staff = request.staff!;
  const errors = o.errors ?? [];
  const errorFor = errorsFor(errors);
  const district = staff.districtName[locale];
  const required = o.required && o.state.state !== 'on'
    ? html`<div class="notification" role="status"><p class="notification-title">${t(locale, 'sf_required_notice', { district })}</p></div>`
    : '';
  const done = o.done === 'on' ? t(locale, 'sf_turned_on') : o.done === 'off' ? t(locale, 'sf_turned_off') : undefined;
  const action = `${SECOND_FACTOR_PATH}?lang=${locale}`;
  const state = o.state;
  const content =
    state.state === 'enrolling'
      ? html`<p class="lead">${t(locale, 'sf_intro')}</p>
<h2>${t(locale, 'sf_scan_title')}</h2>
<p><img src="${o.qrDataUrl ?? ''}" width="200" height="200" alt="${t(locale, 'sf_qr_alt', { username: staff.username })}"></p>
<p>${t(locale, 'sf_manual')}</p>
<dl class="summary-list">
  <dt>${t(locale, 'sf_key_label')}</dt><dd><code data-setup-key translate="no">${secretInGroups(state.secret)}</code></dd>
  <dt>${t(locale, 'sf_account_label')}</dt><dd>${staff.username}</dd>
</dl>
<h2 id="confirm-title">${t(locale, 'sf_confirm_title')}</h2>
<form method="post" action="${action}" novalidate aria-labelledby="confirm-title">
  ${csrfField(request.staffSession?.csrfToken)}
  ${textField({ locale, id: 'code', label: t(locale, 'code_label'), hint: t(locale, 'code_hint'), autocomplete: 'one-time-code', value: o.values?.code, error: errorFor('code'), spellcheck: false, maxlength: 20 })}
  <button type="submit" class="button">${t(locale, 'sf_turn_on')}</button>
</form>`
      : html`<p class="lead">${t(locale, 'sf_status_on', { since: formatSeoulTime(locale, state.enabledAt), count: state.recoveryCodesLeft })}</p>
<h2 id="off-title">${t(locale, 'sf_off_title')}</h2>
${o.required
  ? html`<p>${t(locale, 'sf_required_cannot_turn_off', { district })}</p>`
  : html`<p>${t(locale, 'sf_off_hint')}</p>
${checkForm(request, { action: `${SECOND_FACTOR_PATH}/off`, titleId: 'off-title', prefix: 'off', code: o.values?.offCode, errorFor, submit: 'sf_turn_off' })}`}
<h2 id="regen-title">${t(locale, 'regen_title')}</h2>
<p>${t(locale, 'regen_hint')}</p>
${checkForm(request, { action: RECOVERY_CODES_PATH, titleId: 'regen-title', prefix: 'regen', code: o.values?.regenCode, errorFor, submit: 'regen_submit' })}`;
  const body = html`${errorSummary(locale, errors)}${notice(done)}${required}
<h1>${t(locale, 'sf_title')}</h1>
${content}`;
  return renderPage(request, { title: t(locale, 'sf_title'), body, hasErrors: errors.length > 0 });
}

/** A form that asks for the password and a code (turning it off; new recovery codes, where either is enough). */
function checkForm(
  request: FastifyRequest,
  o: { action: string; titleId: string; prefix: 'off' | 'regen'; code?: string; errorFor: (field: string) => string | undefined; submit: SecondFactorMessageKey },
): Html {
  const locale = request.locale;
  return html`<form method="post" action="${o.action}?lang=${locale}" novalidate aria-labelledby="${o.titleId}">
  ${csrfField(request.staffSession?.csrfToken)}
  <input type="hidden" name="username" value="${request.staff!.username}" autocomplete="username">
  ${textField({ locale, id: `${o.prefix}-password`, name: 'password', label: t(locale, 'password_label'), type: 'password', autocomplete: 'current-password', error: o.errorFor(`${o.prefix}-password`), maxlength: 1024 })}
  ${textField({ locale, id: `${o.prefix}-code`, name: 'code', label: t(locale, 'code_step_label'), hint: t(locale, 'code_step_hint'), autocomplete: 'one-time-code', value: o.code, error: o.errorFor(`${o.prefix}-code`), spellcheck: false, maxlength: 20 })}
  <button type="submit" class="button button-secondary">${t(locale, o.submit)}</button>
</form>`;
}

/** Right after turning it on, or making new ones: the recovery codes, this once. */
export function recoveryCodesPage(request: FastifyRequest, codes: readonly string[], why: 'turned_on' | 'regenerated' = 'turned_on'): string {
  const locale = request.locale;
  const body = html`${notice(t(locale, why === 'turned_on' ? 'sf_turned_on' : 'recovery_regenerated'))}
<h1>${t(locale, 'recovery_title')}</h1>
<p class="lead">${t(locale, 'recovery_intro')}</p>
<ul data-recovery-codes translate="no">${codes.map((code) => html`<li><code>${code}</code></li>`)}</ul>
<p><a class="button" href="${SECOND_FACTOR_PATH}?lang=${locale}">${t(locale, 'recovery_continue')}</a></p>`;
  return renderPage(request, { title: t(locale, 'recovery_title'), body });
}
