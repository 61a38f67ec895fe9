import type { FastifyRequest } from 'fastify';
import { ROLES, roleNames, type Role } from '../auth/roles.ts';
import type { Locale } from '../i18n/i18n.ts';
import { csrfField, errorMessage, errorSummary, textField, type FieldError } from '../web/components.ts';
import { formatSeoulTime } from '../web/format.ts';
import { html, type Html } from '../web/html.ts';
import { renderPage } from '../web/layout.ts';
import { secondFactorMessages, type SecondFactorMessageKey } from '../auth/totp/totp.messages.ts';
import { staffAdminMessages, type StaffAdminMessageKey } from './staff-admin.messages.ts';
import type { StaffAccountRow, StaffListRow } from './staff-admin.repository.ts';

// The staff console's pages: the district's accounts and the invitation form,
// one account's page (role, reset, disable), and one's own password.

export const STAFF_CONSOLE_PATH = '/console/staff';
export const OWN_PASSWORD_PATH = '/console/account/password';

const t = (locale: Locale, key: StaffAdminMessageKey, vars?: Record<string, string>) => staffAdminMessages.t(locale, key, vars);
const sf = (locale: Locale, key: SecondFactorMessageKey, vars?: Record<string, string>) => secondFactorMessages.t(locale, key, vars);

/** The path of the form that sets the district's rule on administrators' second factor. */
export const SECOND_FACTOR_RULE_PATH = `${STAFF_CONSOLE_PATH}/second-factor-rule`;

function roleSelect(locale: Locale, id: string, label: string, selected: string | undefined, error?: string): Html {
  return html`<div class="field${error ? ' field-error' : ''}">
  <label class="label" for="${id}">${label}</label>
  ${errorMessage(locale, id, error)}
  <select class="select" id="${id}" name="role"${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
    ${ROLES.map((r) => html`<option value="${r}"${r === selected ? html` selected` : ''}>${roleNames.t(locale, r)}</option>`)}
  </select>
</div>`;
}

function reasonField(locale: Locale, id: string, value: string | undefined, error?: string): Html {
  return textField({ locale, id, name: 'reason', label: t(locale, 'reason'), hint: t(locale, 'reason_hint'), value, error, maxlength: 500 });
}

function status(locale: Locale, a: StaffAccountRow): string {
  return t(locale, a.disabled_at ? 'status_disabled' : a.has_password ? 'status_active' : 'status_waiting');
}

function notice(text: string | undefined): Html | '' {
  return text ? html`<div class="notification notification-success" role="status"><p class="notification-title">${text}</p></div>` : '';
}

export interface InviteValues {
  username?: string;
  displayName?: string;
  role?: string;
  email?: string;
  reason?: string;
}

/** The district's rule on administrators' second factor, as the staff page shows and sets it. */
export interface SecondFactorRule {
  required: boolean;
  /** Whose second factor is on, by account id. */
  enabled: ReadonlyMap<number, boolean>;
}

function secondFactorRuleForm(request: FastifyRequest, staff: readonly StaffListRow[], rule: SecondFactorRule, errorFor: (field: string) => string | undefined, reason?: string): Html {
  const locale = request.locale;
  const missing = staff.filter((a) => a.role === 'admin' && !a.disabled_at && !rule.enabled.get(a.id)).map((a) => a.username);
  return html`<h2 id="rule-title">${sf(locale, 'rule_title')}</h2>
<p>${sf(locale, 'rule_hint')}</p>
${missing.length ? html`<p>${sf(locale, 'rule_missing', { names: missing.join(', ') })}</p>` : ''}
<form method="post" action="${SECOND_FACTOR_RULE_PATH}?lang=${locale}" novalidate aria-labelledby="rule-title">
  ${csrfField(request.staffSession?.csrfToken)}
  <div class="checkbox"><input type="checkbox" id="requireAdminTotp" name="requireAdminTotp" value="1"${rule.required ? html` checked` : ''}><label for="requireAdminTotp">${sf(locale, 'rule_label')}</label></div>
  ${reasonField(locale, 'rule-reason', reason, errorFor('rule-reason'))}
  <button type="submit" class="button">${sf(locale, 'rule_save')}</button>
</form>`;
}

