import { listDistricts } from '../../platform/districts/districts.repository.ts';
import { html } from '../../platform/web/html.ts';
import type { ConsoleNavItem, LandingSection } from '../../platform/web/web-shell.ts';
import { CONSOLE_PATH as REFUNDS_CONSOLE_PATH } from '../refund-applications/refund.view.ts';
import { hubMessages } from './hub.messages.ts';
import { CALENDAR_CONSOLE_PATH } from '../calendar/calendar-console.view.ts';
import { calendarMessages } from '../calendar/calendar.messages.ts';
import { hubPath } from './hub.view.ts';

// What the guide offers the shell (src/app/web-shell.ts lists them): the
// refund applications and the calendar in the staff menu, and each district's guide on the
// landing page.

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
<ul class="list">${districts.map((d) => html`<li><a href="${hubPath(d.code)}?lang=${locale}">${hubMessages.t(locale, 'landing_link', { district: d.name[locale] })}</a></li>`)}</ul>`;
};
