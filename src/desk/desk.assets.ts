import type { FastifyRequest } from 'fastify';
import { assetUrl, type AssetSources } from '../platform/web/assets.ts';
import { html, type Html } from '../platform/web/html.ts';
import { isPanelRequest } from '../platform/web/panel.ts';
import { deskMessages } from './desk.messages.ts';

// The desk's browser code (src/desk/browser/), bundled at start
// (src/platform/web/assets.ts): the resident chat widget, on the resident
// pages that show it, and the agent console's script and styles, on the
// /console/desk pages only.

export const deskAssets = {
  'desk-widget.js': new URL('./browser/desk-widget.ts', import.meta.url),
  'desk-widget.css': new URL('./browser/desk-widget.css', import.meta.url),
  'desk-console.js': new URL('./browser/desk-console.ts', import.meta.url),
  'desk-console.css': new URL('./browser/desk-console.css', import.meta.url),
} satisfies AssetSources;

declare module '../platform/web/assets.ts' {
  interface AssetNames extends Record<keyof typeof deskAssets, true> {}
}

/** The desk's own page, which holds the chat in its content (live-chat.pages.ts), not in a corner. */
export const DESK_PAGE_PATH = '/r/desk';

/** The widget's stylesheet and script, for a page that shows the chat. */
export function deskWidgetAssets(): Html {
  return html`<link rel="stylesheet" href="${assetUrl('desk-widget.css')}">
<script src="${assetUrl('desk-widget.js')}" defer></script>`;
}

/** Whether a page carries the corner chat button: resident pages only, and not inside a station panel. */
export function showsDeskWidget(request: Pick<FastifyRequest, 'url' | 'headers' | 'staff'>): boolean {
  const path = request.url.split('?')[0]!;
  if (request.staff || path.startsWith('/console') || path === '/login') return false;
  // A staff member's set-up link is no resident page; a zone panel is one feature's page inside the station.
  if (path === '/setup' || path.startsWith('/setup/')) return false;
  if (isPanelRequest(request)) return false;
  return path !== DESK_PAGE_PATH;
}

/**
 * The chat widget on every resident page: without script, a link to the
 * /r/desk page; desk-widget.js turns it into a button that opens the chat.
 * Staff pages, the sign-in and set-up pages and pages in a station panel
 * have neither it nor its script; the /r/desk page holds the chat itself.
 */
export function deskWidget(request: FastifyRequest): Html {
  if (!showsDeskWidget(request)) return html``;
  const locale = request.locale;
  return html`<aside class="desk-widget" data-desk-widget aria-label="${deskMessages.t(locale, 'widget_label')}">
  <a class="desk-fallback" href="${DESK_PAGE_PATH}?lang=${locale}">${deskMessages.t(locale, 'widget_link')}</a>
</aside>
${deskWidgetAssets()}`;
}
