import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { csrfField, errorSummary, stepIndicator, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import { selfServiceMessages, type SelfServiceMessageKey } from './self-service.messages.ts';
import type { CodeStatus, Enrolment, FormError } from './self-service.service.ts';
import { LINK_PATH, type LinkState } from './update-links.ts';

// The resident's pages: one question per page, an error summary that takes
// focus, a check-answers step and a confirmation with a reference number
// (GOV.UK patterns). Plain forms; site.js only moves focus.

type T = (key: SelfServiceMessageKey, vars?: Record<string, string | number>) => string;
const tr = (locale: Locale): T => (key, vars) => selfServiceMessages.t(locale, key, vars);

/** Form controls' styles (fieldset, radios) live in the console stylesheet; the script is not needed here. */
const styles = (): Html => html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}">`;

export function fieldErrors(locale: Locale, errors: readonly FormError[]): FieldError[] {
  return errors.map((e) => ({ field: e.field, message: e.text ? e.text[locale] : selfServiceMessages.t(locale, e.key, e.vars) }));
}

function errorLine(locale: Locale, id: string, message: string | undefined): Html {
  return message ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${message}</p>` : html``;
}

/** The steps behind a link, named in the step indicator (KRDS) of each of their pages. */
const STEPS = ['step_identity', 'step_contacts', 'step_code', 'step_check', 'step_done'] as const;
type StepKey = (typeof STEPS)[number];

function steps(locale: Locale, current: StepKey): Html {
  const t = tr(locale);
  return stepIndicator(locale, STEPS.map((key) => ({ label: t(key) })), STEPS.indexOf(current));
}

/** A page; one behind the link names its `step` in the step indicator above the title. */
function page(request: FastifyRequest, title: string, body: Html, errors: readonly FieldError[] = [], step?: StepKey): string {
  const indicator = step ? steps(request.locale, step) : html``;
  return renderPage(request, { title, hasErrors: errors.length > 0, body: html`${styles()}${indicator}${errorSummary(request.locale, errors)}${body}` });
}

const action = (path: string, locale: Locale) => `${path}?lang=${locale}`;

export interface DobForm {
  year?: string;
  month?: string;
  day?: string;
}

function dateInput(locale: Locale, form: DobForm, error: string | undefined, legendClass = 'label'): Html {
  const t = tr(locale);
  const part = (id: string, name: keyof DobForm, label: string, size: number) => html`<div class="ss-date-item">
    <label class="label" for="${id}">${label}</label>
    <input class="input ss-date-input ss-w${size}" id="${id}" name="${name}" type="text" inputmode="numeric" maxlength="${size}" value="${form[name] ?? ''}"${id === 'dob-year' ? html` autocomplete="bday-year"` : id === 'dob-month' ? html` autocomplete="bday-month"` : html` autocomplete="bday-day"`}${error ? html` aria-invalid="true"` : ''}>
  </div>`;
  return html`<div class="field${error ? ' field-error' : ''}">
  <fieldset class="fieldset" role="group" aria-describedby="dob-hint${error ? ' dob-error' : ''}">
    <legend class="${legendClass}">${t('field_dob')}</legend>
    <p class="hint" id="dob-hint">${t('field_dob_hint')}</p>
    ${errorLine(locale, 'dob', error)}
    <div class="ss-date">${part('dob-year', 'year', t('dob_year'), 4)}${part('dob-month', 'month', t('dob_month'), 2)}${part('dob-day', 'day', t('dob_day'), 2)}</div>
  </fieldset>
</div>`;
}

// ------------------------------------------------------------------ start

export interface StartForm extends DobForm {
  district?: string;
  who?: string;
}

export function startPage(request: FastifyRequest, o: { districts: { code: string; name: { ko: string; en: string } }[]; form: StartForm; errors: FormError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const errors = fieldErrors(locale, o.errors);
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const body = html`<h1>${t('start_title')}</h1>
<p class="lead">${t('start_lead')}</p>
<form method="post" action="${action(LINK_PATH, locale)}" novalidate>
  <div class="field${err('district') ? ' field-error' : ''}">
    <label class="label" for="district">${t('field_district')}</label>
    ${errorLine(locale, 'district', err('district'))}
    <select class="select" id="district" name="district"${err('district') ? html` aria-describedby="district-error" aria-invalid="true"` : ''}>
      <option value="">-</option>
      ${o.districts.map((d) => html`<option value="${d.code}"${o.form.district === d.code ? html` selected` : ''}>${d.name[locale]}</option>`)}
    </select>
  </div>
  ${textField({ locale, id: 'who', label: t('field_who'), hint: t('field_who_hint'), value: o.form.who ?? '', error: err('who'), autocomplete: 'off', spellcheck: false, maxlength: 200 })}
  ${dateInput(locale, o.form, err('dob-year'))}
  <button type="submit" class="button" id="start-submit">${t('start_submit')}</button>
</form>`;
  return page(request, t('start_title'), body, errors);
}

/**
 * Said to everyone, whoever they are (the page cannot tell whether a person
 * exists): the order the link goes in (self-service.service.ts linkChannels)
 * and what to do when nothing reaches them.
 */
export function sentPage(request: FastifyRequest): string {
  const locale = request.locale;
  const t = tr(locale);
  return page(request, t('sent_title'), html`<div class="notification notification-success"><h1 class="notification-title">${t('sent_title')}</h1><p>${t('sent_body')}</p></div>
<h2 id="sent-how">${t('sent_how_title')}</h2>
<ol class="list list-number" aria-labelledby="sent-how">
  <li>${t('sent_how_kakao')}</li>
  <li>${t('sent_how_sms')}</li>
  <li>${t('sent_how_email')}</li>
</ol>
<h2 id="sent-next">${t('sent_next_title')}</h2>
<p>${t('sent_next')}</p>
<ul class="list" aria-labelledby="sent-next">
  <li><a href="/r/desk?lang=${locale}">${t('sent_next_desk')}</a></li>
  <li><a href="/r/desk/offline?lang=${locale}">${t('sent_next_offline')}</a></li>
  <li>${t('sent_next_phone')}</li>
</ul>`);
}

// ------------------------------------------------------------- link states

const STATE_KEYS: Record<Exclude<LinkState, 'ok'>, [SelfServiceMessageKey, SelfServiceMessageKey]> = {
  invalid: ['link_invalid_title', 'link_invalid'],
  expired: ['link_expired_title', 'link_expired'],
  used: ['link_used_title', 'link_used'],
  locked: ['link_locked_title', 'link_locked'],
};

export const STATE_STATUS: Record<Exclude<LinkState, 'ok'>, number> = { invalid: 404, expired: 410, used: 410, locked: 423 };

export function linkProblemPage(request: FastifyRequest, state: Exclude<LinkState, 'ok'>): string {
  const locale = request.locale;
  const t = tr(locale);
  const [title, text] = STATE_KEYS[state];
  return page(request, t(title), html`<h1>${t(title)}</h1><p class="lead" data-link-state="${state}">${t(text)}</p>
<p><a href="${action(LINK_PATH, locale)}">${t('ask_new_link')}</a></p>`);
}

export function sessionGonePage(request: FastifyRequest, token: string): string {
  const locale = request.locale;
  const t = tr(locale);
  return page(request, t('session_title'), html`<h1>${t('session_title')}</h1><p class="lead">${t('session_gone')}</p>
<p><a href="${action(`${LINK_PATH}/${token}`, locale)}">${t('start_again')}</a></p>`);
}

export function rateLimitedPage(request: FastifyRequest, retryAfterSeconds: number): string {
  const t = tr(request.locale);
  return page(request, t('rate_limited_title'), html`<h1>${t('rate_limited_title')}</h1><p class="lead">${t('rate_limited', { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) })}</p>`);
}

// ---------------------------------------------------------- date of birth

export function dobPage(request: FastifyRequest, token: string, o: { form: DobForm; errors: FormError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const errors = fieldErrors(locale, o.errors);
  const body = html`<h1>${t('dob_title')}</h1>
