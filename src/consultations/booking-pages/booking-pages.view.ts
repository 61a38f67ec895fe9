import type { FastifyRequest } from 'fastify';
import type { DistrictDetails } from '../../platform/districts/districts.repository.ts';
import type { Bilingual, Locale } from '../../platform/i18n/i18n.ts';
import { seoulDay, seoulMinuteOfDay } from '../../platform/time/seoul.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { csrfField, errorSummary, stepIndicator, textareaField, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { formatDayWithWeekday } from '../../platform/web/format.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import type { Field, Place, ScheduleSettings } from '../schedule/schedule.repository.ts';
import { minuteLabel, windowsLabel } from '../schedule/slot-grid.ts';
import { bookingPageMessages, type BookingPageMessageKey } from './booking-pages.messages.ts';
import { DRAFT_MINUTES, STEPS, type Draft, type Step } from './booking-draft.ts';
import type { PickerDay, PickerWeek } from './slot-picker.ts';

// The resident's booking journey, one question a page (GOV.UK and KRDS
// patterns): start page → field → day and time → questionnaire and
// residency → contact → one-time code → check answers → confirmation.
// Plain forms that work without script; every refusal shows in an error
// summary that takes focus (site.js) and beside its field.

export type T = (key: BookingPageMessageKey, vars?: Record<string, string | number>) => string;
export const tr = (locale: Locale): T => (key, vars) => bookingPageMessages.t(locale, key, vars);

/** Where the journey of a district lives. */
export const journeyPath = (district: string, step = '') => `/r/consultations/${district}${step ? `/${step}` : ''}`;
export const withLang = (path: string, locale: Locale, query: Record<string, string | number | undefined> = {}) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  params.set('lang', locale);
  return `${path}?${params.toString()}`;
};

// ------------------------------------------------------------------ format

/** A Seoul day as residents read it, with its weekday: "2027. 3. 9.(화)", "Tuesday 9 March 2027" (platform/web/browser/dates.ts). */
export const formatDay = (locale: Locale, day: string) => formatDayWithWeekday(locale, day);

/** A slot's start: day and HH:MM in Seoul. */
export const formatWhen = (locale: Locale, at: Date) => tr(locale)('when', { day: formatDay(locale, seoulDay(at)), time: minuteLabel(seoulMinuteOfDay(at)) });

/** Where a consultation takes place: the online room, or the in-person day's place. */
export const formatWhere = (locale: Locale, place: Place | null) =>
  place ? tr(locale)('where_place', { place: place.name[locale], address: place.address[locale] }) : tr(locale)('where_video');

// ------------------------------------------------------------------ pieces

const styles = (): Html => html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}"><link rel="stylesheet" href="${assetUrl('consultation-booking.css')}">`;

/** The journey's steps and its confirmation, as the step indicator (KRDS) names them. */
const INDICATED = [...STEPS, 'done'] as const;

const journeySteps = (locale: Locale, step: Step | 'done'): Html =>
  stepIndicator(locale, INDICATED.map((s) => ({ label: tr(locale)(`step_${s}`) })), INDICATED.indexOf(step));

/** A page; one of a several-page task shows its step indicator (`steps`) above the title. */
export function page(request: FastifyRequest, title: string, body: Html, errors: readonly FieldError[] = [], steps: Html = html``): string {
  return renderPage(request, { title, hasErrors: errors.length > 0, body: html`${styles()}${steps}${errorSummary(request.locale, errors)}${body}` });
}

export const backLink = (locale: Locale, href: string): Html => html`<a class="cb-back" href="${href}">${tr(locale)('back')}</a>`;

