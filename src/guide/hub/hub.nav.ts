import { listDistricts } from '../../platform/districts/districts.repository.ts';
import { html } from '../../platform/web/html.ts';
import type { ConsoleNavItem, LandingSection, ResidentService } from '../../platform/web/web-shell.ts';
import { REFUND_GUIDE_PATH } from '../refund/refund-guide.page.ts';
import { refundGuideMessages } from '../refund/refund-guide.messages.ts';
import { applyPath } from '../refund-applications/refund.view.ts';
import { calendarPath } from '../calendar/calendar.view.ts';
import { CONSOLE_PATH as REFUNDS_CONSOLE_PATH } from '../refund-applications/refund.view.ts';
import { hubMessages } from './hub.messages.ts';
import { CALENDAR_CONSOLE_PATH } from '../calendar/calendar-console.view.ts';
import { calendarMessages } from '../calendar/calendar.messages.ts';
import { hubPath } from './hub.view.ts';

// What the guide offers the shell (src/app/web-shell.ts lists them): the
// refund applications and the calendar in the staff menu; on the landing
// page, how refunds work, and each district's guide, calendar and refund
// application.

export const refundsNav: ConsoleNavItem = {
  href: REFUNDS_CONSOLE_PATH,
  label: hubMessages.both('nav_refunds'),
  roles: ['admin', 'tax_official'],
};

export const calendarNav: ConsoleNavItem = {
  href: CALENDAR_CONSOLE_PATH,
  label: calendarMessages.both('console_title'),
  roles: ['admin', 'tax_official'],
};

export const guideLanding: LandingSection = async (request, deps) => {
  const districts = await listDistricts(deps.db, 'korean_name');
  if (districts.length === 0) return html``;
  const locale = request.locale;
  return html`<h2 id="local-tax-guide">${hubMessages.t(locale, 'landing_title')}</h2>
<p>${hubMessages.t(locale, 'landing_lead')}</p>
<ul class="list">${districts.map((d) => {
    const district = { district: d.name[locale] };
    return html`<li><a href="${hubPath(d.code)}?lang=${locale}">${hubMessages.t(locale, 'landing_link', district)}</a>
  <ul>
    <li><a href="${calendarPath(d.code)}?lang=${locale}">${hubMessages.t(locale, 'landing_calendar', district)}</a></li>
    <li><a href="${applyPath(d.code)}?lang=${locale}">${hubMessages.t(locale, 'landing_refund_apply', district)}</a></li>
  </ul></li>`;
  })}</ul>`;
};

/** How refunds work, for every district's residents, on the start page. */
export const refundGuideService: ResidentService = {
  href: REFUND_GUIDE_PATH,
  title: refundGuideMessages.both('title'),
  description: hubMessages.both('refund_service_description'),
};
