import { listDistricts } from '../../platform/districts/districts.repository.ts';
import { html } from '../../platform/web/html.ts';
import type { ConsoleNavItem, LandingSection } from '../../platform/web/web-shell.ts';
import { CONSOLE_BOARD_PATH } from './board-console.view.ts';
import { boardMessages } from './board.messages.ts';
import { boardPath } from './board.service.ts';

// What the question board offers the shell (src/app/web-shell.ts lists
// them): its entry in the staff menu, and the landing page's section with
// each district's board.

export const boardNav: ConsoleNavItem = {
  href: CONSOLE_BOARD_PATH,
  label: boardMessages.both('console_title'),
  roles: ['admin', 'tax_official', 'lecturer'],
};

export const boardLanding: LandingSection = async (request, deps) => {
  const districts = await listDistricts(deps.db, 'korean_name');
  if (districts.length === 0) return html``;
  const locale = request.locale;
  return html`<h2 id="question-board">${boardMessages.t(locale, 'landing_title')}</h2>
<p>${boardMessages.t(locale, 'landing_lead')}</p>
<ul class="list">${districts.map((d) => html`<li><a href="${boardPath(d.code)}?lang=${locale}">${boardMessages.t(locale, 'board_title', { district: d.name[locale] })}</a></li>`)}</ul>`;
};
