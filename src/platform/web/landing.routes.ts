import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { loadStaff } from '../auth/auth.guard.ts';
import { listDistricts, type District } from '../districts/districts.repository.ts';
import type { RoutePlugin } from '../http/routes.ts';
import { html, type Html } from './html.ts';
import { renderPage } from './layout.ts';
import { webMessages } from './web.messages.ts';
import { webShellOf, type ResidentService } from './web-shell.ts';

// The public start page: the services every resident may use, each a link
// with a sentence of what it does, then the domains' own sections by district
// (src/app/web-shell.ts lists both: where a resident books a consultation,
// each district's guide and station, …) and the districts taking part.

function landingPage(request: FastifyRequest, districts: District[], services: readonly ResidentService[], sections: Html[]): string {
  const locale = request.locale;
  const t = (key: Parameters<typeof webMessages.t>[1]) => webMessages.t(locale, key);
  const body = html`<h1>${t('landing_title')}</h1>
<p class="lead">${t('landing_lead')}</p>
${services.length
  ? html`<h2 id="services">${t('landing_what_title')}</h2>
<ul class="list landing-services">${services.map((s) => html`<li><a href="${s.href}?lang=${locale}">${s.title[locale]}</a><br>${s.description[locale]}</li>`)}</ul>`
  : ''}
${sections}
<h2>${t('landing_districts')}</h2>
${districts.length
  ? html`<ul class="list">${districts.map((d) => html`<li>${d.name[locale]}</li>`)}</ul>`
  : html`<p>${t('landing_no_districts')}</p>`}
<h2>${t('landing_staff')}</h2>
<p><a href="/login?lang=${locale}">${t('landing_staff_link')}</a></p>`;
  return renderPage(request, { title: t('landing_title'), body });
}

export const landingRoutes: RoutePlugin = async (app, deps) => {
  app.get('/', { schema: { hide: true, response: { 200: z.string().describe('HTML page') } } }, async (request, reply) => {
    await loadStaff(request);
    const districts = await listDistricts(deps.db);
    const shell = webShellOf(request);
    const sections = await Promise.all(shell.landingSections.map((section) => section(request, deps)));
    return reply.type('text/html; charset=utf-8').send(landingPage(request, districts, shell.residentServices, sections));
  });
};
