import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import type { BookingView } from '../booking/booking.schema.ts';
import type { WaitlistEntryView } from '../booking/waitlist.service.ts';
import { PERSONAL_PAGE_PATH } from '../booking/booking.notify.ts';
import { backLink, errorsOf, formatDay, formatWhen, formatWhere, journeyPath, page, slotPicker, tr, withLang, type T } from './booking-pages.view.ts';
import type { PickerWeek } from './slot-picker.ts';
import type { BookingPageMessageKey } from './booking-pages.messages.ts';

// The personal link's pages (/r/consultations/b/:token, the link in every
// message): the booking with what can be done with it now — move or cancel
// until the cutoff (after it: why not, and the number to call), confirm or
// decline a slot held from the waiting list, choose another time after a
// block — and the waiting list's own page. The token in the address is the
// authority, as for the JSON API: no cookie, so no CSRF token either; the
// platform refuses posts from other sites by their Origin.

export const personalPath = (token: string, action = '') => `${PERSONAL_PAGE_PATH}/${token}${action ? `/${action}` : ''}`;
export const icsPath = (token: string) => `/r/api/consultations/bookings/${token}/ics`;
export const waitlistPath = (district: string, token: string, action = '') => `${journeyPath(district, 'w')}/${token}${action ? `/${action}` : ''}`;

export const FLASHES = ['moved', 'cancelled', 'confirmed', 'declined', 'rebooked', 'left'] as const;
export type Flash = (typeof FLASHES)[number];

const STATE_KEYS: Record<BookingView['state'], BookingPageMessageKey> = {
  booked: 'state_booked', moved: 'state_moved', held: 'state_held', cancelled: 'state_cancelled',
  attended: 'state_attended', no_show: 'state_no_show', hold_released: 'state_hold_released',
};

function details(locale: Locale, t: T, b: BookingView): Html {
  const row = (id: string, label: string, value: string) => html`<dt>${label}</dt><dd id="booking-${id}">${value}</dd>`;
  return html`<dl class="summary-list" id="booking">
  ${row('reference', t('row_reference'), b.reference)}
  ${row('state', t('row_state'), t(STATE_KEYS[b.state]))}
  ${row('field', t('row_field'), b.field.name[locale])}
  ${row('when', t('row_when'), formatWhen(locale, new Date(b.start)))}
  ${row('expert', t('row_expert'), b.expert.name)}
  ${row('where', t('row_where'), formatWhere(locale, b.place))}
  ${row('topic', t('row_topic'), b.questionnaire.topic)}
  ${row('documents', t('row_documents'), t(b.questionnaire.hasDocuments ? 'documents_yes' : 'documents_no'))}
  ${row('contact', t('row_contact'), b.contact.masked)}
</dl>`;
}

const flashBox = (t: T, flash: Flash | undefined): Html =>
  flash ? html`<div class="notification notification-success" role="status" id="flash"><p>${t(`flash_${flash}`)}</p></div>` : html``;

export interface BookingPageModel {
  token: string;
  booking: BookingView;
  /** The district office's number for changes after the cutoff. */
  phone: string | null;
  cutoffHours: number;
  now: Date;
  flash?: Flash;
  errors?: FieldError[];
}

/** The video room (src/video) behind the same token: how to enter and check the devices first; the phone after a switch. */
function videoRoom(locale: Locale, t: T, m: BookingPageModel, phone: string): Html {
  if (m.booking.switchedToPhoneAt) return html`<p id="room-phone">${t('room_phone', { phone })}</p>`;
  return html`<p>${t('room_note')}</p>
<div class="cb-actions">
  <a href="${withLang(`/r/video/${m.token}`, locale)}" class="button" id="room-enter">${t('room_enter')}</a>
  <a href="${withLang('/r/video/check', locale)}" id="room-check">${t('room_check')}</a>
</div>`;
}

