import type { FastifyRequest } from 'fastify';
import { assetUrl, type AssetSources } from '../platform/web/assets.ts';
import { html, type Html } from '../platform/web/html.ts';
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

/**
 * The chat widget on every resident page: without script, a link to the
 * /r/desk page; desk-widget.js turns it into a button that opens the chat.
 * Staff pages and the sign-in page have neither it nor its script.
 */
export function deskWidget(request: FastifyRequest): Html {
  const path = request.url.split('?')[0]!;
  if (request.staff || path.startsWith('/console') || path === '/login') return html``;
  const locale = request.locale;
  return html`<aside class="desk-widget" data-desk-widget aria-label="${deskMessages.t(locale, 'widget_label')}">
  <a class="desk-fallback" href="/r/desk?lang=${locale}">${deskMessages.t(locale, 'widget_link')}</a>
</aside>
<link rel="stylesheet" href="${assetUrl('desk-widget.css')}">
<script src="${assetUrl('desk-widget.js')}" defer></script>`;
}