function errorLine(locale: Locale, id: string, message: string | undefined): Html {
  return message ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${message}</p>` : html``;
}

export interface RadioOption {
  value: string;
  label: string;
  /** Shown under the option, e.g. the field that belongs to it (without script it is always shown). */
  conditional?: Html;
}

/** A group of radios in a fieldset; the first radio carries the group's id, so the error summary can point to it. */
export function radios(o: { locale: Locale; name: string; legend: Html | string; legendIsTitle?: boolean; hint?: string; options: RadioOption[]; selected?: string; error?: string }): Html {
  const describedBy = [o.hint ? `${o.name}-hint` : '', o.error ? `${o.name}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' field-error' : ''}">
  <fieldset class="fieldset"${describedBy ? html` aria-describedby="${describedBy}"` : ''}>
    <legend class="${o.legendIsTitle ? 'cb-legend-title' : 'label'}">${o.legend}</legend>
    ${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : ''}
    ${errorLine(o.locale, o.name, o.error)}
    ${o.options.map((opt, i) => {
      const id = i === 0 ? o.name : `${o.name}-${opt.value}`;
      return html`<div class="radio"><input type="radio" id="${id}" name="${o.name}" value="${opt.value}"${o.selected === opt.value ? html` checked` : ''}><label for="${id}">${opt.label}</label></div>
      ${opt.conditional ? html`<div class="dc-conditional">${opt.conditional}</div>` : ''}`;
    })}
  </fieldset>
</div>`;
}

export const errorsOf = (errors: readonly FieldError[]) => (field: string) => errors.find((e) => e.field === field)?.message;

// ------------------------------------------------------------------ start page

export function startPage(request: FastifyRequest, o: { district: DistrictDetails; settings: ScheduleSettings; fields: Field[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const name = o.district.name[locale];
  const s = o.settings;
  const body = html`<h1>${t('start_title')}</h1>
<p class="lead">${t('start_lead', { district: name, minutes: s.slotMinutes })}</p>
<h2>${t('start_fields_title')}</h2>
<ul class="list" id="fields">${o.fields.map((f) => html`<li>${f.name[locale]}</li>`)}</ul>
<h2>${t('start_who_title')}</h2>
<p>${t('start_who', { district: name })}</p>
<h2>${t('start_rules_title')}</h2>
<ul class="list">
  <li>${t('start_rule_hours', { windows: windowsLabel(s.windows), minutes: s.slotMinutes })}</li>
  <li>${t('start_rule_notice', { notice: s.minNoticeDays, horizon: s.horizonDays })}</li>
  <li>${t('start_rule_one')}</li>
  ${s.inPerson?.enabled ? html`<li>${t('start_rule_in_person', { place: s.inPerson.place.name[locale] })}</li>` : ''}
  <li>${t('start_rule_change', { hours: s.changeCutoffHours })}</li>
  <li>${t('start_rule_contact')}</li>
</ul>
<p><a class="button cb-start" id="start" href="${withLang(journeyPath(o.district.code, 'field'), locale)}" draggable="false">${t('start_button')}</a></p>
<p class="hint">${t('start_time')}</p>
<p><a id="sessions-link" href="${withLang(journeyPath(o.district.code, 'sessions'), locale)}">${t('start_sessions_link')}</a></p>`;
  return page(request, `${t('start_title')} – ${name}`, body);
}

// ------------------------------------------------------------------ field

export function fieldPage(request: FastifyRequest, o: { district: string; csrf: string; fields: Field[]; selected?: string; errors: FieldError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const body = html`${backLink(locale, withLang(journeyPath(o.district), locale))}
<form method="post" action="${withLang(journeyPath(o.district, 'field'), locale)}" novalidate>
  ${csrfField(o.csrf)}
  ${radios({ locale, name: 'field', legend: html`<h1>${t('field_title')}</h1>`, legendIsTitle: true, options: o.fields.map((f) => ({ value: f.code, label: f.name[locale] })), selected: o.selected, error: errorsOf(o.errors)('field') })}
  <button type="submit" class="button" id="continue">${t('continue')}</button>