/** What the resident can do with the booking now, by its state. */
function actions(locale: Locale, t: T, m: BookingPageModel): Html {
  const b = m.booking;
  const phone = m.phone ?? t('office_phone_missing');
  const start = new Date(b.start);
  const how = b.place ? html`<p>${t('place_note', { place: b.place.name[locale], address: b.place.address[locale] })}</p>` : videoRoom(locale, t, m, phone);
  const bookAgain = html`<p><a href="${withLang(journeyPath(b.districtCode), locale)}" id="book-again">${t('book_again')}</a></p>`;
  switch (b.state) {
    case 'booked':
    case 'moved':
      if (b.changeableUntil) {
        return html`<p id="changes">${t('changes_until', { until: formatWhen(locale, new Date(b.changeableUntil)) })}</p>
<div class="cb-actions">
  <a href="${withLang(personalPath(m.token, 'move'), locale)}" class="button" id="move">${t('move_link')}</a>
  <a href="${withLang(personalPath(m.token, 'cancel'), locale)}" class="button button-secondary" id="cancel">${t('cancel_link')}</a>
</div>
<p><a href="${icsPath(m.token)}" id="ics" download>${t('ics_link')}</a></p>
<div id="how">${how}</div>`;
      }
      if (start > m.now) {
        return html`<p class="dc-warning" id="changes">${t('changes_closed', { hours: m.cutoffHours, phone })}</p>
<p><a href="${icsPath(m.token)}" id="ics" download>${t('ics_link')}</a></p>
<div id="how">${how}</div>`;
      }
      return html`<div id="how">${how}</div>`;
    case 'held':
      return html`<div class="notification" id="hold">
  <h2 class="notification-title">${t('hold_title')}</h2>
  <p>${t('hold_body', { until: b.holdExpiresAt ? formatWhen(locale, new Date(b.holdExpiresAt)) : '' })}</p>
  <div class="cb-actions">
    <form method="post" action="${withLang(personalPath(m.token, 'confirm-hold'), locale)}"><button type="submit" class="button" id="hold-confirm">${t('hold_confirm')}</button></form>
    <form method="post" action="${withLang(personalPath(m.token, 'decline'), locale)}"><button type="submit" class="button button-secondary" id="hold-decline">${t('hold_decline')}</button></form>
  </div>
</div>`;
    case 'cancelled':
      if (b.cancelReason === 'blocked') {
        return b.rebookedAs
          ? html`<p id="state-note">${t('rebooked_as', { reference: b.rebookedAs })}</p>`
          : html`<p id="state-note">${t('cancelled_blocked')}</p><p><a href="${withLang(personalPath(m.token, 'rebook'), locale)}" class="button" id="rebook">${t('rebook_link')}</a></p>`;
      }
      return html`<p id="state-note">${b.cancelReason === 'official' ? t('cancelled_official', { phone }) : t('cancelled_resident')}</p>${bookAgain}`;
    case 'attended':
      return html`<p id="state-note">${t('attended_note')}</p>`;
    case 'no_show':
      return html`<p id="state-note">${t('no_show_note')}</p>${bookAgain}`;
    case 'hold_released':
      return html`<p id="state-note">${t('hold_released_note')}</p>${bookAgain}`;
  }
}

export function bookingPage(request: FastifyRequest, m: BookingPageModel): string {
  const locale = request.locale;
  const t = tr(locale);
  const body = html`${flashBox(t, m.flash)}
<h1>${t('booking_title')}</h1>
${details(locale, t, m.booking)}
${actions(locale, t, m)}`;
  return page(request, t('booking_title'), body, m.errors ?? []);
}

export function cancelPage(request: FastifyRequest, o: { token: string; booking: BookingView; errors: FieldError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const b = o.booking;
  const body = html`${backLink(locale, withLang(personalPath(o.token), locale))}
<h1>${t('cancel_title')}</h1>
<dl class="summary-list">
  <dt>${t('row_reference')}</dt><dd>${b.reference}</dd>
  <dt>${t('row_field')}</dt><dd>${b.field.name[locale]}</dd>
  <dt>${t('row_when')}</dt><dd>${formatWhen(locale, new Date(b.start))}</dd>
</dl>
<div class="cb-actions">
  <form method="post" action="${withLang(personalPath(o.token, 'cancel'), locale)}" novalidate>
    <input type="hidden" name="version" value="${String(b.version)}">
    <button type="submit" class="button" id="cancel-yes">${t('cancel_yes')}</button>
  </form>
  <a href="${withLang(personalPath(o.token), locale)}" id="cancel-no">${t('cancel_no')}</a>
</div>`;
  return page(request, t('cancel_title'), body, o.errors);
}

/** Choosing another time for a booking (move) or after a block (rebook): the same week of free times. */
export function changeSlotPage(
  request: FastifyRequest,
  o: { mode: 'move' | 'rebook'; token: string; booking: BookingView; week: PickerWeek; selected?: string; errors: FieldError[] },
): string {
  const locale = request.locale;
  const t = tr(locale);
  const path = personalPath(o.token, o.mode);
  const title = o.mode === 'move' ? t('move_title') : t('rebook_title');
  const body = html`${backLink(locale, withLang(personalPath(o.token), locale))}
<h1>${title}</h1>
<p class="lead" id="current">${o.booking.field.name[locale]} · ${t('move_current', { when: formatWhen(locale, new Date(o.booking.start)) })}</p>
${slotPicker(locale, o.week, {
  path, action: withLang(path, locale), selected: o.selected,
  hidden: o.mode === 'move' ? { version: String(o.booking.version) } : {},
  submitLabel: o.mode === 'move' ? t('move_submit') : t('rebook_submit'),
}, errorsOf(o.errors)('slot'))}`;
  return page(request, title, body, o.errors);
}

export function waitlistEntryPage(
  request: FastifyRequest,
  o: { district: string; token: string; entry: WaitlistEntryView; fieldName: string; flash?: Flash; errors: FieldError[] },
): string {
  const locale = request.locale;
  const t = tr(locale);
  const e = o.entry;
  const text = {
    waiting: t('wl_waiting', { day: formatDay(locale, e.day), field: o.fieldName }),
    offered: t('wl_offered'),
    booked: t('wl_booked'),
    left: t('wl_left'),
    lapsed: t('wl_lapsed'),
  }[e.state];
  const body = html`${flashBox(t, o.flash)}
<h1>${t('wl_title')}</h1>
<p class="lead" id="waitlist-state">${text}</p>
${e.state === 'waiting'
  ? html`<form method="post" action="${withLang(waitlistPath(o.district, o.token, 'leave'), locale)}" novalidate><button type="submit" class="button button-secondary" id="leave">${t('wl_leave')}</button></form>`
  : html`<p><a href="${withLang(journeyPath(o.district), locale)}" id="book-again">${t('book_again')}</a></p>`}`;
  return page(request, t('wl_title'), body, o.errors);
}
