import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { html, type Html } from '../platform/web/html.ts';

// The widget and console scripts live with the other assets but are served
// by the desk's own route (/r/desk/assets/:name), with a content hash in the URL.

export const DESK_ASSETS = {
  'desk-widget.js': 'text/javascript; charset=utf-8',
  'desk-widget.css': 'text/css; charset=utf-8',
  'desk-console.js': 'text/javascript; charset=utf-8',
  'desk-console.css': 'text/css; charset=utf-8',
} as const;
export type DeskAsset = keyof typeof DESK_ASSETS;

const assets = new Map<string, { body: Buffer; hash: string }>();
for (const name of Object.keys(DESK_ASSETS)) {
  const body = readFileSync(new URL(`../platform/web/assets/${name}`, import.meta.url));
  assets.set(name, { body, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) });
}

export function deskAsset(name: DeskAsset): { body: Buffer; hash: string } {
  return assets.get(name)!;
}

export function deskAssetUrl(name: DeskAsset): string {
  return `/r/desk/assets/${name}?v=${assets.get(name)!.hash}`;
}

/**
 * The chat widget on every resident page: without script, a link to the
 * /r/desk page; desk-widget.js turns it into a button that opens the chat.
 */
export function deskWidget(request: FastifyRequest): Html {
  const path = request.url.split('?')[0]!;
  if (request.staff || path.startsWith('/console') || path === '/login') return html``;
  const locale = request.locale;
  return html`<aside class="desk-widget" data-desk-widget aria-label="${locale === 'ko' ? '실시간 상담' : 'Live chat'}">
  <a class="desk-fallback" href="/r/desk?lang=${locale}">${locale === 'ko' ? '상담원과 채팅' : 'Chat with an agent'}</a>
</aside>
<link rel="stylesheet" href="${deskAssetUrl('desk-widget.css')}">
<script src="${deskAssetUrl('desk-widget.js')}" defer></script>`;
}