export function staffListPage(
  request: FastifyRequest,
  o: { staff: StaffListRow[]; done?: string; values?: InviteValues; errors?: FieldError[]; secondFactor: SecondFactorRule; ruleReason?: string },
): string {
  const locale = request.locale;
  const me = request.staff!;
  const errors = o.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const v = o.values ?? {};
  const rows = o.staff.map(
    (a) => html`<tr>
      <td>${a.display_name} (${a.username})${a.id === me.id ? html` ${t(locale, 'you')}` : ''}</td>
      <td>${roleNames.t(locale, a.role)}</td>
      <td>${status(locale, a)}</td>
      <td>${sf(locale, o.secondFactor.enabled.get(a.id) ? 'sf_on' : 'sf_off')}</td>
      <td class="date">${a.last_sign_in_at ? formatSeoulTime(locale, new Date(a.last_sign_in_at)) : t(locale, 'never')}</td>
      <td><a href="${STAFF_CONSOLE_PATH}/${a.id}?lang=${locale}">${t(locale, 'manage_account', { name: a.username })}</a></td>
    </tr>`,
  );
  const body = html`${errorSummary(locale, errors)}${notice(o.done)}
<h1>${t(locale, 'staff_title')}</h1>
<p class="lead">${t(locale, 'staff_intro', { district: me.districtName[locale] })}</p>
<div class="table-wrap"><table>
  <caption class="visually-hidden">${t(locale, 'staff_title')}</caption>
  <thead><tr><th scope="col">${t(locale, 'col_name')}</th><th scope="col">${t(locale, 'col_role')}</th><th scope="col">${t(locale, 'col_status')}</th><th scope="col">${sf(locale, 'col_second_factor')}</th><th scope="col">${t(locale, 'col_last_sign_in')}</th><th scope="col">${t(locale, 'col_actions')}</th></tr></thead>
  <tbody>${rows}</tbody>
</table></div>
${secondFactorRuleForm(request, o.staff, o.secondFactor, errorFor, o.ruleReason)}
<h2 id="invite-title">${t(locale, 'invite_title')}</h2>
<form method="post" action="${STAFF_CONSOLE_PATH}/invite?lang=${locale}" novalidate aria-labelledby="invite-title">
  ${csrfField(request.staffSession?.csrfToken)}
  ${textField({ locale, id: 'username', label: t(locale, 'username'), hint: t(locale, 'invite_username_hint'), value: v.username, error: errorFor('username'), spellcheck: false, autocomplete: 'off', maxlength: 64 })}
  ${textField({ locale, id: 'displayName', label: t(locale, 'display_name'), value: v.displayName, error: errorFor('displayName'), autocomplete: 'off', maxlength: 100 })}
  ${roleSelect(locale, 'role', t(locale, 'col_role'), v.role ?? 'tax_official', errorFor('role'))}
  ${textField({ locale, id: 'email', label: t(locale, 'email'), hint: t(locale, 'email_hint'), type: 'email', value: v.email, error: errorFor('email'), spellcheck: false, autocomplete: 'off', maxlength: 254 })}
  ${reasonField(locale, 'reason', v.reason, errorFor('reason'))}
  <button type="submit" class="button">${t(locale, 'send_invitation')}</button>
</form>`;
  return renderPage(request, { title: t(locale, 'staff_title'), body, hasErrors: errors.length > 0 });
}

