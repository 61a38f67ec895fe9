import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { csrfField, textareaField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { deskConsolePage, seoulTime } from '../desk-console.layout.ts';
import { offlineMessageMessages, type OfflineMessageMessageKey } from './offline-messages.messages.ts';
import type { OfflineMessage } from './offline-messages.schema.ts';

// /console/desk/offline-messages: the questions left through the offline
// form, waiting or answered; one message's page with the answer form. The
// answer goes out through the delivery engine (answerOfflineMessage).

export const OFFLINE_ANSWER_FIELD = 'offline-answer';

const tr = (locale: Locale) => (key: OfflineMessageMessageKey, vars?: Record<string, string | number>) => offlineMessageMessages.t(locale, key, vars);
export const channelName = (locale: Locale, channel: 'email' | 'sms') => offlineMessageMessages.t(locale, channel === 'email' ? 'channel_email' : 'channel_sms');

function stateNav(locale: Locale, state: 'open' | 'answered'): Html {
  const t = tr(locale);
  const link = (s: 'open' | 'answered', key: OfflineMessageMessageKey) =>
    html`<li><a href="/console/desk/offline-messages?state=${s}&amp;lang=${locale}"${s === state ? html` aria-current="page"` : ''}>${t(key)}</a></li>`;
  return html`<nav class="dc-subnav" aria-label="${t('offline_filter')}"><ul>${link('open', 'offline_open')}${link('answered', 'offline_answered')}</ul></nav>`;
}

function messagesTable(locale: Locale, state: 'open' | 'answered', messages: readonly OfflineMessage[]): Html {
  const t = tr(locale);
  if (messages.length === 0) return html`<p id="offline-none">${t(state === 'open' ? 'offline_none_open' : 'offline_none_answered')}</p>`;
  return html`<div class="table-wrap"><table id="offline-list">
  <caption class="visually-hidden">${t(state === 'open' ? 'offline_open' : 'offline_answered')}</caption>
  <thead><tr><th scope="col">${t('col_reference')}</th><th scope="col">${t('col_name')}</th><th scope="col">${t('col_channel')}</th><th scope="col">${t('col_received')}</th><th scope="col">${t('col_question')}</th>${state === 'open' ? html`<th scope="col">${t('col_actions')}</th>` : html`<th scope="col">${t('col_answer')}</th><th scope="col">${t('col_answered')}</th>`}</tr></thead>
  <tbody>${messages.map(
    (m) => html`<tr data-id="${m.id}">
    <th scope="row">${m.reference}</th><td>${m.name}</td><td>${channelName(locale, m.replyChannel)}</td><td>${seoulTime(locale, m.createdAt)}</td>
    <td class="desk-pre">${m.question}</td>
    ${state === 'open'
      ? html`<td><a href="/console/desk/offline-messages/${m.id}?lang=${locale}" id="offline-answer-${m.id}">${t('offline_answer_link')}<span class="visually-hidden"> ${m.reference}</span></a></td>`
      : html`<td class="desk-pre">${m.answer ?? ''}</td><td>${m.answeredAt ? seoulTime(locale, m.answeredAt) : ''}</td>`}
  </tr>`,
  )}</tbody>
</table></div>`;
}

export function offlineMessagesPage(request: FastifyRequest, o: { state: 'open' | 'answered'; messages: readonly OfflineMessage[]; flash?: string }): string {
  const locale = request.locale;
  const t = tr(locale);
  const body = html`<h1>${t('offline_title')}</h1>
<p class="lead">${t('offline_lead')}</p>
${stateNav(locale, o.state)}
${messagesTable(locale, o.state, o.messages)}`;
  return deskConsolePage(request, { title: t('offline_title'), current: 'offline', body, flash: o.flash });
}

export function offlineMessagePage(request: FastifyRequest, o: { message: OfflineMessage; answer?: string; errors?: readonly FieldError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const m = o.message;
  const title = t('offline_answer_title', { reference: m.reference });
  const channel = channelName(locale, m.replyChannel);
  const errors = o.errors ?? [];
  const body = html`<h1>${title}</h1>
<dl class="summary-list" id="offline-message">
  <dt>${t('col_name')}</dt><dd>${m.name}</dd>
  <dt>${t('col_channel')}</dt><dd>${channel}</dd>
  <dt>${t('col_received')}</dt><dd>${seoulTime(locale, m.createdAt)}</dd>
  <dt>${t('col_question')}</dt><dd class="desk-pre">${m.question}</dd>
  ${m.answer !== null ? html`<dt>${t('col_answer')}</dt><dd class="desk-pre">${m.answer}</dd><dt>${t('col_answered')}</dt><dd>${m.answeredAt ? seoulTime(locale, m.answeredAt) : ''}</dd>` : ''}
</dl>
${m.answer !== null
  ? html`<p>${t('offline_already')}</p>`
  : html`<form method="post" action="/console/desk/offline-messages/${m.id}?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  ${textareaField({ extraClass: 'desk-textarea', locale, id: OFFLINE_ANSWER_FIELD, name: 'answer', label: t('field_answer'), hint: t('field_answer_hint', { channel }), value: o.answer ?? '', error: errors.find((e) => e.field === OFFLINE_ANSWER_FIELD)?.message, rows: 6, maxlength: 1500 })}
  <button type="submit" class="button" id="offline-send">${t('offline_send')}</button>
</form>`}
<p><a href="/console/desk/offline-messages?lang=${locale}">${t('offline_back')}</a></p>`;
  return deskConsolePage(request, { title, current: 'offline', body, errors });
}
