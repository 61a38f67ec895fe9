import { Readable } from 'node:stream';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { CONTACT_RULES, RULE_CODES } from '../rules/contact-rules.ts';
import { classifyDistrict } from '../rules/classify.service.ts';
import { csvHeader, csvRow } from './risk.csv.ts';
import { riskMessages, ruleLabel } from './risk.messages.ts';
import { riskCounts, riskPage, riskRows } from './risk.repository.ts';
import { riskPage as riskPageView } from './risk.view.ts';

// The risk list (tag 'hygiene'): counts per reason, pages of flagged
// taxpayers with masked contacts, the CSV export and the re-check. For
// admins and tax officials; the district always comes from the session.

export const HYGIENE_ROLES: readonly Role[] = ['admin', 'tax_official'];

const security: { [label: string]: string[] }[] = [{ session: [] }];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const reasonParam = z
  .union([z.enum(RULE_CODES as [string, ...string[]]), z.literal('')])
  .optional()
  .transform((v) => (v ? v : undefined))
  .describe(`one of: ${RULE_CODES.join(', ')}`);
const lang = z.enum(['ko', 'en']).optional();

const riskRowSchema = z.object({
  taxpayerId: z.number().int(),
  taxpayerNo: z.string(),
  name: z.string(),
  reasons: z.array(z.string()),
  mobileMasked: z.string().nullable().describe('010-****-5678'),
  emailMasked: z.string().nullable().describe('m****@example.kr'),
  enrolled: z.array(z.enum(['kakao', 'sms', 'email'])),
  detectedAt: z.string(),
});

const riskListSchema = z
  .object({
    flagged: z.number().int().describe('taxpayers with at least one finding'),
    counts: z.array(z.object({ reason: z.string(), count: z.number().int(), label: z.string(), severity: z.string(), field: z.string(), description: z.string() })),
    lastRun: z.object({ finishedAt: z.string(), taxpayers: z.number().int(), runBy: z.string() }).nullable(),
    reason: z.string().nullable(),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    taxpayers: z.array(riskRowSchema),
  })
  .meta({ id: 'RiskList' });

const recheckSchema = z
  .object({ runId: z.number().int(), taxpayers: z.number().int(), flagged: z.number().int(), findings: z.number().int(), byRule: z.record(z.string(), z.number().int()) })
  .meta({ id: 'ContactRecheck' });

export const hygieneRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.db;
  const staffOnly = guard(HYGIENE_ROLES);

  app.get(
    '/api/hygiene/risk',
    {
      preValidation: staffOnly,
      schema: {
        tags: ['hygiene'],
        summary: 'The district’s contacts at risk: counts per reason and one page of taxpayers (contacts masked)',
        security,
        querystring: z.object({ reason: reasonParam, page: z.coerce.number().int().min(1).max(1_000_000).default(1), lang }),
        response: { 200: riskListSchema, ...errors },
      },
    },
    async (request) => {
      const district = request.staff!.districtCode;
      const { reason, page } = request.query;
      const [counts, list] = await Promise.all([riskCounts(db, district), riskPage(db, deps.cipher, district, { reason, page })]);
      const locale = request.locale;
      return {
        flagged: counts.flagged,
        counts: counts.byReason.map((c) => {
          const rule = CONTACT_RULES.find((r) => r.code === c.reason)!;
          return { ...c, label: ruleLabel(locale, c.reason), severity: rule.severity, field: rule.field, description: rule.reason[locale] };
        }),
        lastRun: counts.lastRun ? { ...counts.lastRun, finishedAt: counts.lastRun.finishedAt.toISOString() } : null,
        reason: reason ?? null,
        page: list.page,
        pageSize: list.pageSize,
        total: list.total,
        taxpayers: list.rows.map((r) => ({ ...r, detectedAt: r.detectedAt.toISOString() })),
      };
    },
  );

  app.get(
    '/api/hygiene/risk.csv',
    {
      preValidation: staffOnly,
      schema: {
        tags: ['hygiene'],
        summary: 'The whole risk list as CSV (RFC 4180, UTF-8 with BOM; contacts masked)',
        security,
        querystring: z.object({ reason: reasonParam, lang }),
      },
    },
    async (request, reply) => {
      const district = request.staff!.districtCode;
      const locale = request.locale;
      const reason = request.query.reason;
      async function* lines() {
        yield csvHeader(locale);
        for await (const row of riskRows(db, deps.cipher, district, { reason })) yield csvRow(locale, row);
      }
      const name = `contacts-at-risk-${district}${reason ? `-${reason}` : ''}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(lines()));
    },
  );

  app.post(
    '/api/hygiene/recheck',
    {
      preValidation: staffOnly,
      schema: {
        tags: ['hygiene'],
        summary: 'Re-run the contact rules over every taxpayer of the district now',
        description: 'Needs the CSRF token of the session (x-csrf-token).',
        security,
        response: { 200: recheckSchema, ...errors },
      },
    },
    async (request) => classifyDistrict(deps, request.staff!.districtCode, { runBy: request.staff!.username }),
  );

  // The console page
  app.get(
    '/console/hygiene',
    {
      preValidation: staffOnly,
      schema: {
        hide: true,
        querystring: z.object({ reason: reasonParam, page: z.coerce.number().int().min(1).max(1_000_000).default(1), lang, done: z.coerce.number().int().min(0).optional(), of: z.coerce.number().int().min(0).optional() }),
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const district = request.staff!.districtCode;
      const { reason, page, done, of } = request.query;
      const [counts, list] = await Promise.all([riskCounts(db, district), riskPage(db, deps.cipher, district, { reason, page })]);
      const flash = done !== undefined && of !== undefined ? riskMessages.t(request.locale, 'rechecked', { flagged: done, n: of }) : undefined;
      return reply.type('text/html; charset=utf-8').send(riskPageView(request, { counts, reason, list, canRecheck: true, flash }));
    },
  );

  app.post(
    '/console/hygiene/recheck',
    { preValidation: staffOnly, schema: { hide: true, querystring: z.object({ lang }), body: z.object({ _csrf: z.string().optional() }) } },
    async (request, reply) => {
      const result = await classifyDistrict(deps, request.staff!.districtCode, { runBy: request.staff!.username });
      return reply.redirect(`/console/hygiene?lang=${request.locale}&done=${result.flagged}&of=${result.taxpayers}`, 303);
    },
  );
};
