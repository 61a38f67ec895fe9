import type { Locale } from '../../platform/i18n/i18n.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { html, trustedHtml, type Html } from '../../platform/web/html.ts';
import type { Station } from '../maps/station-maps.repository.ts';
import { LOOKS } from '../presence/presence.frames.ts';
import type { TextModeConfig } from './text-mode.config.ts';
import { textModeMessages, type TextModeKey } from './text-mode.messages.ts';

// The meeting part of the station's text mode: a form to enter with a
// nickname and a colour, then who is near (arrivals and departures
// announced), a "go to" button per zone and the room's messages. It works
// by script (the presence socket); without script the section stays hidden
// and the zones list above it is the whole page.

export function textModeConfig(locale: Locale, station: Station, startZone: string | null): TextModeConfig {
  const zones = station.zones.map((z) => ({ id: z.id, label: z.label[locale], x: Math.round(z.rect.x + z.rect.width / 2), y: Math.round(z.rect.y + z.rect.height / 2) }));
  const words = Object.fromEntries(Object.keys(textModeMessages.catalogue).map((k) => [k, textModeMessages.t(locale, k as TextModeKey)])) as Record<TextModeKey, string>;
  return { district: station.districtCode, locale, zones, entrance: startZone && zones.some((z) => z.id === startZone) ? startZone : 'entrance', words };
}

export function meetSection(locale: Locale, config: TextModeConfig): Html {
  const t = (key: TextModeKey) => textModeMessages.t(locale, key);
  return html`<section id="meet" aria-labelledby="meet-heading" hidden>
<h2 id="meet-heading">${t('meet_title')}</h2>
<p>${t('meet_lead')}</p>
<form id="join-form" novalidate>
  <div class="field"><label class="label" for="meet-nickname">${t('nickname')}</label>
  <input class="input" id="meet-nickname" name="nickname" maxlength="20" autocomplete="nickname"></div>
  <div class="field"><label class="label" for="meet-look">${t('look')}</label>
  <select class="select" id="meet-look" name="look">${LOOKS.map((l) => html`<option value="${l}">${t(`look_${l}`)}</option>`)}</select></div>
  <button type="submit" class="button" id="meet-enter">${t('enter')}</button>
</form>
<div id="meet-inside" hidden>
  <p id="meet-where" role="status"></p>
  <button type="button" class="button button-secondary" id="meet-leave">${t('leave')}</button>
  <h3 id="people-heading">${t('people_title')}</h3>
  <ul id="meet-people" aria-labelledby="people-heading"></ul>
  <p id="meet-nobody">${t('nobody')}</p>
  <h3 id="go-heading" class="visually-hidden">${t('go_heading')}</h3>
  <ul id="meet-go" class="list"></ul>
  <h3 id="chat-heading">${t('chat_title')}</h3>
  <ol id="meet-chat" aria-labelledby="chat-heading" aria-live="polite"></ol>
  <form id="chat-form" novalidate>
    <div class="field"><label class="label" for="meet-text">${t('chat_label')}</label>
    <input class="input" id="meet-text" name="text" maxlength="300" autocomplete="off"></div>
    <button type="submit" class="button" id="meet-send">${t('send')}</button>
  </form>
</div>
<p id="meet-announce" class="visually-hidden" aria-live="polite"></p>
<p id="zone-counts-announce" class="visually-hidden" aria-live="polite"></p>
</section>
${trustedHtml(`<script type="application/json" id="station-text-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>`)}
<script src="${assetUrl('station-text.js')}" defer></script>`;
}