<p class="lead">${t('dob_lead')}</p>
<form method="post" action="${action(`${LINK_PATH}/${token}`, locale)}" novalidate>
  ${dateInput(locale, o.form, errors.find((e) => e.field === 'dob-year')?.message)}
  <button type="submit" class="button" id="dob-submit">${t('continue')}</button>
</form>`;
  return page(request, t('dob_title'), body, errors, 'step_identity');
}

// --------------------------------------------------------------- contacts

export interface ContactsForm {
  mobile?: string;
  email?: string;
  enrol: Enrolment;
}

export function contactsPage(
  request: FastifyRequest,
  token: string,
  o: { csrf: string; current: { mobile: string | null; email: string | null }; form: ContactsForm; errors: FormError[] },
): string {
  const locale = request.locale;
  const t = tr(locale);
  const errors = fieldErrors(locale, o.errors);
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const box = (c: keyof Enrolment, key: SelfServiceMessageKey) =>
    html`<div class="checkbox"><input type="checkbox" id="enrol-${c}" name="enrol" value="${c}"${o.form.enrol[c] ? html` checked` : ''}><label for="enrol-${c}">${t(key)}</label></div>`;
  const body = html`<h1>${t('contacts_title')}</h1>
<h2>${t('current_details')}</h2>
<dl class="summary-list" id="current-contacts">
  <dt>${t('mobile')}</dt><dd>${o.current.mobile ?? t('none')}</dd>
  <dt>${t('email')}</dt><dd>${o.current.email ?? t('none')}</dd>
