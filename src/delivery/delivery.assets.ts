import { assetUrl, type AssetSources } from '../platform/web/assets.ts';
import { html, type Html } from '../platform/web/html.ts';

// The delivery console's browser code (src/delivery/browser/), bundled at
// start (src/platform/web/assets.ts). The stylesheet is the consoles' forms,
// tables and charts: the hygiene and desk console pages load it too. The
// script only on a season's page, whose figures it keeps up to date.

export const deliveryAssets = {
  'delivery-console.css': new URL('./browser/delivery-console.css', import.meta.url),
  'delivery-console.js': new URL('./browser/delivery-console.ts', import.meta.url),
  'demo-phone.css': new URL('./browser/demo-phone.css', import.meta.url),
} satisfies AssetSources;

declare module '../platform/web/assets.ts' {
  interface AssetNames extends Record<keyof typeof deliveryAssets, true> {}
}

/** The season page's script, which keeps its figures live; no other page loads it. */
export function seasonLiveScript(): Html {
  return html`<script src="${assetUrl('delivery-console.js')}" defer></script>`;
}
