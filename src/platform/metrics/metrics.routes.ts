import { z } from 'zod';
import { makeProblem } from '../http/problem.ts';
import type { RoutePlugin } from '../http/routes.ts';
import { scrape } from './metrics.ts';
import { metricsMessages } from './metrics.messages.ts';
import { bearerMatches, readiness } from './probes.ts';

// GET /metrics (Prometheus, bearer token), GET /livez and GET /readyz (probes).
// /metrics is not behind a staff session: Prometheus has none. It answers
// only with TAXSTATION_METRICS_TOKEN set and sent as a bearer token, and
// says nothing about any taxpayer (see metrics.ts: bounded labels only).

const readinessSchema = z
  .object({
    ready: z.boolean(),
    database: z.enum(['ok', 'unreachable']),
    migrations: z.object({ applied: z.number().int(), known: z.number().int() }),
    draining: z.boolean(),
  })
  .meta({ id: 'Readiness' });

export const metricsRoutes: RoutePlugin = async (app, deps) => {
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    // Always a JSON problem (never the sign-in page a browser's 401 leads to): the reader is Prometheus.
    const refuse = (code: 'metrics_disabled' | 'metrics_token_required', status: number) =>
      reply
        .code(status)
        .type('application/problem+json; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(makeProblem(request.locale, code, status, metricsMessages.t(request.locale, code)));
    const token = deps.config.TAXSTATION_METRICS_TOKEN;
    if (!token) return refuse('metrics_disabled', 404);
    if (!bearerMatches(request.headers.authorization, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      return refuse('metrics_token_required', 401);
    }
    const { contentType, body } = await scrape();
    return reply.type(contentType).header('cache-control', 'no-store').send(body);
  });

  app.get(
    '/livez',
    { schema: { tags: ['platform'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('alive') }) } } },
    async () => ({ status: 'alive' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['platform'],
        summary: 'Readiness: database reachable, migrations applied, not shutting down (503 otherwise)',
        response: { 200: readinessSchema, 503: readinessSchema },
      },
    },
    async (_request, reply) => {
      const state = await readiness(deps.db, draining);
      return reply.code(state.ready ? 200 : 503).header('cache-control', 'no-store').send(state);
    },
  );
};