</dl>
<form method="post" action="${action(`${LINK_PATH}/${token}/contacts`, locale)}" novalidate>
  ${csrfField(o.csrf)}
  ${textField({ locale, id: 'new-mobile', name: 'mobile', type: 'tel', label: t('new_mobile'), hint: t('new_mobile_hint'), value: o.form.mobile ?? '', error: err('new-mobile'), autocomplete: 'tel-national', maxlength: 20 })}
  ${textField({ locale, id: 'new-email', name: 'email', type: 'email', label: t('new_email'), hint: t('new_email_hint'), value: o.form.email ?? '', error: err('new-email'), autocomplete: 'email', spellcheck: false, maxlength: 200 })}
  <div class="field">
    <fieldset class="fieldset" aria-describedby="channels-hint">
      <legend class="label">${t('channels')}</legend>
      <p class="hint" id="channels-hint">${t('channels_hint')}</p>
      ${box('kakao', 'channel_kakao')}${box('sms', 'channel_sms')}${box('email', 'channel_email')}
    </fieldset>
  </div>
  <button type="submit" class="button" id="contacts-submit">${t('continue')}</button>
</form>`;
  return page(request, t('contacts_title'), body, errors, 'step_contacts');
}

// ------------------------------------------------------------------- codes

export function codePage(request: FastifyRequest, token: string, o: { csrf: string; statuses: CodeStatus[]; errors: FormError[]; resent?: boolean }): string {
  const locale = request.locale;
  const t = tr(locale);
  const errors = fieldErrors(locale, o.errors);
  const body = html`<h1>${t('code_title')}</h1>
${o.resent ? html`<div class="notification notification-success" role="status"><p>${t('code_resent')}</p></div>` : ''}
<p class="lead">${t('code_lead')}</p>
<form method="post" action="${action(`${LINK_PATH}/${token}/code`, locale)}" novalidate>
  ${csrfField(o.csrf)}
  ${o.statuses.map((s) =>
    s.confirmed
      ? html`<p class="ss-confirmed">${t('code_confirmed', { to: s.to })}</p>`
      : textField({
          locale, id: `code-${s.field}`, name: s.field, label: t(s.field === 'mobile' ? 'code_for_mobile' : 'code_for_email', { to: s.to }),
          hint: t('code_hint'), autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 20, extraClass: 'input-narrow', error: errors.find((e) => e.field === `code-${s.field}`)?.message,
        }),
  )}
  <button type="submit" class="button" id="code-submit">${t('continue')}</button>
