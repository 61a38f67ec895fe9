import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { formatSeoulTime } from '../../platform/web/format.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { csrfField, errorSummary, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import { channelLabel, kindLabel, stateLabel } from '../../delivery/delivery.format.ts';
import { ruleByCode } from '../rules/contact-rules.ts';
import { ruleLabel } from '../risk/risk.messages.ts';
import { taxpayerRecordMessages, type TaxpayerRecordMessageKey } from './taxpayer-record.messages.ts';
import type { ContactChangeEntry, DeliveryHistoryEntry, TaxpayerSummary } from './taxpayer-console.repository.ts';

// The official-edit pages: search, the taxpayer (masked contacts, checks,
// history), the edit form, the check-answers step and the confirmation.

const CHANNELS = ['kakao', 'sms', 'email'] as const;
const tt = (locale: Locale) => (key: TaxpayerRecordMessageKey, vars?: Record<string, string | number>) => taxpayerRecordMessages.t(locale, key, vars);
const when = (locale: Locale, d: Date) => formatSeoulTime(locale, d);
const styles = () => html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}">`;

function errorFor(locale: Locale, id: string, error: string | undefined): Html {
  return error ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${error}</p>` : html``;
}

export interface SearchForm {
  taxpayerNo?: string;
  name?: string;
  birthDate?: string;
}

export function searchPage(request: FastifyRequest, o: { form?: SearchForm; errors?: FieldError[] } = {}): string {
  const locale = request.locale;
  const t = tt(locale);
  const errors = o.errors ?? [];
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const form = o.form ?? {};
  const body = html`${styles()}${errorSummary(locale, errors)}
<h1>${t('search_title')}</h1>
<p class="lead">${t('search_lead')}</p>
<h2 id="by-number-heading">${t('by_number')}</h2>
<form method="post" action="/console/taxpayers/search?lang=${locale}" novalidate aria-labelledby="by-number-heading">
  ${csrfField(request.staffSession?.csrfToken)}
  <input type="hidden" name="by" value="number">
  ${textField({ locale, id: 'taxpayer-no', name: 'taxpayerNo', label: t('field_taxpayer_no'), value: form.taxpayerNo ?? '', error: err('taxpayer-no'), spellcheck: false, autocomplete: 'off', maxlength: 40 })}
  <button type="submit" class="button" id="find-by-number">${t('find')}</button>
</form>
<h2 id="by-name-heading">${t('by_name')}</h2>
<form method="post" action="/console/taxpayers/search?lang=${locale}" novalidate aria-labelledby="by-name-heading">
  ${csrfField(request.staffSession?.csrfToken)}
  <input type="hidden" name="by" value="name">
  ${textField({ locale, id: 'name', name: 'name', label: t('field_name'), value: form.name ?? '', error: err('name'), autocomplete: 'off', maxlength: 100 })}
  ${textField({ locale, id: 'birth-date', name: 'birthDate', label: t('field_birth_date'), hint: t('field_birth_date_hint'), value: form.birthDate ?? '', error: err('birth-date'), autocomplete: 'off', maxlength: 10, spellcheck: false })}
  <button type="submit" class="button" id="find-by-name">${t('find')}</button>
</form>`;
  return renderPage(request, { title: t('search_title'), body, hasErrors: errors.length > 0 });
}

function enrolText(locale: Locale, enrol: Record<string, boolean> | undefined): string {
  const t = tt(locale);
  const on = CHANNELS.filter((c) => enrol?.[c]);
  return on.length ? on.map((c) => t(`channel_${c}`)).join(', ') : t('not_enrolled');
}

function changeText(locale: Locale, c: ContactChangeEntry): Html {
  const t = tt(locale);
  const parts: Html[] = [];
  if (c.changed.includes('mobile')) parts.push(html`<li>${t('mobile')}: ${c.old.mobile ?? t('none')} → ${c.new.mobile ?? t('removed')}</li>`);
  if (c.changed.includes('email')) parts.push(html`<li>${t('email')}: ${c.old.email ?? t('none')} → ${c.new.email ?? t('removed')}</li>`);
  if (c.changed.some((f) => f.startsWith('enrol_'))) parts.push(html`<li>${t('enrolment')}: ${enrolText(locale, c.old.enrol)} → ${enrolText(locale, c.new.enrol)}</li>`);
  return html`<ul class="list">${parts}</ul>`;
}

export function taxpayerPage(
  request: FastifyRequest,
  o: { taxpayer: TaxpayerSummary; changes: ContactChangeEntry[]; deliveries: DeliveryHistoryEntry[]; canEdit: boolean; flash?: string },
): string {
  const locale = request.locale;
  const t = tt(locale);
  const tp = o.taxpayer;
  const source = t(`source_${tp.contactSource}` as TaxpayerRecordMessageKey);
  const findings = tp.findings.length
    ? html`<ul class="list" id="taxpayer-findings">${tp.findings.map((code) => html`<li><strong>${ruleLabel(locale, code)}</strong>: ${ruleByCode(code)?.reason[locale] ?? ''}</li>`)}</ul>`
    : html`<p id="taxpayer-findings">${t('findings_none')}</p>`;
  const changes = o.changes.length
    ? html`<div class="table-wrap"><table id="contact-history">
  <caption class="visually-hidden">${t('history_title')}</caption>
  <thead><tr><th scope="col">${t('col_when')}</th><th scope="col">${t('col_reference')}</th><th scope="col">${t('col_who')}</th><th scope="col">${t('col_source')}</th><th scope="col">${t('col_change')}</th><th scope="col">${t('col_reason')}</th></tr></thead>
  <tbody>${o.changes.map(
    (c) => html`<tr><td class="date">${when(locale, c.at)}</td><td>${c.reference}</td><td>${c.actorId ?? c.actorType}</td><td>${t(`source_${c.source}` as TaxpayerRecordMessageKey)}</td><td>${changeText(locale, c)}</td><td>${c.reason}</td></tr>`,
  )}</tbody>
</table></div>`
    : html`<p>${t('history_none')}</p>`;
  const deliveries = o.deliveries.length
    ? o.deliveries.map(
        (m) => html`<section class="tp-message" aria-labelledby="message-${m.id}">
  <h3 id="message-${m.id}">${t('message_line', { kind: kindLabel(m.kind, locale), id: m.id, state: stateLabel(m.state, locale) })}${m.noticeNo ? html` <span class="hint">${m.noticeNo}</span>` : ''}</h3>
  ${m.events.length
    ? html`<div class="table-wrap"><table>
    <caption class="visually-hidden">${t('message_line', { kind: kindLabel(m.kind, locale), id: m.id, state: stateLabel(m.state, locale) })}</caption>
    <thead><tr><th scope="col">${t('col_when')}</th><th scope="col">${t('col_event')}</th><th scope="col">${t('col_channel')}</th></tr></thead>
    <tbody>${m.events.map((e) => html`<tr><td class="date">${when(locale, e.at)}</td><td>${e.event}${e.cause ? html` (${e.cause})` : ''}</td><td>${e.channel ? channelLabel(e.channel, locale) : ''}</td></tr>`)}</tbody>
  </table></div>`
    : ''}
  <p><a href="/console/messages/${m.id}?lang=${locale}">${t('message_open')}<span class="visually-hidden"> #${m.id}</span></a></p>
</section>`,
      )
    : html`<p>${t('deliveries_none')}</p>`;
  const body = html`${styles()}
${o.flash ? html`<div class="notification notification-success" role="status"><p>${o.flash}</p></div>` : ''}
<p><a href="/console/taxpayers?lang=${locale}">${t('search_title')}</a></p>
<h1>${t('taxpayer_title', { no: tp.taxpayerNo })}: ${tp.name}</h1>
<h2>${t('contacts_title')}</h2>
<dl class="dc-check" id="taxpayer-contacts">
  <div><dt>${t('mobile')}</dt><dd data-field="mobile">${tp.mobileMasked ?? t('none')}</dd></div>
  <div><dt>${t('email')}</dt><dd data-field="email">${tp.emailMasked ?? t('none')}</dd></div>
  <div><dt>${t('identity_key')}</dt><dd>${tp.hasIdentityKey ? t('identity_key_on_file') : t('none')}</dd></div>
  <div><dt>${t('enrolment')}</dt><dd data-field="enrol">${enrolText(locale, tp.enrol)}</dd></div>
  <div><dt>${t('contact_source')}</dt><dd>${t('source_line', { time: when(locale, tp.contactUpdatedAt), source })}</dd></div>
</dl>
${o.canEdit
  ? html`<p><a class="button" id="edit-contacts" href="/console/taxpayers/${tp.id}/edit?lang=${locale}">${t('edit')}</a>
  <a class="button button-secondary" id="export-data" href="/console/taxpayers/${tp.id}/export?lang=${locale}">${t('export_data')}</a></p>`
  : ''}
<h2>${t('findings_title')}</h2>
${findings}
<h2>${t('history_title')}</h2>
${changes}
<h2>${t('deliveries_title')}</h2>
${deliveries}`;
  return renderPage(request, { title: t('taxpayer_title', { no: tp.taxpayerNo }), body });
}

export interface EditForm {
  mobile?: string;
  removeMobile?: boolean;
  email?: string;
  removeEmail?: boolean;
  enrol: { kakao: boolean; sms: boolean; email: boolean };
  reason?: string;
}

function hiddenFields(form: EditForm): Html {
  return html`<input type="hidden" name="mobile" value="${form.mobile ?? ''}">
  ${form.removeMobile ? html`<input type="hidden" name="removeMobile" value="1">` : ''}
  <input type="hidden" name="email" value="${form.email ?? ''}">
  ${form.removeEmail ? html`<input type="hidden" name="removeEmail" value="1">` : ''}
  ${CHANNELS.filter((c) => form.enrol[c]).map((c) => html`<input type="hidden" name="enrol" value="${c}">`)}
  <input type="hidden" name="reason" value="${form.reason ?? ''}">`;
}

export function editPage(request: FastifyRequest, o: { taxpayer: TaxpayerSummary; form: EditForm; errors?: FieldError[] }): string {
  const locale = request.locale;
  const t = tt(locale);
  const tp = o.taxpayer;
  const errors = o.errors ?? [];
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const enrolError = err('enrol-kakao');
  const reasonError = err('reason');
  const checkbox = (id: string, name: string, value: string, label: string, checked: boolean) =>
    html`<div class="checkbox"><input type="checkbox" id="${id}" name="${name}" value="${value}"${checked ? html` checked` : ''}><label for="${id}">${label}</label></div>`;
  const body = html`${styles()}${errorSummary(locale, errors)}
<p><a href="/console/taxpayers/${tp.id}?lang=${locale}">${t('back_to_taxpayer')}</a></p>
<h1>${t('edit_title')}</h1>
<p>${t('taxpayer_title', { no: tp.taxpayerNo })}: ${tp.name}</p>
<form method="post" action="/console/taxpayers/${tp.id}/edit/check?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  ${textField({ locale, id: 'mobile', name: 'mobile', type: 'tel', label: t('new_mobile'), hint: t('new_mobile_hint', { now: tp.mobileMasked ?? t('none') }), value: o.form.mobile ?? '', error: err('mobile'), autocomplete: 'off', maxlength: 20 })}
  ${tp.mobileMasked ? checkbox('remove-mobile', 'removeMobile', '1', t('remove_mobile'), o.form.removeMobile === true) : ''}
  ${textField({ locale, id: 'email', name: 'email', type: 'email', label: t('new_email'), hint: t('new_email_hint', { now: tp.emailMasked ?? t('none') }), value: o.form.email ?? '', error: err('email'), autocomplete: 'off', spellcheck: false, maxlength: 254 })}
  ${tp.emailMasked ? checkbox('remove-email', 'removeEmail', '1', t('remove_email'), o.form.removeEmail === true) : ''}
  <div class="field${enrolError ? ' field-error' : ''}">
    <fieldset class="fieldset" aria-describedby="enrol-hint${enrolError ? ' enrol-kakao-error' : ''}">
      <legend class="label">${t('enrol_legend')}</legend>
      <p class="hint" id="enrol-hint">${t('enrol_hint')}</p>
      ${errorFor(locale, 'enrol-kakao', enrolError)}
      ${CHANNELS.map((c) => checkbox(`enrol-${c}`, 'enrol', c, t(`channel_${c}`), o.form.enrol[c]))}
    </fieldset>
  </div>
  <div class="field${reasonError ? ' field-error' : ''}">
    <label class="label" for="reason">${t('reason')}</label>
    <p class="hint" id="reason-hint">${t('reason_hint')}</p>
    ${errorFor(locale, 'reason', reasonError)}
    <textarea class="input" id="reason" name="reason" rows="3" maxlength="500" aria-describedby="reason-hint${reasonError ? ' reason-error' : ''}"${reasonError ? html` aria-invalid="true"` : ''}>${o.form.reason ?? ''}</textarea>
  </div>
  <button type="submit" class="button" id="edit-continue">${t('continue')}</button>
</form>`;
  return renderPage(request, { title: t('edit_title'), body, hasErrors: errors.length > 0 });
}

/** A new contact awaiting the code the taxpayer reads out: where the code went (masked). */
export interface CodeSent {
  field: 'mobile' | 'email';
  to: string;
}

export function checkPage(
  request: FastifyRequest,
  o: {
    taxpayer: TaxpayerSummary;
    form: EditForm;
    after: { mobile: string | null | undefined; email: string | null | undefined; enrol: Record<string, boolean> };
    codes?: CodeSent[];
    errors?: FieldError[];
    resent?: boolean;
  },
): string {
  const locale = request.locale;
  const t = tt(locale);
  const tp = o.taxpayer;
  const errors = o.errors ?? [];
  const codes = o.codes ?? [];
  // Each new contact is saved only with the code sent to it, read out by the taxpayer (the bar every path meets).
  const codeFields = codes.length
    ? html`<h2 id="codes-title">${t('codes_title')}</h2>
  ${o.resent ? html`<div class="notification notification-success" role="status"><p>${t('codes_resent')}</p></div>` : ''}
  <p id="codes-lead">${t('codes_lead')}</p>
  ${codes.map((c) =>
    textField({
      locale, id: `code-${c.field}`, name: c.field === 'mobile' ? 'codeMobile' : 'codeEmail', label: t(c.field === 'mobile' ? 'code_for_mobile' : 'code_for_email', { to: c.to }),
      hint: t('code_hint'), autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 20, extraClass: 'input-narrow', error: errors.find((e) => e.field === `code-${c.field}`)?.message,
    }),
  )}
  <p><button type="submit" class="button button-secondary" name="action" value="resend" id="codes-resend">${t('codes_resend')}</button></p>`
    : '';
  const value = (v: string | null | undefined) => (v === undefined ? t('unchanged') : v === null ? t('removed') : v);
  const row = (label: string, before: string, after: string, field: string) => html`<div>
    <dt>${label}</dt>
    <dd><span class="visually-hidden">${t('check_before')}: </span>${before} → <span class="visually-hidden">${t('check_after')}: </span><strong data-field="${field}">${after}</strong></dd>
    <dd class="dc-check-action"><button type="submit" class="button button-secondary button-small" name="action" value="change" id="change-${field}">${t('check_change')}<span class="visually-hidden"> ${label}</span></button></dd>
  </div>`;
  const body = html`${styles()}${errorSummary(locale, errors)}
<h1>${t('check_title')}</h1>
<p>${t('taxpayer_title', { no: tp.taxpayerNo })}: ${tp.name}</p>
<form method="post" action="/console/taxpayers/${tp.id}/edit?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  ${hiddenFields(o.form)}
  <dl class="dc-check">
    ${row(t('mobile'), tp.mobileMasked ?? t('none'), value(o.after.mobile), 'mobile')}
    ${row(t('email'), tp.emailMasked ?? t('none'), value(o.after.email), 'email')}
    ${row(t('enrolment'), enrolText(locale, tp.enrol), enrolText(locale, o.after.enrol), 'enrol')}
    ${row(t('reason'), '', o.form.reason ?? '', 'reason')}
  </dl>
  ${codeFields}
  <p class="dc-warning">${t('check_warning')}</p>
  <button type="submit" class="button" name="action" value="confirm" id="edit-save">${t('save')}</button>
</form>`;
  return renderPage(request, { title: t('check_title'), body, hasErrors: errors.length > 0 });
}

export function donePage(request: FastifyRequest, o: { taxpayer: TaxpayerSummary; change: ContactChangeEntry }): string {
  const locale = request.locale;
  const t = tt(locale);
  const body = html`${styles()}
<div class="notification notification-success" role="status" aria-labelledby="done-title">
  <h1 id="done-title" class="notification-title">${t('done_title')}</h1>
  <p>${t('done_reference')}<br><strong id="reference">${o.change.reference}</strong></p>
</div>
${changeText(locale, o.change)}
<p id="done-resent">${t('done_resent', { n: o.change.resentMessageIds.length })}</p>
<h2>${t('done_next_title')}</h2>
<p>${t('done_next')}</p>
<p><a href="/console/taxpayers/${o.taxpayer.id}?lang=${locale}" id="back-to-taxpayer">${t('back_to_taxpayer')}</a></p>`;
  return renderPage(request, { title: t('done_title'), body });
}
