import type { FastifyRequest } from 'fastify';
import type { District } from '../../platform/districts/districts.repository.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { errorSummary, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import { offlineFormMessages, type OfflineFormMessageKey } from './offline-form.messages.ts';

// The pages of the offline message form (/r/desk/offline), GOV.UK patterns:
// the form with an error summary, the check-answers step (its answers carried
// in hidden fields, "change" goes back with them kept), the confirmation with
// the reference, and the page for too many requests.

export const OFFLINE_FORM_PATH = '/r/desk/offline';

/** What the resident typed, as posted: every field text, any may be missing. */
export interface OfflineForm {
  district?: string;
  name?: string;
  replyChannel?: string;
  contact?: string;
  question?: string;
}

const t = (locale: Locale, key: OfflineFormMessageKey) => offlineFormMessages.t(locale, key);

const styles = (): Html => html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}">`;

function errorLine(locale: Locale, id: string, message?: string): Html {
  return message ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${message}</p>` : html``;
}

function radios(locale: Locale, name: string, legend: string, options: { value: string; label: string }[], selected: string | undefined, error?: string): Html {
  return html`<div class="field${error ? ' field-error' : ''}">
  <fieldset class="fieldset"${error ? html` aria-describedby="${name}-error"` : ''}>
    <legend class="label">${legend}</legend>
    ${errorLine(locale, name, error)}
    ${options.map((o, i) => html`<div class="radio"><input class="radio-input" type="radio" id="${i === 0 ? name : `${name}-${o.value}`}" name="${name}" value="${o.value}"${selected === o.value ? html` checked` : ''}><label class="radio-label" for="${i === 0 ? name : `${name}-${o.value}`}">${o.label}</label></div>`)}
  </fieldset>
</div>`;
}

export function offlineFormPage(request: FastifyRequest, districts: readonly District[], form: OfflineForm, errors: readonly FieldError[]): string {
  const locale = request.locale;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const body = html`${styles()}${errorSummary(locale, errors)}
<h1 class="heading-l">${t(locale, 'title')}</h1>
<p class="body">${t(locale, 'lead')}</p>
<form method="post" action="${OFFLINE_FORM_PATH}?lang=${locale}" novalidate>
  ${radios(locale, 'district', t(locale, 'district'), districts.map((d) => ({ value: d.code, label: d.name[locale] })), form.district, err('district'))}
  ${textField({ locale, id: 'name', label: t(locale, 'name'), value: form.name ?? '', autocomplete: 'name', maxlength: 100, ...(err('name') ? { error: err('name')! } : {}) })}
  ${radios(locale, 'replyChannel', t(locale, 'channel'), [{ value: 'email', label: t(locale, 'email') }, { value: 'sms', label: t(locale, 'sms') }], form.replyChannel, err('replyChannel'))}
  ${textField({ locale, id: 'contact', label: t(locale, 'contact'), hint: t(locale, 'contact_hint'), value: form.contact ?? '', spellcheck: false, maxlength: 254, ...(err('contact') ? { error: err('contact')! } : {}) })}
  <div class="field${err('question') ? ' field-error' : ''}">
    <label class="label" for="question">${t(locale, 'question')}</label>
    <p class="hint" id="question-hint">${t(locale, 'question_hint')}</p>
    ${errorLine(locale, 'question', err('question'))}
    <textarea class="input textarea" id="question" name="question" rows="6" maxlength="2000" aria-describedby="question-hint${err('question') ? ' question-error' : ''}"${err('question') ? html` aria-invalid="true"` : ''}>${form.question ?? ''}</textarea>
  </div>
  <button type="submit" class="button">${t(locale, 'continue')}</button>
</form>`;
  return renderPage(request, { title: t(locale, 'title'), hasErrors: errors.length > 0, body });
}

export function offlineCheckPage(request: FastifyRequest, district: District, form: OfflineForm): string {
  const locale = request.locale;
  const hidden = (['district', 'name', 'replyChannel', 'contact', 'question'] as const).map((k) => html`<input type="hidden" name="${k}" value="${form[k] ?? ''}">`);
  const row = (label: string, value: string) => html`<div class="summary-row"><dt class="summary-key">${label}</dt><dd class="summary-value">${value}</dd></div>`;
  const body = html`${styles()}
<h1 class="heading-l">${t(locale, 'check_title')}</h1>
<dl class="summary-list">
  ${row(t(locale, 'district'), district.name[locale])}
  ${row(t(locale, 'name'), form.name!.trim())}
  ${row(t(locale, 'channel'), t(locale, form.replyChannel === 'email' ? 'email' : 'sms'))}
  ${row(t(locale, 'contact'), form.contact!.trim())}
  ${row(t(locale, 'question'), form.question!.trim())}
</dl>
<form method="post" action="${OFFLINE_FORM_PATH}/change?lang=${locale}" class="inline-form">${hidden}<button type="submit" class="button button-secondary">${t(locale, 'change')}</button></form>
<form method="post" action="${OFFLINE_FORM_PATH}/send?lang=${locale}">${hidden}<button type="submit" class="button">${t(locale, 'send')}</button></form>`;
  return renderPage(request, { title: t(locale, 'check_title'), body });
}

export function offlineDonePage(request: FastifyRequest, reference: string): string {
  const locale = request.locale;
  const body = html`<div class="panel panel-confirmation">
  <h1 class="heading-l">${t(locale, 'done_title')}</h1>
  <p class="panel-body">${t(locale, 'reference')}<br><strong>${reference}</strong></p>
</div>
<p class="body">${t(locale, 'next')}</p>`;
  return renderPage(request, { title: t(locale, 'done_title'), body });
}

export function offlineTooManyPage(request: FastifyRequest): string {
  return renderPage(request, { title: t(request.locale, 'too_many'), body: html`<h1 class="heading-l">${t(request.locale, 'too_many')}</h1>` });
}