</form>
<form method="post" action="${action(`${LINK_PATH}/${token}/code/resend`, locale)}">
  ${csrfField(o.csrf)}
  <button type="submit" class="button button-secondary" id="code-resend">${t('code_resend')}</button>
</form>`;
  return page(request, t('code_title'), body, errors, 'step_code');
}

// ------------------------------------------------- every channel given up

/**
 * The question before a resident gives up every electronic channel: their
 * notices would come by post only. Yes goes on with the form as typed
 * (carried in hidden fields); no goes back to it.
 */
export function paperPage(request: FastifyRequest, token: string, o: { csrf: string; form: ContactsForm }): string {
  const locale = request.locale;
  const t = tr(locale);
  const body = html`<h1>${t('paper_title')}</h1>
<div class="notification" id="paper-warning"><p>${t('paper_warning')}</p><p>${t('paper_consequences')}</p></div>
<form method="post" action="${action(`${LINK_PATH}/${token}/contacts`, locale)}">
  ${csrfField(o.csrf)}
  <input type="hidden" name="mobile" value="${o.form.mobile ?? ''}">
  <input type="hidden" name="email" value="${o.form.email ?? ''}">
  <div>
    <button type="submit" class="button" name="paper" value="yes" id="paper-yes">${t('paper_yes')}</button>
    <button type="submit" class="button button-secondary" name="paper" value="no" id="paper-no">${t('paper_no')}</button>
  </div>
</form>`;
  return page(request, t('paper_title'), body, [], 'step_contacts');
}

// ------------------------------------------------------------ check answers

export function checkPage(
  request: FastifyRequest,
  token: string,
  o: { csrf: string; current: { mobile: string | null; email: string | null }; next: { mobile?: string; email?: string; enrol: Enrolment }; errors: FormError[] },
): string {
  const locale = request.locale;
  const t = tr(locale);
  const errors = fieldErrors(locale, o.errors);
  const row = (label: string, value: string, id: string) =>
    html`<div><dt>${label}</dt><dd id="${id}">${value}</dd><dd class="dc-check-action"><a href="${action(`${LINK_PATH}/${token}/contacts`, locale)}">${t('check_change')}<span class="visually-hidden"> ${label}</span></a></dd></div>`;
  const channels = (['kakao', 'sms', 'email'] as const).filter((c) => o.next.enrol[c]).map((c) => t(`channel_${c}`)).join(', ') || t('check_paper_only');
  const paperOnly = !o.next.enrol.kakao && !o.next.enrol.sms && !o.next.enrol.email;
  const body = html`<h1>${t('check_title')}</h1>
<dl class="dc-check">
  ${row(t('mobile'), o.next.mobile ?? t('check_unchanged', { value: o.current.mobile ?? t('none') }), 'check-mobile')}
  ${row(t('email'), o.next.email ?? t('check_unchanged', { value: o.current.email ?? t('none') }), 'check-email')}
  ${row(t('channels'), channels, 'check-channels')}
</dl>
<p class="dc-warning" id="check-warning">${t(paperOnly ? 'check_warning_paper' : 'check_warning')}</p>
<form method="post" action="${action(`${LINK_PATH}/${token}/check`, locale)}">
  ${csrfField(o.csrf)}
  <button type="submit" class="button" id="save">${t('save')}</button>
</form>`;
  return page(request, t('check_title'), body, errors, 'step_check');
}

// -------------------------------------------------------------- confirmation

export function donePage(request: FastifyRequest, o: { reference: string; resent: number }): string {
  const locale = request.locale;
  const t = tr(locale);
  const body = html`<div class="notification notification-success ss-panel">
  <h1 class="notification-title">${t('done_title')}</h1>
  <p>${t('done_reference')}<br><strong class="ss-reference" id="reference">${o.reference}</strong></p>
</div>
<h2>${t('done_next_title')}</h2>
<p>${t('done_next')}</p>
${o.resent > 0 ? html`<p id="resent">${t('done_resent', { count: o.resent })}</p>` : ''}
<p>${t('done_link_spent')}</p>`;
  return page(request, t('done_title'), body, [], 'step_done');
}
