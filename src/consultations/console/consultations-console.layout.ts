import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../platform/auth/roles.ts';
import { formatNumber, type Bilingual, type Locale } from '../../platform/i18n/i18n.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { errorSummary, type FieldError } from '../../platform/web/components.ts';
import { formatDay, formatDayWithWeekday, formatPercent, formatSeoulTime } from '../../platform/web/format.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import { BOOKING_ROLES, EXPERT_ROLES, SCHEDULE_ROLES } from '../consultations.http.ts';
import { consultationMessages } from '../consultations.messages.ts';
import { consultationConsoleMessages as m, type ConsultationConsoleMessageKey } from './consultations-console.messages.ts';

// What the consultation console's pages share: who may open which, their
// menu, the page frame (console styles, menu, error summary or confirmation)
// and how they write days, times, states and numbers.

export { BOOKING_ROLES, EXPERT_ROLES, SCHEDULE_ROLES };
/** Only administrators change the settings (as PUT /api/consultations/settings). */
export const SETTINGS_WRITE_ROLES: readonly Role[] = ['admin'];

export const CONSOLE_PATH = '/console/consultations';

export type ConsolePageName = 'day' | 'book' | 'blocks' | 'dashboard' | 'settings' | 'agenda' | 'sessions' | 'in_person';

const NAV: { name: ConsolePageName; path: string; label: ConsultationConsoleMessageKey; roles: readonly Role[] }[] = [
  { name: 'day', path: CONSOLE_PATH, label: 'nav_day', roles: BOOKING_ROLES },
  { name: 'book', path: `${CONSOLE_PATH}/book`, label: 'nav_book', roles: BOOKING_ROLES },
  { name: 'sessions', path: `${CONSOLE_PATH}/sessions`, label: 'nav_sessions', roles: BOOKING_ROLES },
  { name: 'in_person', path: `${CONSOLE_PATH}/in-person`, label: 'nav_in_person', roles: SCHEDULE_ROLES },
  { name: 'blocks', path: `${CONSOLE_PATH}/blocks`, label: 'nav_blocks', roles: SCHEDULE_ROLES },
  { name: 'dashboard', path: `${CONSOLE_PATH}/dashboard`, label: 'nav_dashboard', roles: SCHEDULE_ROLES },
  { name: 'settings', path: `${CONSOLE_PATH}/settings`, label: 'nav_settings', roles: SCHEDULE_ROLES },
];

/** The consultations' own menu: the pages the signed-in role may open (none for an expert, who has one page). */
function consoleNav(request: FastifyRequest, current: ConsolePageName): Html {
  const role = request.staff?.role;
  const items = NAV.filter((item) => role && item.roles.includes(role));
  if (items.length < 2) return html``;
  const locale = request.locale;
  return html`<nav class="dc-subnav" aria-label="${m.t(locale, 'subnav_label')}"><ul>${items.map(
    (item) => html`<li><a href="${item.path}?lang=${locale}"${item.name === current ? html` aria-current="page"` : ''}>${m.t(locale, item.label)}</a></li>`,
  )}</ul></nav>`;
}

export interface ConsolePageOptions {
  title: string;
  current: ConsolePageName;
  body: Html;
  errors?: readonly FieldError[];
  /** A confirmation above the heading (role=status). */
  flash?: string | null;
}

export function consolePage(request: FastifyRequest, o: ConsolePageOptions): string {
  const errors = o.errors ?? [];
  const body = html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}">
${consoleNav(request, o.current)}
${errorSummary(request.locale, errors)}
${o.flash ? html`<div class="notification notification-success" role="status" id="consultation-flash"><p>${o.flash}</p></div>` : ''}
${o.body}`;
  return renderPage(request, { title: o.title, body, hasErrors: errors.length > 0 });
}

export function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

/** The message of a field's error, if any. */
export const errorOf = (errors: readonly FieldError[], field: string): string | undefined => errors.find((e) => e.field === field)?.message;

/** The inline error above a control (the summary links to the control's id). */
export function inlineError(locale: Locale, id: string, message: string | undefined): Html {
  return message ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${message}</p>` : html``;
}

