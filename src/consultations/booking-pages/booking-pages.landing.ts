import type { LandingSection } from '../../platform/web/web-shell.ts';
import { html } from '../../platform/web/html.ts';
import { bookingPageMessages } from './booking-pages.messages.ts';
import { districtsTakingBookings } from './booking-pages.repository.ts';
import { journeyPath, withLang } from './booking-pages.view.ts';

/** The landing page's section: where each district's consultation booking starts (nothing when none takes bookings). */
export const consultationLanding: LandingSection = async (request, deps) => {
  const districts = await districtsTakingBookings(deps.db);
  if (districts.length === 0) return html``;
  const locale = request.locale;
  const t = (key: 'landing_title' | 'landing_lead') => bookingPageMessages.t(locale, key);
  return html`<h2 id="consultations">${t('landing_title')}</h2>
<p>${t('landing_lead')}</p>
<ul class="list">${districts.map((d) => html`<li><a href="${withLang(journeyPath(d.code), locale)}">${bookingPageMessages.t(locale, 'landing_link', { district: d.name[locale] })}</a></li>`)}</ul>`;
};
