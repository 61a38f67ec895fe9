import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { stepIndicator, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { MAX_PARTY_SIZE, type RegistrationView, type SessionView } from '../sessions/sessions.schema.ts';
import { REGISTRATION_PAGE_PATH } from '../sessions/sessions.service.ts';
import { backLink, errorsOf, formatDay, page, radios, withLang } from '../booking-pages/booking-pages.view.ts';
import { sessionPageMessages, type SessionPageMessageKey } from './session-pages.messages.ts';

// The resident's explanation-session pages: the district's upcoming
// sessions, the registration form (name, contact, party size), the
// one-time code, the confirmation, and the registration's personal page
// with its cancel button. Plain forms, the booking pages' frame and error
// summary.

type T = (key: SessionPageMessageKey, vars?: Record<string, string | number>) => string;
const tr = (locale: Locale): T => (key, vars) => sessionPageMessages.t(locale, key, vars);

export const sessionsPath = (district: string, rest = '') => `/r/consultations/${district}/sessions${rest ? `/${rest}` : ''}`;
export const registrationPath = (token: string) => `${REGISTRATION_PAGE_PATH}/${token}`;

const when = (locale: Locale, s: SessionView) => tr(locale)('when', { day: formatDay(locale, s.day), time: s.time });
/** The registration's steps, named in the step indicator (KRDS) above each of its pages' title. */
const STEPS = ['step_details', 'step_code', 'step_done'] as const;
const steps = (locale: Locale, current: (typeof STEPS)[number]): Html =>
  stepIndicator(locale, STEPS.map((key) => ({ label: tr(locale)(key) })), STEPS.indexOf(current));
const where = (locale: Locale, s: SessionView) => tr(locale)('where', { place: s.place.name[locale], address: s.place.address[locale] });

export function listPage(request: FastifyRequest, o: { district: string; districtName: string; sessions: SessionView[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const body = html`<h1>${t('list_title')}</h1>
<p class="lead">${t('list_lead', { district: o.districtName })}</p>
${o.sessions.length === 0
    ? html`<p id="no-sessions">${t('list_none')}</p>`
    : html`<div class="table-wrap"><table id="sessions">
  <caption class="visually-hidden">${t('list_title')}</caption>
  <thead><tr><th scope="col">${t('col_title')}</th><th scope="col">${t('col_when')}</th><th scope="col">${t('col_place')}</th><th scope="col">${t('col_seats')}</th><th scope="col"><span class="visually-hidden">${t('register_link')}</span></th></tr></thead>
  <tbody>${o.sessions.map((s) => html`<tr>
    <td>${s.title[locale]}</td><td class="date">${when(locale, s)}</td><td>${where(locale, s)}</td>
    <td>${s.open ? t('seats_left', { n: s.seatsLeft }) : t('full')}</td>
    <td>${s.open ? html`<a href="${withLang(sessionsPath(o.district, `${s.id}/register`), locale)}" aria-label="${t('register_link_label', { title: s.title[locale] })}">${t('register_link')}</a>` : ''}</td>
  </tr>`)}</tbody>
</table></div>`}`;
  return page(request, `${t('list_title')} – ${o.districtName}`, body);
}

export interface RegisterForm {
  name: string;
  contactField: string;
  mobile: string;
  email: string;
  partySize: string;
}

export function registerPage(request: FastifyRequest, o: { district: string; session: SessionView; csrf: string; form: RegisterForm; errors: FieldError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const err = errorsOf(o.errors);
  const s = o.session;
  const maxParty = Math.max(1, Math.min(MAX_PARTY_SIZE, s.seatsLeft));
  const body = html`${backLink(locale, withLang(sessionsPath(o.district), locale))}
<h1>${t('register_title')}</h1>
<dl class="summary-list" id="session-summary">
  <dt>${t('reg_session')}</dt><dd>${s.title[locale]}</dd>
  <dt>${t('col_when')}</dt><dd>${when(locale, s)}</dd>
  <dt>${t('col_place')}</dt><dd>${where(locale, s)}</dd>
  <dt>${t('col_seats')}</dt><dd>${s.open ? t('seats_left', { n: s.seatsLeft }) : t('full')}</dd>
</dl>
<form method="post" action="${withLang(sessionsPath(o.district, `${s.id}/register`), locale)}" novalidate>
  <input type="hidden" name="_csrf" value="${o.csrf}">
  ${textField({ locale, id: 'name', name: 'name', label: t('label_name'), value: o.form.name, error: err('name'), autocomplete: 'name', maxlength: 100 })}
  ${radios({
    locale, name: 'contactField', legend: t('label_contact_kind'), selected: o.form.contactField, error: err('contactField'),
    options: [
      { value: 'mobile', label: t('contact_mobile'), conditional: textField({ locale, id: 'mobile', name: 'mobile', type: 'tel', label: t('label_mobile'), hint: t('hint_mobile'), value: o.form.mobile, error: err('mobile'), autocomplete: 'tel', maxlength: 20 }) },
      { value: 'email', label: t('contact_email'), conditional: textField({ locale, id: 'email', name: 'email', type: 'email', label: t('label_email'), value: o.form.email, error: err('email'), autocomplete: 'email', spellcheck: false, maxlength: 254 }) },
    ],
  })}
  ${radios({
    locale, name: 'partySize', legend: t('label_party'), selected: o.form.partySize || '1', error: err('partySize'),
    options: Array.from({ length: maxParty }, (_, i) => ({ value: String(i + 1), label: t('party_n', { n: i + 1 }) })),
  })}
  <button type="submit" class="button" id="send-code">${t('send_code')}</button>
</form>`;
  return page(request, t('register_title'), body, o.errors, steps(locale, 'step_details'));
}

export function codePage(request: FastifyRequest, o: { district: string; sessionId: number; csrf: string; sentTo: string; minutes: number; errors: FieldError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const body = html`${backLink(locale, withLang(sessionsPath(o.district, `${o.sessionId}/register`), locale))}
<h1>${t('code_title')}</h1>
<p class="lead">${t('code_lead', { to: o.sentTo, minutes: o.minutes })}</p>
<form method="post" action="${withLang(sessionsPath(o.district, `${o.sessionId}/code`), locale)}" novalidate>
  <input type="hidden" name="_csrf" value="${o.csrf}">
  ${textField({ locale, id: 'code', name: 'code', label: t('label_code'), value: '', error: errorsOf(o.errors)('code'), autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 20, extraClass: 'input-narrow' })}
  <button type="submit" class="button" id="confirm">${t('confirm')}</button>
</form>`;
  return page(request, t('code_title'), body, o.errors, steps(locale, 'step_code'));
}

export function donePage(request: FastifyRequest, o: { district: string; registration: RegistrationView; token: string }): string {
  const locale = request.locale;
  const t = tr(locale);
  const r = o.registration;
  const body = html`<div class="panel" id="confirmation"><h1>${t('done_title')}</h1>
<p>${t('done_reference')}: <strong id="reference">${r.reference}</strong></p></div>
<p>${t('done_sent', { to: r.contact.masked })}</p>
<dl class="summary-list">
  <dt>${t('reg_session')}</dt><dd>${r.session.title[locale]}</dd>
  <dt>${t('col_when')}</dt><dd>${when(locale, r.session)}</dd>
  <dt>${t('col_place')}</dt><dd>${where(locale, r.session)}</dd>
  <dt>${t('reg_party')}</dt><dd>${t('party_n', { n: r.partySize })}</dd>
</dl>
<p><a id="personal-link" href="${withLang(registrationPath(o.token), locale)}">${t('done_link')}</a></p>
<p class="hint">${t('done_keep')}</p>
<p><a href="${withLang(sessionsPath(o.district), locale)}">${t('back_to_list')}</a></p>`;
  return page(request, t('done_title'), body, [], steps(locale, 'step_done'));
}

export function registrationPage(request: FastifyRequest, o: { registration: RegistrationView; token: string; flash?: string | null; errors?: FieldError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const r = o.registration;
  const body = html`${o.flash ? html`<div class="notification notification-success" role="status" id="flash"><p>${o.flash}</p></div>` : ''}
<h1>${t('reg_title')}</h1>
<dl class="summary-list" id="registration">
  <dt>${t('done_reference')}</dt><dd>${r.reference}</dd>
  <dt>${t('reg_session')}</dt><dd>${r.session.title[locale]}</dd>
  <dt>${t('col_when')}</dt><dd>${when(locale, r.session)}</dd>
  <dt>${t('col_place')}</dt><dd>${where(locale, r.session)}</dd>
  <dt>${t('reg_name')}</dt><dd>${r.name}</dd>
  <dt>${t('reg_contact')}</dt><dd>${r.contact.masked}</dd>
  <dt>${t('reg_party')}</dt><dd>${t('party_n', { n: r.partySize })}</dd>
  <dt>${t('reg_state')}</dt><dd id="state">${t(r.state === 'registered' ? 'state_registered' : 'state_cancelled')}</dd>
</dl>
${r.cancellable
    ? html`<form method="post" action="${withLang(`${registrationPath(o.token)}/cancel`, locale)}" novalidate>
  <p class="hint" id="cancel-hint">${t('cancel_hint')}</p>
  <button type="submit" class="button button-warning" id="cancel" aria-describedby="cancel-hint">${t('cancel')}</button>
</form>`
    : r.state === 'registered' ? html`<p>${t('not_cancellable')}</p>` : ''}`;
  return page(request, t('reg_title'), body, o.errors ?? []);
}

export function linkGonePage(request: FastifyRequest): string {
  const t = tr(request.locale);
  return page(request, t('link_gone_title'), html`<h1>${t('link_gone_title')}</h1><p class="lead" id="problem">${t('link_gone')}</p>`);
}
