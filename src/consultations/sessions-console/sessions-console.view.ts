import type { FastifyRequest } from 'fastify';
import { csrfField, textField, type FieldError } from '../../platform/web/components.ts';
import { html } from '../../platform/web/html.ts';
import type { RegistrationListView, SessionView } from '../sessions/sessions.schema.ts';
import { consoleFormat, consolePage, CONSOLE_PATH, errorOf } from '../console/consultations-console.layout.ts';
import { sessionsConsoleMessages as m, type SessionsConsoleMessageKey } from './sessions-console.messages.ts';

// Officials' pages of explanation sessions: the list, the form that creates
// one (error summary), and a session's registration list (contacts masked)
// with the CSV download of the JSON API.

export const SESSIONS_PATH = `${CONSOLE_PATH}/sessions`;

type T = (key: SessionsConsoleMessageKey, vars?: Record<string, string | number>) => string;
const tr = (request: FastifyRequest): T => (key, vars) => m.t(request.locale, key, vars);

function stateOf(s: SessionView, now: Date): SessionsConsoleMessageKey {
  if (s.state === 'cancelled') return 'state_cancelled';
  if (new Date(s.start) <= now) return 'state_past';
  return s.seatsLeft > 0 ? 'state_open' : 'state_full';
}

export function listPage(request: FastifyRequest, o: { sessions: SessionView[]; now: Date; canCreate: boolean; flash?: string | null }): string {
  const t = tr(request);
  const f = consoleFormat(request.locale);
  const locale = request.locale;
  const body = html`<h1>${t('list_title')}</h1>
${o.canCreate ? html`<p><a class="button" id="create-session" href="${SESSIONS_PATH}/new?lang=${locale}">${t('create_link')}</a></p>` : ''}
${o.sessions.length === 0 ? html`<p id="no-sessions">${t('list_none')}</p>` : html`<div class="table-wrap"><table id="sessions" aria-labelledby="sessions-caption">
  <caption id="sessions-caption" class="visually-hidden">${t('list_title')}</caption>
  <thead><tr><th scope="col">${t('col_title')}</th><th scope="col">${t('col_when')}</th><th scope="col">${t('col_place')}</th><th scope="col">${t('col_seats')}</th><th scope="col">${t('col_state')}</th></tr></thead>
  <tbody>${o.sessions.map((s) => html`<tr>
    <td><a href="${SESSIONS_PATH}/${s.id}?lang=${locale}">${s.title[locale]}</a></td>
    <td class="date">${f.day(s.day)} ${s.time}</td><td>${s.place.name[locale]}</td>
    <td>${t('seats', { taken: f.n(s.seatsTaken), capacity: f.n(s.capacity) })}</td><td>${t(stateOf(s, o.now))}</td>
  </tr>`)}</tbody>
</table></div>`}`;
  return consolePage(request, { title: t('list_title'), current: 'sessions', body, flash: o.flash });
}

export interface SessionForm {
  titleKo: string; titleEn: string; placeNameKo: string; placeNameEn: string; addressKo: string; addressEn: string;
  day: string; start: string; end: string; capacity: string;
}
export const emptySessionForm: SessionForm = { titleKo: '', titleEn: '', placeNameKo: '', placeNameEn: '', addressKo: '', addressEn: '', day: '', start: '', end: '', capacity: '' };

/** The form's controls: [form key, control id, label key]. */
export const SESSION_TEXT_FIELDS: [keyof SessionForm, string, SessionsConsoleMessageKey][] = [
  ['titleKo', 'title-ko', 'label_title_ko'], ['titleEn', 'title-en', 'label_title_en'],
  ['placeNameKo', 'place-ko', 'label_place_ko'], ['placeNameEn', 'place-en', 'label_place_en'],
  ['addressKo', 'address-ko', 'label_address_ko'], ['addressEn', 'address-en', 'label_address_en'],
];

export function createPage(request: FastifyRequest, o: { form: SessionForm; errors: FieldError[] }): string {
  const t = tr(request);
  const locale = request.locale;
  const err = (id: string) => errorOf(o.errors, id);
  const body = html`<p><a href="${SESSIONS_PATH}?lang=${locale}">${t('back_to_list')}</a></p>
<h1>${t('create_title')}</h1>
<form method="post" action="${SESSIONS_PATH}/new?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  ${SESSION_TEXT_FIELDS.map(([key, id, label]) => textField({ locale, id, name: key, label: t(label), value: o.form[key], error: err(id), maxlength: key.startsWith('address') ? 300 : 200 }))}
  ${textField({ locale, id: 'day', name: 'day', label: t('label_day'), hint: t('hint_day'), value: o.form.day, error: err('day'), maxlength: 10, spellcheck: false })}
  ${textField({ locale, id: 'start', name: 'start', label: t('label_start'), hint: t('hint_time'), value: o.form.start, error: err('start'), maxlength: 5, extraClass: 'input-narrow', spellcheck: false })}
  ${textField({ locale, id: 'end', name: 'end', label: t('label_end'), hint: t('hint_time'), value: o.form.end, error: err('end'), maxlength: 5, extraClass: 'input-narrow', spellcheck: false })}
  ${textField({ locale, id: 'capacity', name: 'capacity', label: t('label_capacity'), value: o.form.capacity, error: err('capacity'), inputmode: 'numeric', maxlength: 5, extraClass: 'input-narrow' })}
  <button type="submit" class="button" id="create">${t('create')}</button>
</form>`;
  return consolePage(request, { title: t('create_title'), current: 'sessions', body, errors: o.errors });
}

export function registrationsPage(request: FastifyRequest, o: { list: RegistrationListView; canDownload: boolean; flash?: string | null }): string {
  const t = tr(request);
  const f = consoleFormat(request.locale);
  const locale = request.locale;
  const s = o.list.session;
  const body = html`<p><a href="${SESSIONS_PATH}?lang=${locale}">${t('back_to_list')}</a></p>
<h1>${s.title[locale]}</h1>
<dl class="summary-list" id="session-summary">
  <dt>${t('col_when')}</dt><dd>${f.day(s.day)} ${s.time}</dd>
  <dt>${t('col_place')}</dt><dd>${s.place.name[locale]} (${s.place.address[locale]})</dd>
  <dt>${t('col_seats')}</dt><dd>${t('seats', { taken: f.n(s.seatsTaken), capacity: f.n(s.capacity) })}</dd>
</dl>
<h2 id="regs-heading">${t('regs_title')}</h2>
${o.canDownload ? html`<p><a id="csv" href="/api/consultations/sessions/${s.id}/registrations.csv" download>${t('csv')}</a></p>` : ''}
${o.list.registrations.length === 0 ? html`<p id="no-registrations">${t('regs_none')}</p>` : html`<div class="table-wrap"><table id="registrations" aria-labelledby="regs-heading">
  <thead><tr><th scope="col">${t('col_reference')}</th><th scope="col">${t('col_name')}</th><th scope="col">${t('col_contact')}</th><th scope="col">${t('col_party')}</th><th scope="col">${t('col_state')}</th><th scope="col">${t('col_registered')}</th></tr></thead>
  <tbody>${o.list.registrations.map((r) => html`<tr><td>${r.reference}</td><td>${r.name}</td><td>${r.contact.masked}</td><td>${f.n(r.partySize)}</td><td>${t(r.state === 'registered' ? 'reg_registered' : 'reg_cancelled')}</td><td class="date">${f.at(r.registeredAt)}</td></tr>`)}</tbody>
</table></div>`}`;
  return consolePage(request, { title: `${t('regs_title')} – ${s.title[locale]}`, current: 'sessions', body, flash: o.flash });
}