export function staffAccountPage(
  request: FastifyRequest,
  o: { account: StaffListRow; secondFactorOn: boolean; done?: string; errors?: FieldError[]; values?: { role?: Role | string; email?: string; reason?: string; action?: string } },
): string {
  const locale = request.locale;
  const a = o.account;
  /** The reason typed into the form that was refused, kept in that form only. */
  const reasonOf = (action: string) => (o.values?.action === action ? o.values.reason : undefined);
  const errors = o.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const base = `${STAFF_CONSOLE_PATH}/${a.id}`;
  const title = t(locale, 'manage_account', { name: a.username });
  const body = html`${errorSummary(locale, errors)}${notice(o.done)}
<p><a href="${STAFF_CONSOLE_PATH}?lang=${locale}">${t(locale, 'staff_title')}</a></p>
<h1>${title}</h1>
<dl class="summary-list">
  <dt>${t(locale, 'col_name')}</dt><dd>${a.display_name} (${a.username})</dd>
  <dt>${t(locale, 'col_role')}</dt><dd>${roleNames.t(locale, a.role)}</dd>
  <dt>${t(locale, 'col_status')}</dt><dd>${status(locale, a)}</dd>
  <dt>${sf(locale, 'col_second_factor')}</dt><dd>${sf(locale, o.secondFactorOn ? 'sf_on' : 'sf_off')}</dd>
  <dt>${t(locale, 'col_last_sign_in')}</dt><dd>${a.last_sign_in_at ? formatSeoulTime(locale, new Date(a.last_sign_in_at)) : t(locale, 'never')}</dd>
</dl>
${a.disabled_at
  ? ''
  : html`<h2 id="role-title">${t(locale, 'change_role')}</h2>
<form method="post" action="${base}/role?lang=${locale}" novalidate aria-labelledby="role-title">
  ${csrfField(request.staffSession?.csrfToken)}
  ${roleSelect(locale, 'role', t(locale, 'new_role'), o.values?.role ?? a.role, errorFor('role'))}
  ${reasonField(locale, 'role-reason', reasonOf('role'), errorFor('role-reason'))}
  <button type="submit" class="button">${t(locale, 'change_role')}</button>
</form>
<h2 id="reset-title">${t(locale, 'reset_title')}</h2>
<p>${t(locale, 'reset_hint')}</p>
<form method="post" action="${base}/reset?lang=${locale}" novalidate aria-labelledby="reset-title">
  ${csrfField(request.staffSession?.csrfToken)}
  ${textField({ locale, id: 'email', label: t(locale, 'email'), hint: t(locale, 'email_hint'), type: 'email', value: o.values?.email, error: errorFor('email'), spellcheck: false, autocomplete: 'off', maxlength: 254 })}
  ${reasonField(locale, 'reset-reason', reasonOf('reset'), errorFor('reset-reason'))}
  <button type="submit" class="button">${t(locale, 'reset_title')}</button>
</form>
${o.secondFactorOn && a.id !== request.staff!.id
  ? html`<h2 id="sf-reset-title">${sf(locale, 'reset_title')}</h2>
<p>${sf(locale, 'reset_hint')}</p>
<form method="post" action="${base}/second-factor-reset?lang=${locale}" novalidate aria-labelledby="sf-reset-title">
  ${csrfField(request.staffSession?.csrfToken)}
  ${reasonField(locale, 'sf-reset-reason', reasonOf('sf-reset'), errorFor('sf-reset-reason'))}
  <button type="submit" class="button button-secondary">${sf(locale, 'reset_submit')}</button>
</form>`
  : ''}
<h2 id="disable-title">${t(locale, 'disable')}</h2>
<p>${t(locale, 'disable_hint')}</p>
<form method="post" action="${base}/disable?lang=${locale}" novalidate aria-labelledby="disable-title">
  ${csrfField(request.staffSession?.csrfToken)}
  ${reasonField(locale, 'disable-reason', reasonOf('disable'), errorFor('disable-reason'))}
  <button type="submit" class="button button-secondary">${t(locale, 'disable')}</button>
</form>`}`;
  return renderPage(request, { title, body, hasErrors: errors.length > 0 });
}

export function ownPasswordPage(request: FastifyRequest, o: { done?: boolean; errors?: FieldError[] }): string {
  const locale = request.locale;
  const errors = o.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const body = html`${errorSummary(locale, errors)}${notice(o.done ? t(locale, 'done_password') : undefined)}
<h1>${t(locale, 'password_title')}</h1>
<form method="post" action="${OWN_PASSWORD_PATH}?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  <input type="hidden" name="username" value="${request.staff!.username}" autocomplete="username">
  ${textField({ locale, id: 'current', label: t(locale, 'current_password'), type: 'password', autocomplete: 'current-password', error: errorFor('current'), maxlength: 1024 })}
  ${textField({ locale, id: 'password', label: t(locale, 'new_password'), hint: t(locale, 'password_rule'), type: 'password', autocomplete: 'new-password', error: errorFor('password'), maxlength: 1024 })}
  ${textField({ locale, id: 'confirm', label: t(locale, 'confirm_password'), type: 'password', autocomplete: 'new-password', error: errorFor('confirm'), maxlength: 1024 })}
  <button type="submit" class="button">${t(locale, 'change_password')}</button>
</form>`;
  return renderPage(request, { title: t(locale, 'password_title'), body, hasErrors: errors.length > 0 });
}