/** aria-describedby / aria-invalid for a control with an optional hint and error. */
export function describedBy(id: string, hint: boolean, error: string | undefined): Html {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${error ? html` aria-invalid="true"` : ''}`;
}

export type BookingState = 'held' | 'booked' | 'moved' | 'cancelled' | 'attended' | 'no_show' | 'hold_released';

/** How the console writes things, in one locale. */
export function consoleFormat(locale: Locale) {
  const t = (key: ConsultationConsoleMessageKey, vars?: Record<string, string | number>) => m.t(locale, key, vars);
  return {
    locale,
    t,
    n: (value: number) => formatNumber(locale, value),
    pct: (share: number | null) => (share === null ? t('not_yet') : formatPercent(locale, share)),
    /** '2027. 3. 10.(수)' / 'Wednesday 10 March 2027' (platform/web/browser/dates.ts) */
    day: (day: string) => formatDayWithWeekday(locale, day),
    /** '2027. 3. 10.' / '10 March 2027', where a list of days is read */
    dayShort: (day: string) => formatDay(locale, day),
    at: (at: Date | string) => formatSeoulTime(locale, typeof at === 'string' ? new Date(at) : at),
    name: (b: Bilingual) => b[locale],
    weekday: (weekday: number) => consultationMessages.t(locale, `weekday_${weekday}` as 'weekday_0'),
    state: (state: BookingState) => t(`state_${state}`),
    channel: (channel: 'web' | 'phone' | 'waitlist') => t(`channel_${channel}`),
    residency: (r: 'unchecked' | 'confirmed' | 'not_confirmed') => t(`residency_${r}`),
    contactKind: (k: 'mobile' | 'email') => t(`contact_${k}`),
    /** A booking's way: a video room, or in person at the in-person day's place. */
    mode: (b: { mode: 'video' | 'in_person'; place: { name: Bilingual; address: Bilingual } | null }) =>
      b.mode === 'in_person' && b.place ? t('mode_in_person', { place: b.place.name[locale], address: b.place.address[locale] }) : t('mode_video'),
    /** 1440 → '1일 전' / '1 day before'. */
    offset(minutes: number): string {
      if (minutes % 1440 === 0) return t(minutes === 1440 ? 'offset_day' : 'offset_days', { n: minutes / 1440 });
      if (minutes % 60 === 0) return t(minutes === 60 ? 'offset_hour' : 'offset_hours', { n: minutes / 60 });
      return t('offset_minutes', { n: minutes });
    },
  };
}

export type ConsoleFormat = ReturnType<typeof consoleFormat>;

/** A GET form's day input (type date: a calendar for the mouse, typing for the keyboard). */
export function dayInput(o: { locale: Locale; id: string; name: string; label: string; hint?: string; value: string; error?: string }): Html {
  return html`<div class="field${o.error ? ' field-error' : ''}">
  <label class="label" for="${o.id}">${o.label}</label>
  ${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : ''}
  ${inlineError(o.locale, o.id, o.error)}
  <input class="input" type="date" id="${o.id}" name="${o.name}" value="${o.value}"${describedBy(o.id, !!o.hint, o.error)}>
</div>`;
}

/** A labelled select; options are [value, label]. */
export function selectField(o: { locale: Locale; id: string; name: string; label: string; hint?: string; value: string; options: [string, string][]; error?: string }): Html {
  return html`<div class="field${o.error ? ' field-error' : ''}">
  <label class="label" for="${o.id}">${o.label}</label>
  ${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : ''}
  ${inlineError(o.locale, o.id, o.error)}
  <select class="select" id="${o.id}" name="${o.name}"${describedBy(o.id, !!o.hint, o.error)}>
    ${o.options.map(([value, label]) => html`<option value="${value}"${value === o.value ? html` selected` : ''}>${label}</option>`)}
  </select>
</div>`;
}

/** A fieldset of radio buttons; the first one's id is `id` (where the error summary leads). */
export function radioField(o: { locale: Locale; id: string; name: string; legend: string; hint?: string; value: string; options: [string, string][]; error?: string }): Html {
  return html`<div class="field${o.error ? ' field-error' : ''}">
  <fieldset class="fieldset"${describedBy(o.id, !!o.hint, o.error)}>
    <legend class="label">${o.legend}</legend>
    ${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : ''}
    ${inlineError(o.locale, o.id, o.error)}
    ${o.options.map(([value, label], i) => {
      const id = i === 0 ? o.id : `${o.id}-${value.replace(/[^a-z0-9]+/gi, '-')}`;
      return html`<div class="radio"><input type="radio" id="${id}" name="${o.name}" value="${value}"${value === o.value ? html` checked` : ''}><label for="${id}">${label}</label></div>`;
    })}
  </fieldset>
</div>`;
}

/** A single checkbox with its error. */
export function checkboxField(o: { locale: Locale; id: string; name: string; label: string; checked: boolean; error?: string }): Html {
  return html`<div class="field${o.error ? ' field-error' : ''}">
  ${inlineError(o.locale, o.id, o.error)}
  <div class="checkbox"><input type="checkbox" id="${o.id}" name="${o.name}" value="1"${o.checked ? html` checked` : ''}${describedBy(o.id, false, o.error)}><label for="${o.id}">${o.label}</label></div>
</div>`;
}
