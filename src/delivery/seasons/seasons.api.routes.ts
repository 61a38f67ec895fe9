import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { rowIdSchema, sessionSecurity as security, staffApiErrors as errors } from '../../platform/http/api-schemas.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { seasonSummary } from '../season-summary.ts';
import { DELIVERY_WRITE_ROLES } from '../delivery.roles.ts';
import { listSeasons, seasonStats, type SeasonRow } from './seasons.repository.ts';
import { issueSeasonBody, issueSeasonResponses, seasonSchema, statsSchema, summarySchema } from './seasons.schema.ts';
import { issueFromConsole, seasonOr404 } from './seasons.service.ts';

// The seasons API (tag 'delivery'): the district's seasons, issuing one, its
// live figures and its charts' data. The district always comes from the
// session.

function seasonJson(s: SeasonRow) {
  return { ...s, sendAfter: s.sendAfter.toISOString(), createdAt: s.createdAt.toISOString() };
}

export const seasonApiRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.db;
  const read = guard(DELIVERY_WRITE_ROLES);
  const write = guard(DELIVERY_WRITE_ROLES);

  app.get(
    '/api/seasons',
    {
      preValidation: read,
      schema: { tags: ['delivery'], summary: 'The district’s seasons, newest first, with progress counts', security, response: { 200: z.object({ seasons: z.array(seasonSchema) }), ...errors } },
    },
    async (request) => ({ seasons: (await listSeasons(db, request.staff!.districtCode)).map(seasonJson) }),
  );

  app.post(
    '/api/seasons',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary: 'Issue a season from the imported roll and send it (now, or from sendAfter)',
        description: 'Issuing queues the first delivery attempt of each applicant’s notice; the delivery workers send them. Poll /api/seasons/{id}/summary for progress.',
        security,
        body: issueSeasonBody,
        response: issueSeasonResponses,
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await issueFromConsole(deps, request.staff!, {
        taxItem: b.taxItem,
        taxYear: b.taxYear,
        period: b.period,
        sendAfter: b.sendAfter ? new Date(b.sendAfter) : undefined,
      });
      return reply.code(201).send({ ...result, summaryUrl: `/api/seasons/${result.seasonId}/summary` });
    },
  );

  app.get(
    '/api/seasons/:id/summary',
    {
      preValidation: read,
      schema: { tags: ['delivery'], summary: 'A season’s figures (the same as `taxstation season send --json`)', security, params: z.object({ id: rowIdSchema }), response: { 200: summarySchema, ...errors } },
    },
    async (request, reply) => {
      const season = await seasonOr404(deps, request.staff!, request.params.id);
      reply.header('cache-control', 'no-store');
      return seasonSummary(db, season.id);
    },
  );

  app.get(
    '/api/seasons/:id/stats',
    {
      preValidation: read,
      schema: {
        tags: ['delivery'],
        summary: 'Chart data of a season: rate per channel, delivered per day (Asia/Seoul), failure causes, paper cost, and the previous season of the same tax item',
        security,
        params: z.object({ id: rowIdSchema }),
        response: { 200: statsSchema, ...errors },
      },
    },
    async (request) => {
      const staff = request.staff!;
      const season = await seasonOr404(deps, staff, request.params.id);
      const st = await seasonStats(db, season, staff.districtCode);
      return {
        ...st,
        season: seasonJson(st.season),
        previous: st.previous ? { ...st.previous, season: seasonJson(st.previous.season) } : null,
      };
    },
  );
};
