import type { FastifyRequest } from 'fastify';
import type { District } from '../../platform/districts/districts.repository.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { html, trustedHtml, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { FEATURE_NAMES, featureUrl } from '../maps/station-features.ts';
import type { Station } from '../maps/station-maps.repository.ts';
import { withLang } from '../maps/station-maps.view.ts';
import { LOOKS } from '../presence/presence.frames.ts';
import { textModeMessages } from '../text-mode/text-mode.messages.ts';
import type { SpaceConfig } from './space.config.ts';
import { spaceMessages, type SpaceMessageKey } from './space.messages.ts';

// The station in 2D (/r/station/:district/space). Server-rendered around the
// canvas: the text mode one link away at the top, the enter form, the chat
// and the people near as HTML beside the map (live regions, not drawn in the
// canvas), every zone as a link below it, and the first-visit guide as a
// dialog. A small boot script honours the low-bandwidth choice (to the text
// mode) before the engine (Phaser, the larger script) is fetched; without
// script the links are the page.

type T = (key: SpaceMessageKey, vars?: Record<string, string | number>) => string;

/** The space's own address, at a zone. */
export const spacePath = (district: string, zone?: string | null) => `/r/station/${encodeURIComponent(district)}/space${zone ? `?zone=${encodeURIComponent(zone)}` : ''}`;

export function spaceConfig(locale: Locale, station: Station, start: { zone: string; offer: boolean }): SpaceConfig {
  const words = Object.fromEntries(Object.keys(spaceMessages.catalogue).map((k) => [k, spaceMessages.t(locale, k as SpaceMessageKey)])) as Record<SpaceMessageKey, string>;
  const district = station.districtCode;
  const deskZone = station.zones.find((z) => z.feature === 'desk' && z.url);
  return {
    district,
    locale,
    mapUrl: station.mapUrl,
    tilesUrl: station.tilesUrl,
    textModeUrl: withLang(`/r/station/${encodeURIComponent(district)}?zone=${encodeURIComponent(start.zone)}`, locale),
    engineUrl: assetUrl('station-space.js'),
    zones: station.zones.map((z) => ({ id: z.id, label: z.label[locale], feature: FEATURE_NAMES[z.feature][locale], url: z.url ? withLang(z.url, locale) : null, rect: z.rect })),
    start: start.zone,
    offerStart: start.offer,
    deskUrl: withLang(deskZone?.url ?? featureUrl('desk', district)!, locale),
    looks: LOOKS,
    words,
  };
}

function enterForm(locale: Locale, t: T): Html {
  return html`<section id="space-enter" class="space-enter" aria-labelledby="space-enter-heading" hidden>
<h2 id="space-enter-heading">${t('enter_title')}</h2>
<form id="space-join" novalidate>
  <div class="field"><label class="label" for="space-nickname">${t('nickname')}</label>
  <input class="input" id="space-nickname" name="nickname" maxlength="20" autocomplete="nickname"></div>
  <div class="field"><label class="label" for="space-look">${t('look')}</label>
  <select class="select" id="space-look" name="look">${LOOKS.map((l) => html`<option value="${l}">${textModeMessages.t(locale, `look_${l}`)}</option>`)}</select></div>
  <button type="submit" class="button" id="space-enter-button">${t('enter')}</button>
</form>
</section>`;
}

function sidePanel(t: T): Html {
  return html`<div id="space-side" class="space-side">
  <div id="space-inside" hidden>
    <button type="button" class="button button-secondary" id="space-leave">${t('leave')}</button>
    <h2 id="space-people-heading">${t('people_title')}</h2>
    <ul id="space-people" class="space-people" aria-labelledby="space-people-heading"></ul>
    <p id="space-nobody">${t('nobody')}</p>
    <div id="space-selected" class="notification" hidden>
      <p id="space-selected-text"></p>
      <button type="button" class="button" id="space-ask-help"></button>
    </div>
    <h2 id="space-chat-heading">${t('chat_title')}</h2>
    <ol id="space-chat" class="space-chat" aria-labelledby="space-chat-heading" aria-live="polite"></ol>
    <form id="space-chat-form" novalidate>
      <div class="field"><label class="label" for="space-scope">${t('chat_scope')}</label>
      <select class="select" id="space-scope" name="scope"><option value="room">${t('scope_room')}</option><option value="nearby">${t('scope_nearby')}</option></select></div>
      <div class="field"><label class="label" for="space-text">${t('chat_label')}</label>
      <input class="input" id="space-text" name="text" maxlength="300" autocomplete="off"></div>
      <button type="submit" class="button" id="space-send">${t('send')}</button>
    </form>
  </div>
</div>`;
}

