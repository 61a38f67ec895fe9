import type { Locale } from '../../platform/i18n/i18n.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { spaceMessages } from './space.messages.ts';

// The way from the text mode back to the 2D space (at the same zone). It
// carries map=1: the space's boot script then forgets a low-bandwidth choice
// instead of sending the visitor back to the text mode.

export const SPACE_MAP_PARAM = 'map';

export function spaceHref(locale: Locale, district: string, zone: string | null): string {
  const query = new URLSearchParams({ ...(zone ? { zone } : {}), lang: locale, [SPACE_MAP_PARAM]: '1' });
  return `/r/station/${encodeURIComponent(district)}/space?${query}`;
}

export function spaceLink(locale: Locale, district: string, zone: string | null): Html {
  return html`<p><a id="station-space-link" href="${spaceHref(locale, district, zone)}">${spaceMessages.t(locale, 'open_space')}</a></p>`;
}
