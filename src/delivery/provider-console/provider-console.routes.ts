import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { DELIVERY_WRITE_ROLES } from '../delivery.roles.ts';
import { failedAttemptsByCause } from './provider-console.repository.ts';
import { failoverOrder, ProviderHealthCache, readProvidersSetting } from './provider-console.service.ts';
import { providersPage } from './provider-console.view.ts';

// GET /console/providers: the district's officials see each configured
// provider's health, the failover order and the recent causes of failure.

const DAY_MS = 24 * 60 * 60 * 1000;

export const providerConsoleRoutes: RoutePlugin = async (app, deps) => {
  const clock = deps.clock ?? (() => new Date());
  // Each check call is given 3 s; the results are reused for a minute.
  const cache = new ProviderHealthCache({ timeoutMs: 3000, maxAgeMs: 60_000, clock });

  app.get(
    '/console/providers',
    { preValidation: guard(DELIVERY_WRITE_ROLES), schema: { hide: true, querystring: z.object({ lang: z.enum(['ko', 'en']).optional() }), response: { 200: z.string().describe('HTML page') } } },
    async (request, reply) => {
      const setting = readProvidersSetting(deps.config.TAXSTATION_PROVIDERS);
      const configs = setting.state === 'ok' ? setting.configs : [];
      const [health, causes] = await Promise.all([
        configs.length ? cache.health(configs) : undefined,
        failedAttemptsByCause(deps.db, request.staff!.districtCode, new Date(clock().getTime() - DAY_MS)),
      ]);
      return reply.type('text/html; charset=utf-8').send(providersPage(request, { setting, health, failover: failoverOrder(configs), causes }));
    },
  );
};