function guideDialog(t: T): Html {
  return html`<dialog id="space-guide" class="space-guide" aria-labelledby="space-guide-title" aria-describedby="space-guide-text">
  <h2 id="space-guide-title" tabindex="-1"></h2>
  <p id="space-guide-text"></p>
  <div class="space-guide-buttons">
    <button type="button" class="button button-secondary" id="space-guide-back">${t('guide_back')}</button>
    <button type="button" class="button" id="space-guide-next">${t('guide_next')}</button>
    <button type="button" class="button button-secondary" id="space-guide-close">${t('close')}</button>
  </div>
</dialog>`;
}

export function spacePage(request: FastifyRequest, o: { district: District; station: Station; config: SpaceConfig; unknownZone: boolean }): string {
  const locale = request.locale;
  const t: T = (key, vars) => spaceMessages.t(locale, key, vars);
  const title = t('title', { district: o.district.name[locale] });
  const body = html`<link rel="stylesheet" href="${assetUrl('station-space.css')}">
<div class="space-top">
  <h1>${title}</h1>
  <a class="button button-secondary space-text-link" id="space-text-mode" href="${o.config.textModeUrl}">${t('text_mode')}</a>
</div>
<p class="lead">${t('lead')}</p>
${o.unknownZone ? html`<div class="notification" role="status" id="space-zone-unknown"><p>${t('unknown_zone')}</p></div>` : ''}
<noscript><p class="notification">${t('no_script')}</p></noscript>
<div id="space-tools" class="space-tools" hidden>
  <button type="button" class="button button-secondary" id="space-guide-open">${t('guide_open')}</button>
  <div class="space-zoom" role="group" aria-labelledby="space-zoom-level">
    <button type="button" class="button button-secondary" id="space-zoom-out">${t('zoom_out')}</button>
    <output id="space-zoom-level" aria-live="polite">${t('zoom_level', { percent: 100 })}</output>
    <button type="button" class="button button-secondary" id="space-zoom-in">${t('zoom_in')}</button>
  </div>
  <div class="space-low-bandwidth"><input type="checkbox" id="space-low-bandwidth"><label for="space-low-bandwidth">${t('low_bandwidth')}</label></div>
</div>
${enterForm(locale, t)}
<div id="space-layout" class="space-layout" hidden>
  <div class="space-stage">
    <div id="space-canvas" class="space-canvas" role="application" tabindex="0" aria-label="${t('map_label', { district: o.district.name[locale] })}" aria-describedby="space-status"></div>
    <p id="space-status" class="space-status" role="status" data-ready="0">${t('map_loading')}</p>
    <p id="space-here" hidden><button type="button" class="button" id="space-open-zone"></button></p>
  </div>
  ${sidePanel(t)}
</div>
<p id="space-announce" class="visually-hidden" aria-live="polite"></p>
<nav aria-labelledby="space-zones-heading" class="space-zones">
  <h2 id="space-zones-heading">${t('zones_title')}</h2>
  <ul class="list" id="space-zones">${o.config.zones.map(
    (z) =>
      html`<li id="space-zone-${z.id}">${z.url ? html`<a id="space-zone-link-${z.id}" href="${z.url}">${z.label}: ${z.feature}</a>` : html`${z.label}: ${t('zone_closed')}`}</li>`,
  )}</ul>
</nav>
${guideDialog(t)}
${trustedHtml(`<script type="application/json" id="station-space-config">${JSON.stringify(o.config).replace(/</g, '\\u003c')}</script>`)}
<script src="${assetUrl('station-space-boot.js')}" defer></script>`;
  return renderPage(request, { title, body });
}
