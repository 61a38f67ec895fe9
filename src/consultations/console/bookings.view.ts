import type { FastifyRequest } from 'fastify';
import { csrfField, textField, textareaField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { addDays, seoulDay, seoulMinuteOfDay } from '../../platform/time/seoul.ts';
import type { EventRow } from '../booking/booking.repository.ts';
import type { BookingView } from '../booking/booking.schema.ts';
import type { SlotsResult } from '../booking/booking.service.ts';
import type { Expert } from '../schedule/schedule.repository.ts';
import { minuteLabel } from '../schedule/slot-grid.ts';
import {
  consoleFormat,
  consolePage,
  CONSOLE_PATH,
  dayInput,
  errorOf,
  radioField,
  selectField,
  type ConsoleFormat,
} from './consultations-console.layout.ts';
import { insideNoticeField, overrideReasonField, slotPicker } from './slot-picker.view.ts';

// An official's view of the bookings: a day's list (with finding a booking by
// its reference), one booking with its history and reminders (move, cancel,
// record the residency check), and moving it to another time.

export const bookingPath = (id: number) => `${CONSOLE_PATH}/bookings/${id}`;

const ACTIVE = new Set(['booked', 'moved']);

function stateText(f: ConsoleFormat, b: BookingView): string {
  const state = f.state(b.state);
  return b.cancelReason ? f.t('state_with_reason', { state, reason: f.t(`cancel_reason_${b.cancelReason}`) }) : state;
}

const whenOf = (f: ConsoleFormat, b: Pick<BookingView, 'day' | 'time'>) => f.t('when_value', { day: f.day(b.day), time: b.time });

function findForm(request: FastifyRequest, reference: string, errors: readonly FieldError[]): Html {
  const locale = request.locale;
  const t = consoleFormat(locale).t;
  return html`<h2 id="find-heading">${t('find_title')}</h2>
<form method="get" action="${CONSOLE_PATH}/find" class="dc-filter" novalidate aria-labelledby="find-heading">
  <input type="hidden" name="lang" value="${locale}">
  ${textField({ locale, id: 'reference', name: 'reference', label: t('label_reference'), hint: t('hint_reference'), value: reference, error: errorOf(errors, 'reference'), autocomplete: 'off', spellcheck: false, maxlength: 40 })}
  <button type="submit" class="button button-secondary" id="find">${t('find_button')}</button>
</form>`;
}

export function dayPage(
  request: FastifyRequest,
  o: { day: string; expert: string; experts: Expert[]; bookings: BookingView[]; reference?: string; errors?: FieldError[] },
): string {
  const locale = request.locale;
  const f = consoleFormat(locale);
  const t = f.t;
  const errors = o.errors ?? [];
  const q = (day: string) => `${CONSOLE_PATH}?lang=${locale}&day=${day}${o.expert ? `&expert=${o.expert}` : ''}`;
  const title = t('day_title', { day: f.day(o.day) });
  const table = o.bookings.length
    ? html`<div class="table-wrap"><table id="day-bookings">
  <caption>${t('day_count', { count: f.n(o.bookings.length) })}</caption>
  <thead><tr><th scope="col">${t('col_time')}</th><th scope="col">${t('col_expert')}</th><th scope="col">${t('col_field')}</th><th scope="col">${t('col_name')}</th><th scope="col">${t('col_state')}</th><th scope="col">${t('col_channel')}</th><th scope="col">${t('col_reference')}</th></tr></thead>
  <tbody>${o.bookings.map((b) => html`<tr>
    <td>${b.time}${b.mode === 'in_person' ? html` <span class="hint">(${t('mode_in_person_short')})</span>` : ''}</td><td>${b.expert.name}</td><td>${f.name(b.field.name)}</td><td>${b.name}</td><td>${stateText(f, b)}</td><td>${f.channel(b.channel)}</td>
    <td><a href="${bookingPath(b.id)}?lang=${locale}">${b.reference}</a></td>
  </tr>`)}</tbody>
</table></div>`
    : html`<p id="day-bookings">${t('day_none')}</p>`;
  const body = html`<h1>${title}</h1>
<form method="get" action="${CONSOLE_PATH}" class="dc-filter" novalidate>
  <input type="hidden" name="lang" value="${locale}">
  ${dayInput({ locale, id: 'day', name: 'day', label: t('label_day'), value: o.day, error: errorOf(errors, 'day') })}
  ${selectField({ locale, id: 'expert', name: 'expert', label: t('label_expert'), value: o.expert, options: [['', t('all_experts')], ...o.experts.map((e): [string, string] => [String(e.id), e.name])] })}
  <button type="submit" class="button button-secondary" id="show-day">${t('show')}</button>
</form>
<nav class="dc-pages" aria-label="${t('day_nav_label')}"><a href="${q(addDays(o.day, -1))}" id="prev-day">${t('prev_day')}</a><a href="${q(addDays(o.day, 1))}" id="next-day">${t('next_day')}</a></nav>
${table}
<p><a class="button" href="${CONSOLE_PATH}/book?lang=${locale}" id="book-by-phone">${t('nav_book')}</a></p>
${findForm(request, o.reference ?? '', errors)}`;
  return consolePage(request, { title, current: 'day', body, errors });
}

function eventDetail(f: ConsoleFormat, e: EventRow): string {
  const d = e.detail;
  const parts: string[] = [];
  const from = d.from as { start?: string } | undefined;
  if (from?.start) parts.push(f.t('detail_moved', { from: whenOf(f, { day: seoulDay(new Date(from.start)), time: minuteLabel(seoulMinuteOfDay(new Date(from.start))) }) }));
  if (typeof d.noticeOverride === 'string') parts.push(f.t('detail_override', { reason: d.noticeOverride }));
  if (typeof d.reason === 'string') parts.push(f.t('detail_reason', { reason: d.reason }));
  if (d.result === 'confirmed' || d.result === 'not_confirmed') parts.push(f.t('detail_residency', { result: f.residency(d.result) }));
  if (typeof d.as === 'string') parts.push(f.t('detail_rebooked', { reference: d.as }));
  return parts.join('; ');
}

export interface BookingPageOptions {
  booking: BookingView;
  events: EventRow[];
  reminders: { offsetMinutes: number; dueAt: Date; state: string }[];
  canCheckResidency: boolean;
  flash?: string | null;
  cancelReason?: string;
  errors?: FieldError[];
}

export function bookingPage(request: FastifyRequest, o: BookingPageOptions): string {
  const locale = request.locale;
  const f = consoleFormat(locale);
  const t = f.t;
  const b = o.booking;
  const errors = o.errors ?? [];
  const row = (label: string, value: string | Html, id?: string) => html`<dt>${label}</dt><dd${id ? html` id="${id}"` : ''}>${value}</dd>`;
  const csrf = csrfField(request.staffSession?.csrfToken);
  const active = ACTIVE.has(b.state);
  const changes = active
    ? html`<p><a href="${bookingPath(b.id)}/move?lang=${locale}" id="move-link">${t('move_link')}</a></p>
<form method="post" action="${bookingPath(b.id)}/cancel?lang=${locale}" novalidate aria-labelledby="cancel-heading">
  <h3 id="cancel-heading">${t('cancel_title')}</h3>
  ${csrf}
  <input type="hidden" name="version" value="${b.version}">
  ${textareaField({ locale, id: 'cancel-reason', name: 'reason', label: t('label_cancel_reason'), hint: t('hint_cancel_reason'), value: o.cancelReason ?? '', error: errorOf(errors, 'cancel-reason'), rows: 2, maxlength: 500 })}
  <button type="submit" class="button" id="cancel-booking">${t('cancel_button')}</button>
</form>`
    : html`<p id="not-active">${t('not_active', { state: f.state(b.state) })}</p>`;
  const residency = o.canCheckResidency && b.state !== 'hold_released'
    ? html`<h2 id="residency-heading">${t('residency_title')}</h2>
<p>${t('residency_intro')}</p>
<form method="post" action="${bookingPath(b.id)}/residency?lang=${locale}" novalidate aria-labelledby="residency-heading">
  ${csrf}
  <input type="hidden" name="version" value="${b.version}">
  ${radioField({ locale, id: 'residency-result', name: 'result', legend: t('label_residency_result'), value: b.residencyCheck === 'unchecked' ? '' : b.residencyCheck, error: errorOf(errors, 'residency-result'), options: [['confirmed', t('residency_confirmed')], ['not_confirmed', t('residency_not_confirmed')]] })}
  <button type="submit" class="button button-secondary" id="record-residency">${t('residency_button')}</button>
</form>`
    : html``;
  const history = html`<h2 id="history-heading">${t('history_title')}</h2>
<div class="table-wrap"><table aria-labelledby="history-heading">
  <thead><tr><th scope="col">${t('col_at')}</th><th scope="col">${t('col_event')}</th><th scope="col">${t('col_by')}</th></tr></thead>
  <tbody>${o.events.map((e) => {
    const detail = eventDetail(f, e);
    return html`<tr><td class="date">${f.at(e.at)}</td><td>${t(`event_${e.event}`)}${detail ? html`<br><span class="hint">${detail}</span>` : ''}</td><td>${t(`actor_${e.actorType}`)}</td></tr>`;
  })}</tbody>
</table></div>`;
  const reminders = html`<h2 id="reminders-heading">${t('reminders_title')}</h2>
${o.reminders.length
  ? html`<div class="table-wrap"><table aria-labelledby="reminders-heading">
  <thead><tr><th scope="col">${t('col_reminder')}</th><th scope="col">${t('col_due')}</th><th scope="col">${t('col_state')}</th></tr></thead>
  <tbody>${o.reminders.map((r) => html`<tr><td>${f.offset(r.offsetMinutes)}</td><td class="date">${f.at(r.dueAt)}</td><td>${t(`reminder_${r.state as 'scheduled' | 'sent' | 'withdrawn'}`)}</td></tr>`)}</tbody>
</table></div>`
  : html`<p>${t('reminders_none')}</p>`}`;
  const title = t('booking_title', { reference: b.reference });
  const body = html`<h1>${title}</h1>
<dl class="summary-list" id="booking-summary">
  ${row(t('row_reference'), b.reference, 'booking-reference')}
  ${row(t('row_field'), f.name(b.field.name))}
  ${row(t('row_when'), whenOf(f, b))}
  ${row(t('row_expert'), b.expert.name)}
  ${row(t('row_mode'), f.mode(b), 'booking-mode')}
  ${row(t('row_state'), stateText(f, b), 'booking-state')}
  ${row(t('row_channel'), f.channel(b.channel))}
  ${row(t('row_name'), b.name)}
  ${row(t('row_contact'), t('contact_value', { contact: b.contact.masked, kind: f.contactKind(b.contact.field), verified: t(b.contact.verified ? 'contact_verified' : 'contact_unverified') }))}
  ${row(t('row_topic'), b.questionnaire.topic)}
  ${row(t('row_documents'), b.questionnaire.hasDocuments ? t('documents_yes') : t('documents_no'))}
  ${row(t('row_residency'), f.residency(b.residencyCheck), 'booking-residency')}
  ${b.rebookedAs ? row(t('row_rebooked_as'), b.rebookedAs) : ''}
  ${b.changeableUntil ? row(t('row_changeable_until'), f.at(b.changeableUntil)) : ''}
</dl>
<h2>${t('changes_title')}</h2>
${changes}
${residency}
${history}
${reminders}
<p><a href="${CONSOLE_PATH}?lang=${locale}&amp;day=${b.day}">${t('back_to_day', { day: f.day(b.day) })}</a></p>`;
  return consolePage(request, { title, current: 'day', body, errors, flash: o.flash });
}

export interface MovePageOptions {
  booking: BookingView;
  experts: Expert[];
  slots: SlotsResult | null;
  day: string;
  expert: string;
  insideNotice: boolean;
  slot: string;
  overrideReason: string;
  minNoticeDays: number;
  errors?: FieldError[];
}

export function movePage(request: FastifyRequest, o: MovePageOptions): string {
  const locale = request.locale;
  const f = consoleFormat(locale);
  const t = f.t;
  const b = o.booking;
  const errors = o.errors ?? [];
  const path = `${bookingPath(b.id)}/move`;
  const query = (day: string) => `${path}?lang=${locale}&day=${day}${o.expert ? `&expert=${o.expert}` : ''}${o.insideNotice ? '&insideNotice=1' : ''}`;
  const title = t('move_title', { reference: b.reference });
  const active = ACTIVE.has(b.state);
  const body = html`<h1>${title}</h1>
<p id="move-now">${t('move_now', { when: t('when_with', { when: whenOf(f, b), expert: b.expert.name }) })}</p>
${active
  ? html`<form method="get" action="${path}" class="dc-filter" novalidate>
  <input type="hidden" name="lang" value="${locale}">
  ${dayInput({ locale, id: 'day', name: 'day', label: t('label_day'), value: o.day, error: errorOf(errors, 'day') })}
  ${selectField({ locale, id: 'expert', name: 'expert', label: t('label_expert'), value: o.expert, options: [['', t('any_expert')], ...o.experts.map((e): [string, string] => [String(e.id), e.name])] })}
  ${insideNoticeField(f, o.minNoticeDays, o.insideNotice)}
  <button type="submit" class="button button-secondary" id="show-slots">${t('show_slots')}</button>
</form>
<form method="post" action="${path}?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  <input type="hidden" name="version" value="${b.version}">
  <input type="hidden" name="day" value="${o.day}">
  <input type="hidden" name="expert" value="${o.expert}">
  <input type="hidden" name="insideNotice" value="${o.insideNotice ? '1' : ''}">
  ${slotPicker({ f, slots: o.slots, day: o.day, value: o.slot, onePerTime: o.expert === '', error: errorOf(errors, 'slot'), otherDay: (day, label) => html`<a href="${query(day)}">${label}</a>` })}
  ${overrideReasonField(f, { shown: o.insideNotice, value: o.overrideReason, error: errorOf(errors, 'override-reason') })}
  <p class="hint">${t('move_hint')}</p>
  <button type="submit" class="button" id="move">${t('move_button')}</button>
</form>`
  : html`<p id="not-active">${t('not_active', { state: f.state(b.state) })}</p>`}
<p><a href="${bookingPath(b.id)}?lang=${locale}">${t('booking_title', { reference: b.reference })}</a></p>`;
  return consolePage(request, { title, current: 'day', body, errors });
}
