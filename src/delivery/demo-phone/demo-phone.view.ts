import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { escapeHtml, html, trustedHtml, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { channelLabel, deliveryFormat, kindLabel } from '../delivery.format.ts';
import type { RenderedContent } from '../dispatch/outbound.ts';
import type { DemoMessage, DemoResident } from './demo-phone.service.ts';
import { demoPhoneMessages as m } from './demo-phone.messages.ts';

// The demo's phone and inbox: a search, the people who received messages,
// and one person's messages as their phone and inbox show them (the
// KakaoTalk card with its buttons, the text, the e-mail's HTML), links working.

/** Text with its web addresses made into links (everything else escaped). */
export function linkified(text: string): Html {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return trustedHtml(parts.map((p, i) => (i % 2 === 1 ? `<a href="${escapeHtml(p)}">${escapeHtml(p)}</a>` : escapeHtml(p))).join(''));
}

/**
 * The language a message was written in: the taxpayer's, which may not be the
 * page's (a Korean notice shown on the English demo phone). A message keeps no
 * language of its own, so its text tells: more Hangul than Latin letters
 * (links aside) is Korean. Marked with lang, a screen reader reads it in its own voice and the
 * page's checks read its dates in its own format.
 */
export function messageLanguage(content: RenderedContent): Locale {
  // Links are left out: their Latin letters say nothing of the language.
  const text = (content.kakao?.text ?? content.sms?.text ?? content.email?.subject ?? '').replace(/https?:\/\/\S+/g, ' ');
  const hangul = (text.match(/[\uac00-\ud7a3]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  return hangul > latin ? 'ko' : 'en';
}

/** The rendered content of one message, as the phone or inbox shows it (the console's message page uses it too). */
export function renderedMessage(locale: Locale, content: RenderedContent, headingLevel: 'h3' | 'h2' = 'h3'): Html {
  const lang = messageLanguage(content);
  const heading = (text: string) => (headingLevel === 'h3' ? html`<h3 class="demo-msg-heading">${text}</h3>` : html`<h2 class="demo-msg-heading">${text}</h2>`);
  if (content.kakao) {
    const k = content.kakao;
    return html`<div class="demo-kakao">${heading(m.t(locale, 'kakao_heading'))}
  <p class="demo-text" lang="${lang}">${linkified(k.text)}</p>
  ${k.buttons.length ? html`<ul class="demo-buttons" aria-label="${m.t(locale, 'kakao_buttons')}">${k.buttons.map((b) => html`<li><a class="button button-secondary" lang="${lang}" href="${b.url}">${b.name}</a></li>`)}</ul>` : ''}
</div>`;
  }
  if (content.sms) {
    const s = content.sms;
    return html`<div class="demo-sms">${heading(m.t(locale, 'sms_heading'))}
  ${s.kind === 'lms' && s.subject ? html`<p lang="${lang}"><strong>${s.subject}</strong></p>` : ''}
  <p class="demo-text" lang="${lang}">${linkified(s.text)}</p>
</div>`;
  }
  const e = content.email!;
  // The e-mail's own HTML, in a sandboxed frame (no script; links open in this tab).
  const doc = e.html.replace(/<head([^>]*)>/i, '<head$1><base target="_top">');
  return html`<div class="demo-email">${heading(m.t(locale, 'email_heading'))}
  <p><strong>${m.t(locale, 'email_subject')}:</strong> <span lang="${lang}">${e.subject}</span></p>
  <iframe class="demo-email-frame" sandbox="allow-top-navigation-by-user-activation allow-popups" srcdoc="${doc.includes('<base') ? doc : `<base target="_top">${doc}`}" title="${m.t(locale, 'email_frame', { subject: e.subject })}"></iframe>
</div>`;
}

export function demoPhoneStyles(): Html {
  return html`<link rel="stylesheet" href="${assetUrl('demo-phone.css')}">`;
}

function residentLabel(locale: Locale, r: DemoResident): string {
  return `${r.name ?? m.t(locale, 'resident_unknown')} · ${r.contacts.join(', ')}`;
}

export function demoPhonePage(
  request: FastifyRequest,
  o: { search: string; residents: DemoResident[]; more: boolean; chosen: { resident: DemoResident; messages: DemoMessage[] } | null },
): string {
  const locale = request.locale;
  const t = (key: Parameters<typeof m.t>[1], vars?: Record<string, string | number>) => m.t(locale, key, vars);
  const f = deliveryFormat(locale);
  const link = (r: DemoResident) => `/r/demo/phone?lang=${locale}&to=${r.key}${o.search ? `&q=${encodeURIComponent(o.search)}` : ''}#messages`;
  const chosen = o.chosen;
  const body = html`${demoPhoneStyles()}
<h1>${t('title')}</h1>
<p>${t('intro')}</p>
<form method="get" action="/r/demo/phone" class="demo-search" role="search">
  <input type="hidden" name="lang" value="${locale}">
  <div class="field"><label class="label" for="demo-q">${t('search_label')}</label>
  <input class="input" id="demo-q" name="q" value="${o.search}" maxlength="40" autocomplete="off"></div>
  <button type="submit" class="button button-secondary" id="demo-search">${t('search_button')}</button>
</form>
<div class="demo-layout">
<nav class="demo-residents" aria-labelledby="residents-heading">
  <h2 id="residents-heading">${t('residents_title')}</h2>
  ${o.residents.length
    ? html`<ul>${o.residents.map((r) => html`<li><a href="${link(r)}"${chosen?.resident.key === r.key ? html` aria-current="page"` : ''}>${residentLabel(locale, r)}</a> <span class="hint">${t('resident_count', { n: f.n(r.count) })}</span></li>`)}</ul>`
    : html`<p>${t('residents_none')}</p>`}
  ${o.more ? html`<p class="hint">${t('residents_more', { shown: o.residents.length })}</p>` : ''}
</nav>
${chosen
  ? html`<section class="demo-phone" aria-labelledby="messages">
  <h2 id="messages" tabindex="-1">${t('messages_title', { name: residentLabel(locale, chosen.resident) })}</h2>
  ${chosen.messages.length
    ? html`<ol class="demo-messages">${chosen.messages.map(
        (msg) => html`<li class="demo-message demo-${msg.channel}-item">
    <p class="hint">${kindLabel(msg.kind, locale)} · ${channelLabel(msg.channel, locale)} · ${t('to_label')}: ${msg.to}${msg.at ? html` · ${t('at_label')}: ${f.time(msg.at)}` : ''}</p>
    ${renderedMessage(locale, msg.content)}
  </li>`,
      )}</ol>`
    : html`<p>${t('message_none')}</p>`}
</section>`
  : ''}
</div>`;
  return renderPage(request, { title: chosen ? `${t('title')}: ${residentLabel(locale, chosen.resident)}` : t('title'), body });
}

/** The console's link to the demo phone (shown only while the demo runs). */
export function demoPhoneLink(locale: Locale): Html {
  return html`<p class="demo-phone-link"><a href="/r/demo/phone?lang=${locale}">${m.t(locale, 'console_link')}</a></p>`;
}
