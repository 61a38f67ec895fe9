import type { FastifyRequest } from 'fastify';
import { csrfField, textareaField, type FieldError } from '../../platform/web/components.ts';
import { html } from '../../platform/web/html.ts';
import { addDays, seoulMinuteOfDay } from '../../platform/time/seoul.ts';
import type { BookingView } from '../booking/booking.schema.ts';
import { minuteLabel } from '../schedule/slot-grid.ts';
import { consoleFormat, consolePage, CONSOLE_PATH, dayInput, errorOf } from './consultations-console.layout.ts';

// The expert's day: their own consultations, each with the resident's
// questionnaire answers, attendance (once it has begun: attended or a
// no-show, a correction allowed) and a private note only they read.

export const AGENDA_PATH = `${CONSOLE_PATH}/agenda`;

export type AgendaBooking = BookingView & { note: string | null };

export function agendaPage(
  request: FastifyRequest,
  o: { day: string; /** null: the account is no expert of the district */ bookings: AgendaBooking[] | null; now: Date; flash?: string | null; errors?: FieldError[]; notes?: Record<number, string> },
): string {
  const locale = request.locale;
  const f = consoleFormat(locale);
  const t = f.t;
  const errors = o.errors ?? [];
  const csrf = csrfField(request.staffSession?.csrfToken);
  const title = t('agenda_title', { day: f.day(o.day) });
  const link = (day: string) => `${AGENDA_PATH}?lang=${locale}&day=${day}`;
  // The video room (src/video) of a video consultation, while it can still be held; what the room changed on it.
  const videoRoom = (b: AgendaBooking) => {
    if (b.mode !== 'video' || !['booked', 'moved', 'attended'].includes(b.state)) return html``;
    const marks = [b.switchedToPhoneAt ? t('agenda_phone') : '', b.extendedMinutes ? t('agenda_extended', { minutes: b.extendedMinutes }) : ''].filter(Boolean).join(' · ');
    return html`<p class="dc-actions"><a class="button" href="/console/video/${b.id}?lang=${locale}" id="room-${b.id}">${t('agenda_room')}<span class="visually-hidden"> (${t('mark_context', { time: b.time })})</span></a>${marks ? html` <span id="room-marks-${b.id}">${marks}</span>` : ''}</p>`;
  };
  const items = (o.bookings ?? []).map((b) => {
    const start = new Date(b.start);
    const begun = o.now >= start;
    const time = b.time;
    const end = minuteLabel(seoulMinuteOfDay(new Date(b.end)));
    const heading = t('agenda_slot_title', { start: time, end, field: f.name(b.field.name) });
    const action = `${AGENDA_PATH}/${b.id}`;
    const noteId = `note-${b.id}`;
    return html`<section class="dc-preview" id="booking-${b.id}" aria-labelledby="booking-${b.id}-title">
  <h2 id="booking-${b.id}-title">${heading}</h2>
  <dl class="summary-list">
    <dt>${t('row_name')}</dt><dd>${b.name}</dd>
    <dt>${t('row_mode')}</dt><dd>${f.mode(b)}</dd>
    <dt>${t('row_state')}</dt><dd id="state-${b.id}">${f.state(b.state)}</dd>
    <dt>${t('row_topic')}</dt><dd>${b.questionnaire.topic}</dd>
    <dt>${t('row_documents')}</dt><dd>${b.questionnaire.hasDocuments ? t('documents_yes') : t('documents_no')}</dd>
    <dt>${t('row_residency')}</dt><dd>${f.residency(b.residencyCheck)}</dd>
    <dt>${t('row_reference')}</dt><dd>${b.reference}</dd>
  </dl>
  ${videoRoom(b)}
  ${begun
    ? html`<form method="post" action="${action}/outcome?lang=${locale}&amp;day=${o.day}" class="dc-actions" aria-labelledby="outcome-${b.id}-legend">
    ${csrf}
    <input type="hidden" name="version" value="${b.version}">
    <p class="label" id="outcome-${b.id}-legend">${t('outcome_legend')}</p>
    <button type="submit" class="button${b.state === 'attended' ? '' : ' button-secondary'}" name="outcome" value="attended" id="attended-${b.id}"${b.state === 'attended' ? html` aria-pressed="true"` : ''}>${t('mark_attended')}<span class="visually-hidden"> (${t('mark_context', { time })})</span></button>
    <button type="submit" class="button${b.state === 'no_show' ? '' : ' button-secondary'}" name="outcome" value="no_show" id="no-show-${b.id}"${b.state === 'no_show' ? html` aria-pressed="true"` : ''}>${t('mark_no_show')}<span class="visually-hidden"> (${t('mark_context', { time })})</span></button>
  </form>`
    : html`<p class="hint" id="not-begun-${b.id}">${t('agenda_not_begun', { time })}</p>`}
  <form method="post" action="${action}/note?lang=${locale}&amp;day=${o.day}" novalidate>
    ${csrf}
    <input type="hidden" name="version" value="${b.version}">
    ${textareaField({ locale, id: noteId, name: 'note', label: t('label_note'), hint: t('hint_note'), value: o.notes?.[b.id] ?? b.note ?? '', error: errorOf(errors, noteId), rows: 3, maxlength: 2000 })}
    <button type="submit" class="button button-secondary" id="save-note-${b.id}">${t('save_note')}<span class="visually-hidden"> (${t('mark_context', { time })})</span></button>
  </form>
</section>`;
  });
  const body = html`<h1>${title}</h1>
<form method="get" action="${AGENDA_PATH}" class="dc-filter" novalidate>
  <input type="hidden" name="lang" value="${locale}">
  ${dayInput({ locale, id: 'day', name: 'day', label: t('label_day'), value: o.day, error: errorOf(errors, 'day') })}
  <button type="submit" class="button button-secondary" id="show-day">${t('show')}</button>
</form>
<nav class="dc-pages" aria-label="${t('day_nav_label')}"><a href="${link(addDays(o.day, -1))}" id="prev-day">${t('prev_day')}</a><a href="${link(addDays(o.day, 1))}" id="next-day">${t('next_day')}</a></nav>
${o.bookings === null ? html`<p id="agenda-none">${t('agenda_not_expert')}</p>` : items.length ? items : html`<p id="agenda-none">${t('agenda_none')}</p>`}`;
  return consolePage(request, { title, current: 'agenda', body, errors, flash: o.flash });
}