</form>`;
  return page(request, t('field_title'), body, o.errors, journeySteps(locale, 'field'));
}

// ------------------------------------------------------------------ day and time

export interface PickerForm {
  /** The page itself (the expert filter and the week links lead back to it). */
  path: string;
  /** Where the chosen slot is posted. */
  action: string;
  csrf?: string;
  hidden?: Record<string, string>;
  selected?: string;
  submitLabel: string;
  /** The waiting-list page for a full day, when the journey offers it. */
  waitlistHref?: (day: string) => string;
}

function dayNote(t: T, d: PickerDay): string {
  if (d.kind === 'holiday') return t('day_holiday', { holiday: d.holiday ?? '' });
  if (d.kind === 'closed') return t('day_closed');
  return t('day_full');
}

/** One week of free times, day by day, with the expert filter and the week links; the first radio is #slot. */
export function slotPicker(locale: Locale, week: PickerWeek, f: PickerForm, error: string | undefined): Html {
  const t = tr(locale);
  const link = (from: string) => withLang(f.path, locale, { from, expert: week.expertId ?? undefined });
  let first = true;
  const dayBlock = (d: PickerDay) => {
    const label = formatDay(locale, d.day);
    const place = d.place ? html`<p class="cb-day-place" id="place-${d.day}">${t('day_in_person', { place: d.place.name[locale], address: d.place.address[locale] })}</p>` : '';
    if (d.kind !== 'slots') {
      const waitlist = d.kind === 'full' && f.waitlistHref && d.day >= week.first && d.day <= week.last;
      return html`<fieldset class="cb-day" id="day-${d.day}"><legend>${label}</legend>${place}
        <p class="cb-day-note">${dayNote(t, d)}${waitlist ? html` <a href="${f.waitlistHref!(d.day)}" class="cb-waitlist">${t('day_waitlist')}<span class="visually-hidden"> ${t('day_waitlist_hidden', { day: label })}</span></a>` : ''}</p>
      </fieldset>`;
    }
    // A day with both kinds of times marks the in-person ones.
    const mixed = d.slots.some((s) => s.mode === 'in_person') && d.slots.some((s) => s.mode !== 'in_person');
    return html`<fieldset class="cb-day" id="day-${d.day}"><legend>${label}</legend>${place}<div class="cb-slots">
      ${d.slots.map((s) => {
        const id = first ? 'slot' : `slot-${s.value}`;
        first = false;
        const timed = week.expertId === null ? s.time : t('slot_with_expert', { time: s.time, expert: s.expertName });
        const text = mixed && s.mode === 'in_person' ? t('slot_in_person', { label: timed }) : timed;
        return html`<div class="radio"><input type="radio" id="${id}" name="slot" value="${s.value}"${f.selected === s.value ? html` checked` : ''}${error ? html` aria-describedby="slot-error"` : ''}><label for="${id}">${text}</label></div>`;
      })}
    </div></fieldset>`;
  };
  const anySlot = week.days.some((d) => d.kind === 'slots');
  return html`<form method="get" action="${f.path}" class="cb-filter" id="expert-filter">
  <input type="hidden" name="lang" value="${locale}">
  <input type="hidden" name="from" value="${week.from}">
  <div class="field">
    <label class="label" for="expert">${t('expert_label')}</label>
    <p class="hint" id="expert-hint">${t('expert_hint')}</p>
    <select class="select" id="expert" name="expert" aria-describedby="expert-hint">
      <option value="">${t('expert_any')}</option>
      ${week.experts.map((e) => html`<option value="${String(e.id)}"${week.expertId === e.id ? html` selected` : ''}>${e.name}</option>`)}
    </select>
  </div>
  <button type="submit" class="button button-secondary" id="expert-show">${t('expert_show')}</button>
</form>
<p class="cb-week-range" id="week">${t('week_range', { from: formatDay(locale, week.from), to: formatDay(locale, week.to) })}</p>
${week.prev || week.next
  ? html`<nav class="cb-weeks" aria-label="${t('weeks_nav')}"><ul>
    ${week.prev ? html`<li><a href="${link(week.prev)}" id="week-prev">${t('week_prev')}</a></li>` : ''}
    ${week.next ? html`<li><a href="${link(week.next)}" id="week-next">${t('week_next')}</a></li>` : ''}
  </ul></nav>`
  : ''}
