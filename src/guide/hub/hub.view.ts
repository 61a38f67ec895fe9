import type { FastifyRequest } from 'fastify';
import type { District } from '../../platform/districts/districts.repository.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { calendarListPath, calendarPath, remindPath } from '../calendar/calendar.view.ts';
import { REFUND_GUIDE_PATH } from '../refund/refund-guide.page.ts';
import { applyPath, statusPath } from '../refund-applications/refund.view.ts';
import { hubMessages } from './hub.messages.ts';
import { boothsPath, faqPath } from '../booths/booths.view.ts';
import { searchPath } from '../search/search.view.ts';
import { bookletPath } from '../booklet/booklet.routes.ts';
import { bookletMessages } from '../booklet/booklet.messages.ts';
import { boardPath } from '../../lectures/board/board.service.ts';
import { LECTURES_PATH } from '../../lectures/videos/videos.resident.view.ts';

// A district's guide: one page that leads to each of the guide's features
// (the station's guide desk shows the same content in its panel).

export const hubPath = (district: string) => `/r/guide/${district}`;

export function hubContent(locale: Locale, district: District): Html {
  const t = (key: Parameters<typeof hubMessages.t>[1], vars?: Record<string, string>) => hubMessages.t(locale, key, vars);
  const q = `?lang=${locale}`;
  return html`<h1>${t('title', { district: district.name[locale] })}</h1>
<p class="lead">${t('lead')}</p>
<form method="get" action="${searchPath(district.code)}" role="search" class="hub-search">
  <input type="hidden" name="lang" value="${locale}">
  <div class="field"><label class="label" for="hub-q">${t('search_label')}</label>
  <input class="input" id="hub-q" name="q" type="search" maxlength="100"></div>
  <button type="submit" class="button">${t('search_button')}</button>
</form>
<h2 id="guide-calendar">${t('calendar_title')}</h2>
<ul class="list">
  <li><a href="${calendarPath(district.code)}${q}">${t('calendar_month')}</a></li>
  <li><a href="${calendarListPath(district.code)}${q}">${t('calendar_year')}</a></li>
  <li><a href="${remindPath(district.code)}${q}">${t('calendar_remind')}</a></li>
</ul>
<h2 id="guide-refunds">${t('refund_title')}</h2>
<ul class="list">
  <li><a href="${applyPath(district.code)}${q}">${t('refund_apply')}</a></li>
  <li><a href="${statusPath(district.code)}${q}">${t('refund_status')}</a></li>
  <li><a href="${REFUND_GUIDE_PATH}${q}">${t('refund_guide')}</a></li>
</ul>
<h2 id="guide-booths">${t('booths_title')}</h2>
<ul class="list">
  <li><a href="${boothsPath(district.code)}${q}">${t('booths')}</a></li>
  <li><a href="${faqPath(district.code)}${q}">${t('faq')}</a></li>
  <li><a href="${bookletPath(district.code)}${q}" download>${bookletMessages.t(locale, 'download')}</a></li>
</ul>
<h2 id="guide-lectures">${t('lectures_title')}</h2>
<ul class="list">
  <li><a href="${LECTURES_PATH}?district=${district.code}&amp;lang=${locale}">${t('lectures')}</a></li>
  <li><a href="${boardPath(district.code)}${q}">${t('board')}</a></li>
</ul>`;
}

export function hubPage(request: FastifyRequest, district: District): string {
  return renderPage(request, { title: hubMessages.t(request.locale, 'title', { district: district.name[request.locale] }), body: hubContent(request.locale, district) });
}
