import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../platform/auth/roles.ts';
import type { Locale } from '../platform/i18n/i18n.ts';
import { formatDateTime } from '../platform/web/format.ts';
import { assetUrl } from '../platform/web/assets.ts';
import { errorSummary, type FieldError } from '../platform/web/components.ts';
import { html, type Html } from '../platform/web/html.ts';
import { renderPage } from '../platform/web/layout.ts';
import { deskConsoleMessages, type DeskConsoleMessageKey } from './desk-console.messages.ts';

// What the desk's staff pages share: who may open which, the menu that links
// them (the live console shows it too), the page frame and Seoul times.

export const DESK_DASHBOARD_ROLES: readonly Role[] = ['admin', 'desk_agent', 'tax_official'];
export const CANNED_READ_ROLES: readonly Role[] = ['admin', 'desk_agent'];
export const CANNED_WRITE_ROLES: readonly Role[] = ['admin'];
export const OFFLINE_ROLES: readonly Role[] = ['admin', 'desk_agent'];
/** The live console (/console/desk): the same roles as its socket and API. */
export const LIVE_DESK_ROLES: readonly Role[] = ['desk_agent', 'admin', 'tax_official'];

export type DeskPageName = 'live' | 'dashboard' | 'canned' | 'offline';

const NAV: { name: DeskPageName; path: string; label: DeskConsoleMessageKey; roles: readonly Role[] }[] = [
  { name: 'live', path: '/console/desk', label: 'nav_live', roles: LIVE_DESK_ROLES },
  { name: 'dashboard', path: '/console/desk/dashboard', label: 'nav_dashboard', roles: DESK_DASHBOARD_ROLES },
  { name: 'canned', path: '/console/desk/canned-answers', label: 'nav_canned', roles: CANNED_READ_ROLES },
  { name: 'offline', path: '/console/desk/offline-messages', label: 'nav_offline', roles: OFFLINE_ROLES },
];

/** The desk's own menu: only the pages the signed-in role may open. */
export function deskConsoleNav(request: FastifyRequest, current: DeskPageName): Html {
  const locale = request.locale;
  const role = request.staff?.role;
  const items = NAV.filter((item) => role && item.roles.includes(role));
  return html`<nav class="dc-subnav" aria-label="${deskConsoleMessages.t(locale, 'nav_label')}"><ul>${items.map(
    (item) => html`<li><a href="${item.path}?lang=${locale}"${item.name === current ? html` aria-current="page"` : ''}>${deskConsoleMessages.t(locale, item.label)}</a></li>`,
  )}</ul></nav>`;
}

/** The console's form and chart styles, then the desk's own. */
export function deskConsoleStyles(): Html {
  return html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}">
<link rel="stylesheet" href="${assetUrl('desk-console.css')}">`;
}

export interface DeskPageOptions {
  title: string;
  current: DeskPageName;
  body: Html;
  errors?: readonly FieldError[];
  /** A confirmation shown above the heading (role=status). */
  flash?: string;
}

/** A desk staff page: console styles, the desk menu, an error summary or a confirmation, then the body. */
export function deskConsolePage(request: FastifyRequest, o: DeskPageOptions): string {
  const errors = o.errors ?? [];
  const body = html`${deskConsoleStyles()}
${deskConsoleNav(request, o.current)}
${errorSummary(request.locale, errors)}
${o.flash ? html`<div class="notification notification-success" role="status" id="desk-flash"><p>${o.flash}</p></div>` : ''}
${o.body}`;
  return renderPage(request, { title: o.title, body, hasErrors: errors.length > 0 });
}

export function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

/** Times in Seoul, to the minute, the way the other console pages write them. */
export function seoulTime(locale: Locale, at: string | Date): string {
  return `${formatDateTime(locale, new Date(at))} KST`;
}
