import type { FastifyRequest } from 'fastify';
import { html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { CANNED_READ_ROLES, deskConsoleNav, deskConsoleStyles } from '../desk-console.layout.ts';
import { liveChatMessages, type LiveChatMessageKey } from './live-chat.messages.ts';
import { deskWidgetAssets } from '../desk.assets.ts';
import { OFFLINE_FORM_PATH } from '../offline-messages/offline-form.view.ts';

// /r/desk: the desk's own page. With script, the chat's one start button
// sits in the page (desk-widget.js fills the [data-desk-widget] box; the
// corner button is left off this page, desk.assets.ts); without, how else to
// reach the desk. The station's staff zone opens it in a panel.
// /console/desk: the agent console; desk-console.js drives it over the socket
// and the API (canned answers, applying contact-update forms, attachments).

export function residentDeskPage(request: FastifyRequest): string {
  const t = (key: LiveChatMessageKey) => liveChatMessages.t(request.locale, key);
  return renderPage(request, {
    title: t('resident_title'),
    body: html`<h1>${t('resident_title')}</h1>
<p class="lead">${t('resident_lead')}</p>
<div class="desk-widget desk-inline" data-desk-widget>
  <noscript><p>${t('resident_needs_script')}</p></noscript>
</div>
<h2>${t('resident_other_ways')}</h2>
<ul>
  <li>${t('resident_phone')}</li>
  <li><a href="${OFFLINE_FORM_PATH}?lang=${request.locale}">${t('resident_offline_link')}</a></li>
</ul>
${deskWidgetAssets()}`,
  });
}

export function agentConsolePage(request: FastifyRequest): string {
  const t = (key: LiveChatMessageKey) => liveChatMessages.t(request.locale, key);
  const staff = request.staff!;
  return renderPage(request, {
    title: t('console_title'),
    body: html`${deskConsoleStyles()}
<script src="${assetUrl('desk-console.js')}" defer></script>
${deskConsoleNav(request, 'live')}
<h1>${t('console_title')}</h1>
<noscript><p>${t('console_needs_script')}</p></noscript>
<div id="desk-console" class="desk-console" data-csrf="${request.staffSession?.csrfToken ?? ''}" data-staff-id="${staff.id}" data-locale="${request.locale}" data-canned="${CANNED_READ_ROLES.includes(staff.role) ? 'read' : 'none'}">
  <section class="desk-panel" aria-labelledby="desk-status-heading">
    <h2 id="desk-status-heading">${t('status_heading')}</h2>
    <p id="desk-status-text" role="status">${t('status_connecting')}</p>
    <button type="button" class="button" id="desk-availability" aria-pressed="false">${t('availability')}</button>
  </section>
  <section class="desk-panel" aria-labelledby="desk-waiting-heading">
    <h2 id="desk-waiting-heading">${t('waiting_heading')}</h2>
    <ol id="desk-waiting" class="desk-list"></ol>
    <p id="desk-waiting-empty">${t('waiting_empty')}</p>
  </section>
  <section class="desk-panel" aria-labelledby="desk-mine-heading">
    <h2 id="desk-mine-heading">${t('mine_heading')}</h2>
    <ul id="desk-mine" class="desk-list"></ul>
    <p id="desk-mine-empty">${t('mine_empty')}</p>
  </section>
  <section class="desk-panel desk-conversation" id="desk-conversation" aria-labelledby="desk-conversation-heading" hidden>
    <h2 id="desk-conversation-heading" tabindex="-1"></h2>
    <p id="desk-conversation-meta"></p>
    <div id="desk-messages" class="desk-messages" role="log" aria-live="polite" aria-labelledby="desk-conversation-heading"></div>
    <p id="desk-typing" class="desk-typing" aria-live="polite"></p>
    <p id="desk-read" class="desk-read"></p>
    <p id="desk-error" class="error-message" role="alert"></p>
    <div id="desk-canned" class="desk-canned" hidden>
      <div class="field">
        <label class="label" for="desk-canned-select">${t('canned_label')}</label>
        <p class="hint" id="desk-canned-hint">${t('canned_hint')}</p>
        <select class="select" id="desk-canned-select" aria-describedby="desk-canned-hint"></select>
      </div>
      <button type="button" class="button button-secondary" id="desk-canned-insert">${t('canned_insert')}</button>
    </div>
    <p id="desk-canned-none" hidden>${t('canned_none')} <a href="/console/desk/canned-answers?lang=${request.locale}">${t('canned_link')}</a></p>
    <form id="desk-compose" class="desk-compose" novalidate>
      <div class="field">
        <label class="label" for="desk-body">${t('message_label')}</label>
        <textarea class="textarea" id="desk-body" name="body" rows="3" maxlength="2000"></textarea>
      </div>
      <div class="field">
        <input type="checkbox" id="desk-note" name="note">
        <label for="desk-note">${t('note_label')}</label>
      </div>
      <button type="submit" class="button">${t('send')}</button>
    </form>
    <form id="desk-link" class="desk-link" novalidate>
      <fieldset>
        <legend>${t('link_legend')}</legend>
        <p class="hint" id="desk-link-hint">${t('link_hint')}</p>
        <div class="field"><label class="label" for="desk-link-no">${t('link_taxpayer_no')}</label><input class="input" id="desk-link-no" name="taxpayerNo" maxlength="40" aria-describedby="desk-link-hint"></div>
        <div class="field"><label class="label" for="desk-link-name">${t('link_name')}</label><input class="input" id="desk-link-name" name="name" maxlength="100"></div>
        <div class="field"><label class="label" for="desk-link-dob">${t('link_birth_date')}</label><input class="input" id="desk-link-dob" name="birthDate" maxlength="10"></div>
        <button type="submit" class="button button-secondary">${t('link_submit')}</button>
      </fieldset>
      <p id="desk-linked" role="status"></p>
    </form>
    <form id="desk-transfer" class="desk-transfer" novalidate>
      <div class="field">
        <label class="label" for="desk-transfer-to">${t('transfer_label')}</label>
        <select class="select" id="desk-transfer-to" name="toStaffId"></select>
      </div>
      <button type="submit" class="button button-secondary">${t('transfer_submit')}</button>
    </form>
    <button type="button" class="button button-warning" id="desk-close">${t('close')}</button>
  </section>
</div>`,
  });
}
