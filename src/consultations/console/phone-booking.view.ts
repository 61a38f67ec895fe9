import type { FastifyRequest } from 'fastify';
import { csrfField, textField, textareaField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import type { SlotsResult } from '../booking/booking.service.ts';
import type { Expert, Field } from '../schedule/schedule.repository.ts';
import {
  checkboxField,
  consoleFormat,
  consolePage,
  CONSOLE_PATH,
  dayInput,
  errorOf,
  inlineError,
  radioField,
  selectField,
} from './consultations-console.layout.ts';
import { insideNoticeField, overrideReasonField, slotPicker } from './slot-picker.view.ts';

// Booking by phone: the form (field, day and time, expert optional; the
// caller; the questionnaire; the notice override with its reason), the
// check-answers step, and the code the caller reads out. One POST form
// carries everything from step to step in its fields (never in the address:
// the caller's name and contact stay out of URLs and logs).

export const BOOK_PATH = `${CONSOLE_PATH}/book`;

export interface PhoneForm {
  field: string;
  expert: string;
  day: string;
  insideNotice: boolean;
  slot: string;
  name: string;
  contactField: string;
  contactValue: string;
  topic: string;
  hasDocuments: string;
  residency: boolean;
  overrideReason: string;
  verificationId: string;
  verified: boolean;
}

export const EMPTY_PHONE_FORM: PhoneForm = {
  field: '', expert: '', day: '', insideNotice: false, slot: '', name: '', contactField: 'mobile', contactValue: '',
  topic: '', hasDocuments: '', residency: false, overrideReason: '', verificationId: '', verified: false,
};

/** The whole form as hidden fields (the check and code steps post it on). */
function hiddenFields(form: PhoneForm): Html {
  const pairs: [string, string][] = [
    ['field', form.field], ['expert', form.expert], ['day', form.day], ['insideNotice', form.insideNotice ? '1' : ''], ['slot', form.slot],
    ['name', form.name], ['contactField', form.contactField], ['contactValue', form.contactValue], ['topic', form.topic],
    ['hasDocuments', form.hasDocuments], ['residency', form.residency ? '1' : ''], ['overrideReason', form.overrideReason],
    ['verificationId', form.verificationId], ['verified', form.verified ? '1' : ''],
  ];
  return html`${pairs.filter(([, v]) => v !== '').map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}`;
}

export interface PhoneFormPage {
  form: PhoneForm;
  fields: Field[];
  /** Active experts covering the chosen field (all active ones before a field is chosen). */
  experts: Expert[];
  slots: SlotsResult | null;
  /** The day whose times are shown. */
  day: string;
  firstBookableDay: string;
  lastBookableDay: string;
  minNoticeDays: number;
  errors?: FieldError[];
}

export function phoneBookingPage(request: FastifyRequest, o: PhoneFormPage): string {
  const locale = request.locale;
  const f = consoleFormat(locale);
  const t = f.t;
  const errors = o.errors ?? [];
  const err = (field: string) => errorOf(errors, field);
  const form = o.form;
  const district = request.staff!.districtName[locale];
  const body = html`<h1>${t('book_title')}</h1>
<p>${t('book_intro')}</p>
<form method="post" action="${BOOK_PATH}?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  <input type="hidden" name="verificationId" value="${form.verificationId}">
  <input type="hidden" name="verified" value="${form.verified ? '1' : ''}">
  <h2>${t('book_step_time')}</h2>
  ${selectField({ locale, id: 'field', name: 'field', label: t('label_field'), value: form.field, error: err('field'), options: [['', t('choose')], ...o.fields.map((x): [string, string] => [x.code, f.name(x.name)])] })}
  ${selectField({ locale, id: 'expert', name: 'expert', label: t('label_expert'), hint: t('hint_expert'), value: form.expert, error: err('expert'), options: [['', t('any_expert')], ...o.experts.map((e): [string, string] => [String(e.id), e.name])] })}
  ${dayInput({ locale, id: 'day', name: 'day', label: t('label_day'), hint: t('hint_book_day', { first: f.day(o.firstBookableDay), last: f.day(o.lastBookableDay) }), value: o.day, error: err('day') })}
  ${insideNoticeField(f, o.minNoticeDays, form.insideNotice)}
  <div class="dc-actions"><button type="submit" class="button button-secondary" name="step" value="slots" id="show-slots">${t('show_slots')}</button></div>
  ${slotPicker({
    f, slots: o.slots, day: o.day, value: form.slot, onePerTime: form.expert === '', error: err('slot'),
    otherDay: (day, label) => html`<button type="submit" class="button button-secondary button-small" name="step" value="day:${day}">${label}</button>`,
  })}
  ${overrideReasonField(f, { shown: form.insideNotice, value: form.overrideReason, error: err('override-reason') })}
  <h2>${t('book_step_caller')}</h2>
  ${textField({ locale, id: 'name', name: 'name', label: t('label_name'), value: form.name, error: err('name'), autocomplete: 'off', maxlength: 100 })}
  ${radioField({ locale, id: 'contact-field', name: 'contactField', legend: t('label_contact_kind'), value: form.contactField, error: err('contact-field'), options: [['mobile', t('option_mobile')], ['email', t('option_email')]] })}
  ${textField({ locale, id: 'contact-value', name: 'contactValue', label: t('label_contact_value'), hint: t('hint_contact_value'), value: form.contactValue, error: err('contact-value'), autocomplete: 'off', spellcheck: false, maxlength: 254 })}
  <h2>${t('book_step_questions')}</h2>
  ${textareaField({ locale, id: 'topic', name: 'topic', label: t('label_topic'), hint: t('hint_topic'), value: form.topic, error: err('topic'), rows: 3, maxlength: 500 })}
  ${radioField({ locale, id: 'has-documents', name: 'hasDocuments', legend: t('label_documents'), value: form.hasDocuments, error: err('has-documents'), options: [['yes', t('documents_yes')], ['no', t('documents_no')]] })}
  ${checkboxField({ locale, id: 'residency', name: 'residency', label: t('label_residency', { district }), checked: form.residency, error: err('residency') })}
  <button type="submit" class="button" name="step" value="check" id="continue">${t('continue')}</button>
</form>`;
  return consolePage(request, { title: t('book_title'), current: 'book', body, errors });
}

/** What the check and code steps show of the booking. */
export interface PhoneSummary {
  fieldName: string;
  expertName: string;
  day: string;
  time: string;
  insideNotice: boolean;
  maskedContact: string;
  /** Video, or in person at the in-person day's place. */
  modeText: string;
}

function summaryRows(request: FastifyRequest, form: PhoneForm, s: PhoneSummary, withChange: boolean): Html {
  const locale = request.locale;
  const f = consoleFormat(locale);
  const t = f.t;
  const change = (anchor: string, what: string) =>
    withChange
      ? html`<dd class="dc-check-action"><button type="submit" class="button button-secondary button-small" name="step" value="edit" formaction="${BOOK_PATH}?lang=${locale}#${anchor}">${t('change')}<span class="visually-hidden"> ${what}</span></button></dd>`
      : html`<dd class="dc-check-action"></dd>`;
  const row = (label: string, value: string, anchor: string) => html`<div><dt>${label}</dt><dd>${value}</dd>${change(anchor, label)}</div>`;
  return html`<dl class="dc-check">
  ${row(t('row_field'), s.fieldName, 'field')}
  ${row(t('row_when'), t('when_value', { day: f.day(s.day), time: s.time }), 'slot')}
  ${row(t('row_expert'), s.expertName, 'slot')}
  ${row(t('row_mode'), s.modeText, 'slot')}
  ${s.insideNotice ? row(t('row_override'), form.overrideReason, 'override-reason') : ''}
  ${row(t('row_name'), form.name, 'name')}
  ${row(t('row_contact'), `${form.contactValue} (${f.contactKind(form.contactField === 'email' ? 'email' : 'mobile')})`, 'contact-value')}
  ${row(t('row_topic'), form.topic, 'topic')}
  ${row(t('row_documents'), form.hasDocuments === 'yes' ? t('documents_yes') : t('documents_no'), 'has-documents')}
  ${row(t('row_residency_declared'), t('yes'), 'residency')}
</dl>`;
}

export function phoneCheckPage(request: FastifyRequest, o: { form: PhoneForm; summary: PhoneSummary; errors?: FieldError[] }): string {
  const locale = request.locale;
  const t = consoleFormat(locale).t;
  const body = html`<h1>${t('check_title')}</h1>
<form method="post" action="${BOOK_PATH}?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  ${hiddenFields(o.form)}
  ${summaryRows(request, o.form, o.summary, true)}
  ${o.form.verified
    ? html`<p>${t('verified_intro')}</p>
  <button type="submit" class="button" name="step" value="book" id="book">${t('book_now')}</button>`
    : html`<p>${t('send_code_intro', { contact: o.summary.maskedContact })}</p>
  <button type="submit" class="button" name="step" value="send_code" id="send-code">${t('send_code')}</button>`}
</form>`;
  return consolePage(request, { title: t('check_title'), current: 'book', body, errors: o.errors });
}

export function phoneCodePage(
  request: FastifyRequest,
  o: { form: PhoneForm; summary: PhoneSummary; sentTo: string; minutes: number; code?: string; errors?: FieldError[] },
): string {
  const locale = request.locale;
  const t = consoleFormat(locale).t;
  const errors = o.errors ?? [];
  const body = html`<h1>${t('code_title')}</h1>
<div class="notification" role="status" id="code-sent"><p>${t('code_sent', { contact: o.sentTo, minutes: o.minutes })}</p></div>
${summaryRows(request, o.form, o.summary, false)}
<form method="post" action="${BOOK_PATH}?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  ${hiddenFields({ ...o.form, verified: false })}
  <div class="field${errorOf(errors, 'code') ? ' field-error' : ''}">
    <label class="label" for="code">${t('label_code')}</label>
    <p class="hint" id="code-hint">${t('hint_code')}</p>
    ${inlineError(locale, 'code', errorOf(errors, 'code'))}
    <input class="input input-narrow" id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" spellcheck="false" maxlength="20" value="${o.code ?? ''}" aria-describedby="code-hint${errorOf(errors, 'code') ? ' code-error' : ''}"${errorOf(errors, 'code') ? html` aria-invalid="true"` : ''}>
  </div>
  <div class="dc-actions">
    <button type="submit" class="button" name="step" value="book" id="book">${t('confirm_and_book')}</button>
    <button type="submit" class="button button-secondary" name="step" value="send_code" id="send-again">${t('send_again')}</button>
  </div>
</form>`;
  return consolePage(request, { title: t('code_title'), current: 'book', body, errors });
}
