import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { assertDistrict, requireStaff } from '../../platform/auth/auth.guard.ts';
import { roleNames, ROLES } from '../../platform/auth/roles.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { formatNumber } from '../../platform/i18n/i18n.ts';
import { districtCounts, type DistrictCounts } from './console-home.repository.ts';
import { recentRollImports, type RollImportSummary } from '../../notices/roll/roll-imports.repository.ts';
import { consoleHomeMessages } from './console-home.messages.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { ROLL_IMPORT_ROLES, rollImportsTable, rollUploadForm } from '../../notices/roll/roll-upload.view.ts';
import { rollImportSummarySchema } from '../../notices/roll/roll-import.routes.ts';

// The console's start page and its API twin: who is signed in, the
// district's counts, the latest roll imports and the upload form.

const summarySchema = z
  .object({
    districtCode: z.string(),
    counts: z.object({ taxpayers: z.number().int(), notices: z.number().int(), rollImports: z.number().int() }),
    recentRollImports: z.array(rollImportSummarySchema),
  })
  .meta({ id: 'DistrictSummary' });

function consolePage(request: FastifyRequest, counts: DistrictCounts, imports: RollImportSummary[], maxBytes: number): string {
  const locale = request.locale;
  const staff = request.staff!;
  const t = (key: Parameters<typeof consoleHomeMessages.t>[1], vars?: Record<string, string>) => consoleHomeMessages.t(locale, key, vars);
  const n = (value: number) => formatNumber(locale, value);
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

export const consoleHomeRoutes: RoutePlugin = async (app, deps) => {
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
