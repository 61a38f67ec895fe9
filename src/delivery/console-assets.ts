import { assetUrl } from '../platform/web/assets.ts';
import { html, type Html } from '../platform/web/html.ts';

/** The delivery console's stylesheet (a <link> in the body is allowed and keeps the shared layout untouched); the season page adds its script (seasonLiveScript). */
export function consoleAssets(): Html {
  return html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}">`;
}