<form method="post" action="${f.action}" novalidate>
  ${f.csrf !== undefined ? csrfField(f.csrf) : ''}
  ${Object.entries({ ...f.hidden, from: week.from, expert: week.expertId === null ? '' : String(week.expertId) }).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
  <div class="field${error ? ' field-error' : ''}">
    <fieldset class="fieldset">
      <legend class="visually-hidden">${t('slots_legend')}</legend>
      ${errorLine(locale, 'slot', error)}
      ${week.days.map(dayBlock)}
    </fieldset>
  </div>
  ${anySlot ? html`<button type="submit" class="button" id="continue">${f.submitLabel}</button>` : ''}
</form>`;
}

export function slotsPage(request: FastifyRequest, o: { district: string; csrf: string; field: Field; week: PickerWeek; selected?: string; errors: FieldError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const path = journeyPath(o.district, 'slots');
  const body = html`${backLink(locale, withLang(journeyPath(o.district, 'field'), locale))}
<h1>${t('slots_title')}</h1>
<p class="lead">${t('slots_lead', { field: o.field.name[locale] })}</p>
${slotPicker(locale, o.week, {
  path, action: withLang(path, locale), csrf: o.csrf, selected: o.selected, submitLabel: t('continue'),
  waitlistHref: (day) => withLang(journeyPath(o.district, 'waitlist'), locale, { day }),
}, errorsOf(o.errors)('slot'))}`;
  return page(request, t('slots_title'), body, o.errors, journeySteps(locale, 'slots'));
}

// ------------------------------------------------------------------ waiting list

export function waitlistPage(request: FastifyRequest, o: { district: string; csrf: string; field: Field; day: string; holdMinutes: number }): string {
  const locale = request.locale;
  const t = tr(locale);
  const body = html`${backLink(locale, withLang(journeyPath(o.district, 'slots'), locale, { from: undefined }))}
<h1>${t('waitlist_title')}</h1>
<p class="lead">${t('waitlist_lead', { day: formatDay(locale, o.day), field: o.field.name[locale], hold: o.holdMinutes })}</p>
<p>${t('waitlist_next')}</p>
<form method="post" action="${withLang(journeyPath(o.district, 'waitlist'), locale)}" novalidate>
  ${csrfField(o.csrf)}
  <input type="hidden" name="day" value="${o.day}">
  <button type="submit" class="button" id="continue">${t('continue')}</button>
</form>`;
  return page(request, t('waitlist_title'), body, [], journeySteps(locale, 'slots'));
}

// ------------------------------------------------------------------ questions

export interface QuestionsForm {
  topic?: string;
  hasDocuments?: string;
  residency?: string;
}

export function questionsPage(request: FastifyRequest, o: { district: DistrictDetails; csrf: string; form: QuestionsForm; errors: FieldError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const err = errorsOf(o.errors);
  const name = o.district.name[locale];
  const residencyError = err('residency');
  const body = html`${backLink(locale, withLang(journeyPath(o.district.code, 'slots'), locale))}
<h1>${t('questions_title')}</h1>
<form method="post" action="${withLang(journeyPath(o.district.code, 'questions'), locale)}" novalidate>
  ${csrfField(o.csrf)}
  ${textareaField({ locale, id: 'topic', name: 'topic', label: t('topic_label'), hint: t('topic_hint'), value: o.form.topic ?? '', error: err('topic'), rows: 5, maxlength: 500, extraClass: 'cb-prose' })}
  ${radios({ locale, name: 'hasDocuments', legend: t('documents_legend'), options: [{ value: 'yes', label: t('yes') }, { value: 'no', label: t('no') }], selected: o.form.hasDocuments, error: err('hasDocuments') })}
  <div class="field${residencyError ? ' field-error' : ''}">
    <fieldset class="fieldset" aria-describedby="residency-hint${residencyError ? ' residency-error' : ''}">
      <legend class="label">${t('residency_legend')}</legend>
      <p class="hint" id="residency-hint">${t('residency_hint', { district: name })}</p>
      ${errorLine(locale, 'residency', residencyError)}
      <div class="checkbox"><input type="checkbox" id="residency" name="residency" value="yes"${o.form.residency === 'yes' ? html` checked` : ''}><label for="residency">${t('residency_label', { district: name })}</label></div>
    </fieldset>
  </div>
  <button type="submit" class="button" id="continue">${t('continue')}</button>
</form>`;
  return page(request, t('questions_title'), body, o.errors, journeySteps(locale, 'questions'));
}

// ------------------------------------------------------------------ contact

export interface ContactForm {
  name?: string;
  contactField?: string;
  mobile?: string;
  email?: string;
}

export function contactPage(request: FastifyRequest, o: { district: string; csrf: string; form: ContactForm; errors: FieldError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const err = errorsOf(o.errors);
  const body = html`${backLink(locale, withLang(journeyPath(o.district, 'questions'), locale))}
<h1>${t('contact_title')}</h1>
<p class="lead">${t('contact_lead')}</p>
<form method="post" action="${withLang(journeyPath(o.district, 'contact'), locale)}" novalidate>
  ${csrfField(o.csrf)}
  ${textField({ locale, id: 'name', label: t('name_label'), value: o.form.name ?? '', autocomplete: 'name', maxlength: 100, error: err('name') })}
  ${radios({
    locale, name: 'contactField', legend: t('contact_legend'), selected: o.form.contactField, error: err('contactField'),
    options: [
      { value: 'mobile', label: t('contact_mobile'), conditional: textField({ locale, id: 'mobile', type: 'tel', label: t('mobile_label'), hint: t('mobile_hint'), value: o.form.mobile ?? '', autocomplete: 'tel-national', maxlength: 20, error: err('mobile') }) },
      { value: 'email', label: t('contact_email'), conditional: textField({ locale, id: 'email', type: 'email', label: t('email_label'), value: o.form.email ?? '', autocomplete: 'email', spellcheck: false, maxlength: 254, error: err('email') }) },
    ],
  })}
  <button type="submit" class="button" id="continue">${t('send_code')}</button>
</form>`;
  return page(request, t('contact_title'), body, o.errors, journeySteps(locale, 'contact'));
}

// ------------------------------------------------------------------ code

export function codePage(request: FastifyRequest, o: { district: string; csrf: string; sentTo: string; minutes: number; resent: boolean; errors: FieldError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const body = html`${backLink(locale, withLang(journeyPath(o.district, 'contact'), locale))}
${o.resent ? html`<div class="notification notification-success" role="status"><p>${t('code_resent')}</p></div>` : ''}
<h1>${t('code_title')}</h1>
<p class="lead" id="sent-to">${t('code_lead', { to: o.sentTo, minutes: o.minutes })}</p>
<form method="post" action="${withLang(journeyPath(o.district, 'code'), locale)}" novalidate>
  ${csrfField(o.csrf)}
  ${textField({ locale, id: 'code', label: t('code_label'), hint: t('code_hint'), autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 20, extraClass: 'input-narrow', error: errorsOf(o.errors)('code') })}
  <button type="submit" class="button" id="continue">${t('continue')}</button>
</form>
<div class="cb-actions">
  <form method="post" action="${withLang(journeyPath(o.district, 'code/resend'), locale)}">
    ${csrfField(o.csrf)}
    <button type="submit" class="button button-secondary" id="resend">${t('code_resend')}</button>
  </form>
  <a href="${withLang(journeyPath(o.district, 'contact'), locale)}" id="other-contact">${t('code_other_contact')}</a>
</div>`;
  return page(request, t('code_title'), body, o.errors, journeySteps(locale, 'code'));
}

// ------------------------------------------------------------------ check answers

export interface CheckModel {
  district: DistrictDetails;
  csrf: string;
  field: Field;
  /** The slot, its expert and its place (null: the online room), or the waiting list's day. */
  slot: { start: Date; expertName: string; place: Place | null } | null;
  waitDay: string | null;
  draft: Draft;
  errors: FieldError[];
}

export function checkPage(request: FastifyRequest, o: CheckModel): string {
  const locale = request.locale;
  const t = tr(locale);
  const d = o.draft;
  const code = o.district.code;
  const row = (id: string, label: string, value: string, step: string) =>
    html`<div><dt>${label}</dt><dd id="check-${id}">${value}</dd><dd class="dc-check-action"><a href="${withLang(journeyPath(code, step), locale)}" id="change-${id}">${t('change')}<span class="visually-hidden"> ${label}</span></a></dd></div>`;
  const title = o.waitDay ? t('check_waitlist_title') : t('check_title');
  const body = html`${backLink(locale, withLang(journeyPath(code, 'code'), locale))}
<h1>${title}</h1>
<dl class="dc-check" id="answers">
  ${row('field', t('row_field'), o.field.name[locale], 'field')}
  ${o.slot
    ? html`${row('when', t('row_when'), formatWhen(locale, o.slot.start), 'slots')}${row('expert', t('row_expert'), o.slot.expertName, 'slots')}${row('where', t('row_where'), formatWhere(locale, o.slot.place), 'slots')}`
    : row('when', t('row_waitlist_day'), formatDay(locale, o.waitDay ?? ''), 'slots')}
  ${row('topic', t('row_topic'), d.topic ?? '', 'questions')}
  ${row('documents', t('row_documents'), t(d.hasDocuments ? 'documents_yes' : 'documents_no'), 'questions')}
  ${row('residency', t('row_residency'), t('residency_yes', { district: o.district.name[locale] }), 'questions')}
  ${row('name', t('row_name'), d.name ?? '', 'contact')}
  ${row('contact', t('row_contact'), d.sentTo ?? '', 'contact')}
</dl>
<p>${t('check_note', { to: d.sentTo ?? '' })}</p>
<form method="post" action="${withLang(journeyPath(code, 'check'), locale)}" novalidate id="confirm">
  ${csrfField(o.csrf)}
  <button type="submit" class="button" id="book">${o.waitDay ? t('check_join') : t('check_book')}</button>
</form>`;
  return page(request, title, body, o.errors, journeySteps(locale, 'check'));
}

// ------------------------------------------------------------------ confirmation

export function donePage(
  request: FastifyRequest,
  o: { reference: string; field: Bilingual; start: Date; expertName: string; place: Place | null; sentTo: string; token: string; link: string; cutoffHours: number; personalPath: string; icsPath: string },
): string {
  const locale = request.locale;
  const t = tr(locale);
  const body = html`<div class="cb-panel" id="confirmation">
  <h1>${t('done_title')}</h1>
  <p>${t('done_reference')}<br><strong class="cb-reference" id="reference">${o.reference}</strong></p>
  <p id="done-when">${o.field[locale]} · ${formatWhen(locale, o.start)} · ${o.expertName}</p>
  <p id="done-where">${formatWhere(locale, o.place)}</p>
</div>
<p id="done-sent">${t('done_sent', { to: o.sentTo })}</p>
<p>${t('done_reminders')}</p>
<p><a href="${o.icsPath}" id="ics" download>${t('done_ics')}</a></p>
<h2>${t('done_link_title')}</h2>
<p>${t('done_link', { hours: o.cutoffHours })}</p>
<p class="cb-link-box"><a href="${withLang(o.personalPath, locale)}" id="personal-link">${o.link}</a></p>`;
  return page(request, t('done_title'), body, [], journeySteps(locale, 'done'));
}

export function waitlistDonePage(request: FastifyRequest, o: { field: Bilingual; day: string; sentTo: string; holdMinutes: number; path: string; link: string }): string {
  const locale = request.locale;
  const t = tr(locale);
  const body = html`<div class="cb-panel" id="confirmation">
  <h1>${t('waitlist_done_title')}</h1>
  <p>${t('waitlist_done_body', { day: formatDay(locale, o.day), field: o.field[locale], to: o.sentTo, hold: o.holdMinutes })}</p>
</div>
<h2>${t('waitlist_link_title')}</h2>
<p>${t('waitlist_link')}</p>
<p class="cb-link-box"><a href="${withLang(o.path, locale)}" id="waitlist-link">${o.link}</a></p>`;
  return page(request, t('waitlist_done_title'), body, [], journeySteps(locale, 'done'));
}

// ------------------------------------------------------------------ problems

export function notFoundPage(request: FastifyRequest, message: string): string {
  const t = tr(request.locale);
  return page(request, t('not_found_title'), html`<h1>${t('not_found_title')}</h1><p class="lead" id="problem">${message}</p>
<p><a href="/?lang=${request.locale}">${webMessages.t(request.locale, 'back_home')}</a></p>`);
}

export function draftGonePage(request: FastifyRequest, district: string): string {
  const locale = request.locale;
  const t = tr(locale);
  return page(request, t('draft_gone_title'), html`<h1>${t('draft_gone_title')}</h1><p class="lead" id="problem">${t('draft_gone', { minutes: DRAFT_MINUTES })}</p>
<p><a href="${withLang(journeyPath(district), locale)}" id="start-again">${t('start_again')}</a></p>`);
}

export function rateLimitedPage(request: FastifyRequest, retryAfterSeconds: number): string {
  const t = tr(request.locale);
  return page(request, t('rate_limited_title'), html`<h1>${t('rate_limited_title')}</h1><p class="lead">${t('rate_limited', { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) })}</p>`);
}
