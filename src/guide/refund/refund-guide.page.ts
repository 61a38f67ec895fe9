import type { FastifyRequest } from 'fastify';
import type { District } from '../../platform/districts/districts.repository.ts';
import { html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { refundGuideMessages } from './refund-guide.messages.ts';

// How a resident applies for a local-tax refund. The desk links here when a
// resident asks about a refund; it leads to each district's online
// application (src/guide/refund-applications), Wetax and the office.

export const REFUND_GUIDE_PATH = '/r/guide/refund';

export function refundGuidePage(request: FastifyRequest, districts: readonly District[]): string {
  const locale = request.locale;
  const t = (key: Parameters<typeof refundGuideMessages.t>[1]) => refundGuideMessages.t(locale, key);
  return renderPage(request, {
    title: t('title'),
    body: html`<h1>${t('title')}</h1>
<p class="lead">${t('lead')}</p>
<h2>${t('how_title')}</h2>
<ol>
  ${districts.length ? html`<li>${t('how_here')}<ul>${districts.map((d) => html`<li><a href="/r/guide/${d.code}/refund/apply?lang=${locale}">${refundGuideMessages.t(locale, 'how_here_link', { district: d.name[locale] })}</a></li>`)}</ul></li>` : ''}
  <li>${t('how_online')}</li>
  <li>${t('how_in_person')}</li>
</ol>
<h2>${t('need_title')}</h2>
<ul>
  <li>${t('need_notice_no')}</li>
  <li>${t('need_account')}</li>
  <li>${t('need_authority')}</li>
</ul>
<h2>${t('limit_title')}</h2>
<p>${t('limit')}</p>
<h2>${t('help_title')}</h2>
<ul>
  <li><a href="/r/desk?lang=${locale}">${t('help_chat')}</a></li>
  <li><a href="/r/desk/offline?lang=${locale}">${t('help_message')}</a></li>
</ul>`,
  });
}
