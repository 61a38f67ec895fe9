import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { formatDateTimeWithWeekday } from '../../platform/web/format.ts';
import { html, trustedHtml, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { VIDEO_TEXT_KEYS, type CheckPageConfig, type RoomPageConfig, type TooEarlyPageConfig, type VideoText } from '../browser/page-config.ts';
import type { IceConfig, RoomInfo, RoomRef, Side } from '../signalling/video.frames.ts';
import { roomPageMessages, type RoomPageMessageKey } from './room-pages.messages.ts';

// The video room's pages. The call itself is video-room.js (src/video/browser/),
// which finds these elements by id and its words in the #video-config block;
// the pages say everything else themselves, so what a page says without
// script (and to a screen reader before the call starts) is complete.

type T = (key: RoomPageMessageKey, vars?: Record<string, string | number>) => string;
const tr = (locale: Locale): T => (key, vars) => roomPageMessages.t(locale, key, vars);

export const SOCKET_PATH = '/r/video/socket';
export const CHECK_PATH = '/r/video/check';

/** "2027. 3. 9.(화) 14:00" / "Tuesday 9 March 2027, 14:00": as every page writes an instant (platform/web/browser/dates.ts). */
function when(locale: Locale, iso: string): string {
  return formatDateTimeWithWeekday(locale, new Date(iso));
}

function scriptText(locale: Locale): VideoText {
  return Object.fromEntries(VIDEO_TEXT_KEYS.map((key) => [key, roomPageMessages.t(locale, key)])) as VideoText;
}

/** The JSON block the script reads (a data block, which the CSP allows; `<` escaped so no text can end it). */
function configBlock(config: RoomPageConfig | TooEarlyPageConfig | CheckPageConfig): Html {
  return trustedHtml(`<script type="application/json" id="video-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>`);
}

const assets = () => html`<link rel="stylesheet" href="${assetUrl('video-room.css')}">`;

function officePhone(t: T, room: Pick<RoomInfo, 'officePhone'>): Html {
  return room.officePhone
    ? html`${t('office_phone')} <a href="tel:${room.officePhone.replace(/[^0-9+]/g, '')}" class="vr-tel">${room.officePhone}</a>`
    : html`${t('office_phone_none')}`;
}

export interface RoomPageModel {
  side: Side;
  room: RoomRef;
  info: RoomInfo;
  /** where the pre-call check page is (with the room's link for a resident, so it can test the relay) */
  checkHref: string;
}

export function roomPage(request: FastifyRequest, m: RoomPageModel): string {
  const locale = request.locale;
  const t = tr(locale);
  const info = m.info;
  const config: RoomPageConfig = { page: 'room', side: m.side, locale, socketPath: SOCKET_PATH, room: m.room, info, text: scriptText(locale) };
  const lead = t(m.side === 'resident' ? 'room_lead_resident' : 'room_lead_expert', { field: info.fieldName, name: info.otherName, when: when(locale, info.slotStart) });
  const expertControls =
    m.side === 'expert'
      ? html`<section class="vr-panel" aria-labelledby="vr-expert-heading">
  <h2 id="vr-expert-heading">${t('expert_controls_label')}</h2>
  <div class="vr-buttons" id="vr-extend" role="group" aria-label="${t('expert_controls_label')}">
    <button type="button" class="button button-secondary" id="vr-extend-5">${t('extend_5')}</button>
    <button type="button" class="button button-secondary" id="vr-extend-10">${t('extend_10')}</button>
  </div>
  <p class="hint" id="vr-switch-hint">${t('switch_phone_hint')}</p>
  <button type="button" class="button button-warning" id="vr-switch-phone" aria-describedby="vr-switch-hint">${t('switch_phone')}</button>
  <p id="vr-resident-contact"${info.mode === 'phone' ? '' : html` hidden`}>${t('resident_contact', { contact: info.residentContact ?? '' })}</p>
</section>`
      : html``;
  const residentPhone =
    m.side === 'resident'
      ? html`<section class="vr-panel vr-phone" id="vr-phone" aria-labelledby="vr-phone-heading"${info.mode === 'phone' ? '' : html` hidden`}>
  <h2 id="vr-phone-heading">${t('office_phone_title')}</h2>
  <p>${officePhone(t, info)}</p>
</section>`
      : html``;
  const body = html`${assets()}
${configBlock(config)}
<script src="${assetUrl('video-room.js')}" defer></script>
<h1>${t('room_title')}</h1>
<p class="vr-lead">${lead}</p>
<p class="hint">${t('reference', { reference: info.reference })}</p>
<div class="notification vr-recording" role="note" aria-labelledby="vr-recording-title">
  <h2 class="notification-title" id="vr-recording-title">${t('not_recorded_title')}</h2>
  <p>${t('not_recorded')}</p>
</div>
<p id="vr-noscript-note">${t('needs_script')}</p>
<p id="vr-status" class="vr-status" role="status" aria-live="polite"></p>
<p id="vr-alert" class="vr-alert" role="alert" hidden></p>
<div id="vr-call" class="vr-call" hidden>
  <p id="vr-time" class="vr-time"></p>
  <p id="vr-media-problem" class="error-message" hidden></p>
  <div id="vr-videos" class="vr-videos">
    <figure class="vr-video vr-remote">
      <video id="vr-remote" autoplay playsinline aria-label="${info.otherName}"></video>
      <figcaption>${info.otherName}</figcaption>
      <p id="vr-waiting" class="vr-waiting">${t('waiting_panel')}</p>
    </figure>
    <figure class="vr-video vr-local">
      <video id="vr-local" autoplay playsinline muted aria-label="${t('you')}"></video>
      <figcaption>${t('you')}</figcaption>
    </figure>
  </div>
  <section class="vr-panel" aria-labelledby="vr-controls-heading">
    <h2 id="vr-controls-heading" class="visually-hidden">${t('controls_label')}</h2>
    <div class="vr-buttons" role="group" aria-labelledby="vr-controls-heading">
      <button type="button" class="button button-secondary" id="vr-mute" aria-pressed="false">${t('mute')}</button>
      <button type="button" class="button button-secondary" id="vr-camera" aria-pressed="false">${t('camera')}</button>
      <button type="button" class="button button-secondary" id="vr-audio-only" aria-pressed="false">${t('audio_only')}</button>
      <button type="button" class="button button-warning" id="vr-leave">${t('leave')}</button>
    </div>
  </section>
  ${expertControls}
  ${residentPhone}
  <section class="vr-panel" aria-labelledby="vr-chat-heading">
    <h2 id="vr-chat-heading">${t('chat_title')}</h2>
    <ul id="vr-chat-log" class="vr-chat-log" role="log" aria-live="polite" aria-label="${t('chat_log')}" tabindex="0"></ul>
    <p id="vr-chat-closed" class="hint">${roomPageMessages.t(locale, 'chat_closed')}</p>
    <form id="vr-chat-form" class="vr-chat-form" novalidate>
      <div class="field">
        <label class="label" for="vr-chat-input">${t('chat_input')}</label>
        <input class="input" id="vr-chat-input" name="message" maxlength="2000" autocomplete="off" disabled>
      </div>
      <button type="submit" class="button" id="vr-chat-send" disabled>${t('chat_send')}</button>
    </form>
    <div class="field">
      <label class="label" for="vr-file-input">${t('file_input')}</label>
      <p class="hint" id="vr-file-hint">${t('file_hint')}</p>
      <input type="file" id="vr-file-input" accept="application/pdf,image/png,image/jpeg,image/gif,image/webp" aria-describedby="vr-file-hint" disabled>
    </div>
    <button type="button" class="button button-secondary" id="vr-file-send" disabled>${t('file_send')}</button>
    <p id="vr-file-status" role="status"></p>
  </section>
  <details class="vr-panel vr-devices">
    <summary>${t('devices')}</summary>
    <div class="field"><label class="label" for="vr-camera-select">${t('camera_select')}</label><select class="select" id="vr-camera-select"></select></div>
    <div class="field"><label class="label" for="vr-mic-select">${t('mic_select')}</label><select class="select" id="vr-mic-select"></select></div>
    <div class="field"><label class="label" for="vr-speaker-select">${t('speaker_select')}</label><select class="select" id="vr-speaker-select"></select><p class="hint" id="vr-speaker-note"></p></div>
  </details>
</div>
<div id="vr-ended" hidden>
  <h2>${t('ended_title')}</h2>
  <p><a href="${request.url.split('#')[0]}" class="button">${t('rejoin')}</a></p>
</div>
<p><a href="${m.checkHref}" id="vr-check-link">${t('check_link')}</a></p>`;
  return renderPage(request, { title: t('room_title'), body });
}

export function tooEarlyPage(request: FastifyRequest, m: { info: RoomInfo; checkHref: string }): string {
  const locale = request.locale;
  const t = tr(locale);
  const config: TooEarlyPageConfig = { page: 'too_early', opensAt: m.info.opensAt, serverNow: m.info.serverNow, text: scriptText(locale) };
  const body = html`${assets()}
${configBlock(config)}
<script src="${assetUrl('video-room.js')}" defer></script>
<h1>${t('too_early_title')}</h1>
<p id="vr-opens">${t('too_early', { opens: when(locale, m.info.opensAt) })}</p>
<p>${t('consultation_at', { when: when(locale, m.info.slotStart) })}</p>
<p>${t('too_early_reload_note')}</p>
<p>${t('too_early_check')}</p>
<p><a href="${m.checkHref}" class="button" id="vr-check-link">${t('check_link')}</a></p>`;
  return renderPage(request, { title: t('too_early_title'), body });
}

/** The room is over, cancelled, unknown, or not this person's: a page that says so and where to turn. */
export function closedPage(request: FastifyRequest, kind: 'ended' | 'cancelled' | 'not_found' | 'refused', info?: Pick<RoomInfo, 'officePhone'>): string {
  const t = tr(request.locale);
  const title = t(kind === 'ended' ? 'ended_page_title' : kind === 'cancelled' ? 'cancelled_page_title' : kind === 'not_found' ? 'not_found_title' : 'refused_title');
  const text =
    kind === 'ended' ? t('ended_page') : kind === 'cancelled' ? t('cancelled_page') : roomPageMessages.t(request.locale, kind === 'not_found' ? 'room_not_found_page' : 'not_your_room_page');
  const back = request.staff ? html`<a href="/console?lang=${request.locale}">${t('back_console')}</a>` : html`<a href="/?lang=${request.locale}">${t('back_home')}</a>`;
  const body = html`<h1>${title}</h1>
<p id="vr-closed-text">${text}</p>
${info ? html`<p>${officePhone(t, info)}</p>` : ''}
<p>${back}</p>`;
  return renderPage(request, { title, body });
}

export function checkPage(request: FastifyRequest, ice: IceConfig | null): string {
  const locale = request.locale;
  const t = tr(locale);
  const config: CheckPageConfig = { page: 'check', locale, ice, text: scriptText(locale) };
  const body = html`${assets()}
${configBlock(config)}
<script src="${assetUrl('video-check.js')}" defer></script>
<h1>${t('check_title')}</h1>
<p>${t('check_lead')}</p>
<p id="vr-noscript-note">${t('needs_script')}</p>
<div id="vc-check" hidden>
  <button type="button" class="button" id="vc-start">${t('check_start')}</button>
  <p id="vc-status" class="vr-status" role="status" aria-live="polite"></p>
  <section class="vr-panel" aria-labelledby="vc-camera-heading">
    <h2 id="vc-camera-heading">${t('check_camera_title')}</h2>
    <figure class="vr-video vr-local"><video id="vc-preview" autoplay playsinline muted aria-label="${t('check_preview')}"></video><figcaption>${t('check_preview')}</figcaption></figure>
    <div class="field"><label class="label" for="vc-camera-select">${t('camera_select')}</label><select class="select" id="vc-camera-select" disabled></select></div>
    <p id="vc-camera-result"></p>
  </section>
  <section class="vr-panel" aria-labelledby="vc-mic-heading">
    <h2 id="vc-mic-heading">${t('check_mic_title')}</h2>
    <div class="field"><label class="label" for="vc-mic-select">${t('mic_select')}</label><select class="select" id="vc-mic-select" disabled></select></div>
    <label class="label" for="vc-level">${t('check_level')}</label>
    <meter id="vc-level" min="0" max="100" low="10" optimum="50" value="0">0</meter>
    <p id="vc-mic-result"></p>
  </section>
  <section class="vr-panel" aria-labelledby="vc-speaker-heading">
    <h2 id="vc-speaker-heading">${t('check_speaker_title')}</h2>
    <div class="field"><label class="label" for="vc-speaker-select">${t('speaker_select')}</label><select class="select" id="vc-speaker-select" disabled></select><p class="hint" id="vc-speaker-note"></p></div>
    <button type="button" class="button button-secondary" id="vc-tone">${t('check_tone')}</button>
    <p id="vc-tone-result"></p>
  </section>
  <section class="vr-panel" aria-labelledby="vc-conn-heading">
    <h2 id="vc-conn-heading">${t('check_conn_title')}</h2>
    <p class="hint" id="vc-conn-hint">${t('check_conn_hint')}</p>
    <button type="button" class="button button-secondary" id="vc-conn" aria-describedby="vc-conn-hint">${t('check_conn')}</button>
    <p id="vc-conn-result"></p>
  </section>
</div>`;
  return renderPage(request, { title: t('check_title'), body });
}
