import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { assertDistrict, loadStaff, requireStaff } from '../auth/auth.guard.ts';
import { roleNames, ROLES } from '../auth/roles.ts';
import { problemSchema } from '../http/problem.ts';
import type { RoutePlugin } from '../http/routes.ts';
import type { Locale } from '../i18n/i18n.ts';
import { districtCounts, listDistricts, recentRollImports, type DistrictCounts, type RollImportSummary } from './console.repository.ts';
import { html, type Html } from './html.ts';
import { renderPage } from './layout.ts';
import { ROLL_IMPORT_ROLES, rollUploadForm } from './roll-upload.view.ts';
import { webMessages } from './web.messages.ts';
import { rollImportSummarySchema } from '../../notices/roll/roll-import.routes.ts';


const summarySchema = z
  .object({
    districtCode: z.string(),
    counts: z.object({ taxpayers: z.number().int(), notices: z.number().int(), rollImports: z.number().int() }),
    recentRollImports: z.array(rollImportSummarySchema),
  })
  .meta({ id: 'DistrictSummary' });

function formatTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Seoul' }).format(new Date(iso));
}

export function rollImportsTable(locale: Locale, imports: RollImportSummary[]): Html {
  const t = (key: Parameters<typeof webMessages.t>[1]) => webMessages.t(locale, key);
  if (imports.length === 0) return html`<p>${t('no_imports')}</p>`;
  const n = (value: number) => value.toLocaleString(locale === 'ko' ? 'ko-KR' : 'en-GB');
  return html`<div class="table-wrap"><table>
  <caption class="visually-hidden">${t('recent_imports')}</caption>
  <thead><tr>
    <th scope="col">${t('col_file')}</th><th scope="col">${t('col_finished')}</th>
    <th scope="col" class="num">${t('col_rows')}</th><th scope="col" class="num">${t('col_inserted')}</th>
    <th scope="col" class="num">${t('col_updated')}</th><th scope="col" class="num">${t('col_unchanged')}</th>
    <th scope="col" class="num">${t('col_rejected')}</th><th scope="col" class="num">${t('col_conflicts')}</th>
    <th scope="col">${t('col_by')}</th>
  </tr></thead>
  <tbody>${imports.map(
    (i) => html`<tr>
    <td>${i.fileName}</td><td>${formatTime(i.finishedAt, locale)}</td>
    <td class="num">${n(i.rowsTotal)}</td><td class="num">${n(i.inserted)}</td><td class="num">${n(i.updated)}</td>
    <td class="num">${n(i.unchanged)}</td><td class="num">${n(i.rejected)}</td><td class="num">${n(i.conflicts)}</td>
    <td>${i.importedBy}</td>
  </tr>`,
  )}</tbody>
</table></div>`;
}

function consolePage(request: FastifyRequest, counts: DistrictCounts, imports: RollImportSummary[], maxBytes: number): string {
  const locale = request.locale;
  const staff = request.staff!;
  const t = (key: Parameters<typeof webMessages.t>[1], vars?: Record<string, string>) => webMessages.t(locale, key, vars);
  const n = (value: number) => value.toLocaleString(locale === 'ko' ? 'ko-KR' : 'en-GB');
  const title = t('console_title', { district: staff.districtName[locale] });
  const body = html`<h1>${title}</h1>
<h2>${t('console_you')}</h2>
<dl class="summary-list">
  <dt>${t('console_district')}</dt><dd>${staff.districtName[locale]} (${staff.districtCode})</dd>
  <dt>${t('console_staff')}</dt><dd>${staff.displayName} (${staff.username})</dd>
  <dt>${t('console_role')}</dt><dd>${roleNames.t(locale, staff.role)}</dd>
</dl>
<h2>${t('console_counts')}</h2>
<ul class="counts">
  <li><span class="count-value">${n(counts.taxpayers)}</span> ${t('count_taxpayers')}</li>
  <li><span class="count-value">${n(counts.notices)}</span> ${t('count_notices')}</li>
  <li><span class="count-value">${n(counts.rollImports)}</span> ${t('count_roll_imports')}</li>
</ul>
<h2>${t('recent_imports')}</h2>
${rollImportsTable(locale, imports)}
${ROLL_IMPORT_ROLES.includes(staff.role) ? rollUploadForm(request, { maxBytes }) : ''}`;
  return renderPage(request, { title, body });
}

function landingPage(request: FastifyRequest, districts: { code: string; nameKo: string; nameEn: string }[]): string {
  const locale = request.locale;
  const t = (key: Parameters<typeof webMessages.t>[1]) => webMessages.t(locale, key);
  const body = html`<h1>${t('landing_title')}</h1>
<p class="lead">${t('landing_lead')}</p>
<h2>${t('landing_what_title')}</h2>
<ul class="list">
  <li>${t('landing_item_notices')}</li>
  <li>${t('landing_item_consult')}</li>
  <li>${t('landing_item_guide')}</li>
</ul>
<h2>${t('landing_districts')}</h2>
${districts.length
  ? html`<ul class="list">${districts.map((d) => html`<li>${locale === 'ko' ? d.nameKo : d.nameEn}</li>`)}</ul>`
  : html`<p>${t('landing_no_districts')}</p>`}
<h2>${t('landing_staff')}</h2>
<p><a href="/login?lang=${locale}">${t('landing_staff_link')}</a></p>`;
  return renderPage(request, { title: t('landing_title'), body });
}

export const pageRoutes: RoutePlugin = async (app, deps) => {
  app.get('/', { schema: { hide: true, response: { 200: z.string().describe('HTML page') } } }, async (request, reply) => {
    await loadStaff(request);
    const districts = await listDistricts(deps.db);
    return reply.type('text/html; charset=utf-8').send(landingPage(request, districts));
  });

  app.get(
    '/console',
    { preHandler: requireStaff(ROLES), schema: { hide: true, response: { 200: z.string().describe('HTML page') } } },
    async (request, reply) => {
      const district = request.staff!.districtCode;
      const [counts, imports] = await Promise.all([districtCounts(deps.db, district), recentRollImports(deps.db, district)]);
      return reply.type('text/html; charset=utf-8').send(consolePage(request, counts, imports, deps.config.TAXSTATION_ROLL_MAX_BYTES));
    },
  );

  app.get(
    '/api/districts/:district/summary',
    {
      preHandler: requireStaff(ROLES),
      schema: {
        tags: ['console'],
        summary: 'Counts and the latest roll imports of the signed-in staff member’s district',
        security: [{ session: [] }],
        params: z.object({ district: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/) }),
        response: { 200: summarySchema, 401: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      assertDistrict(request, request.params.district);
      const district = request.staff!.districtCode;
      const [counts, imports] = await Promise.all([districtCounts(deps.db, district), recentRollImports(deps.db, district)]);
      return { districtCode: district, counts, recentRollImports: imports };
    },
  );
};
