import { listDistricts } from '../../platform/districts/districts.repository.ts';
import { html } from '../../platform/web/html.ts';
import type { ConsoleNavItem, LandingSection } from '../../platform/web/web-shell.ts';
import { stationMapsMessages } from './station-maps.messages.ts';
import { CONSOLE_STATION_PATH } from './station-maps.view.ts';

// The station map's entry in the staff menu, and each district's station on
// the start page (the composition root lists them in src/app/web-shell.ts).

export const stationNav: ConsoleNavItem = { href: CONSOLE_STATION_PATH, label: { ko: '가상 세무서', en: 'Virtual station' }, roles: ['tax_official', 'admin'] };

/** The start page's section: each district's station, the map and its text version. */
export const stationLanding: LandingSection = async (request, deps) => {
  const districts = await listDistricts(deps.db, 'korean_name');
  if (districts.length === 0) return html``;
  const locale = request.locale;
  const t = (key: 'landing_title' | 'landing_lead' | 'landing_link' | 'landing_text_link', district = '') => stationMapsMessages.t(locale, key, { district });
  return html`<h2 id="virtual-station">${t('landing_title')}</h2>
<p>${t('landing_lead')}</p>
<ul class="list">${districts.map((d) => {
    const path = `/r/station/${encodeURIComponent(d.code)}`;
    return html`<li><a href="${path}/space?lang=${locale}">${t('landing_link', d.name[locale])}</a>
  <ul><li><a href="${path}?lang=${locale}">${t('landing_text_link', d.name[locale])}</a></li></ul></li>`;
  })}</ul>`;
};
