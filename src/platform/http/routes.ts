// Route modules, registered from this one list.
//
// Convention for every domain:
//   - a module `src/<domain>/<domain>.routes.ts` exports a RoutePlugin:
//       export const fooRoutes: RoutePlugin = async (app, deps) => { app.get(...) };
//   - it adds ONE line to `routeModules` below (import + entry);
//   - every route declares zod schemas for params/querystring/body/response
//     (they validate the request and generate /api/openapi.json), with
//     `tags: ['<domain>']`; pages (HTML) set `hide: true`;
//   - every route is guarded with `preHandler: requireStaff([...roles])` from
//     src/platform/auth/auth.guard.ts unless it is on the public allow-list
//     (health, openapi, login, assets, resident pages, /api/webhooks/*):
//     src/platform/http/route-guard.test.ts fails otherwise;
//   - district-scoped data comes from `request.staff.districtCode`, never from
//     the client; a path naming a district calls assertDistrict(request, code);
//   - errors are thrown as AppError (src/platform/errors.ts); the central
//     handler answers application/problem+json (or an HTML page).
// Each module is registered in its own encapsulated scope: hooks it adds stay
// inside it.

import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from './deps.ts';
import { healthRoutes } from './health.routes.ts';
import { assetRoutes } from '../web/assets.ts';
import { authRoutes } from '../auth/auth.routes.ts';
import { pageRoutes } from '../web/pages.routes.ts';
import { deliveryRoutes } from '../../delivery/delivery.routes.ts';
import { rollImportRoutes } from '../../notices/roll/roll-import.routes.ts';
import { deliveryConsoleRoutes } from '../../delivery/console/delivery-console.routes.ts';
import { hygieneRoutes } from '../../hygiene/risk/risk.routes.ts';
import { taxpayersConsoleRoutes } from '../../taxpayers/console/taxpayers-console.routes.ts';
import { updateCampaignRoutes } from '../../hygiene/campaigns/campaigns.routes.ts';
import { deskRoutes } from '../../desk/desk.routes.ts';
import { messengerRoutes } from '../../desk/channel/messenger.routes.ts';
import { deskExtrasRoutes } from '../../desk/extras/extras.routes.ts';
import { offlineFormRoutes } from '../../desk/extras/offline.routes.ts';
import { guideRoutes } from '../../guide/guide.routes.ts';

export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** A domain's routes: called once with an encapsulated Fastify scope and the app's dependencies. */
export type RoutePlugin = (app: ZodApp, deps: AppDeps) => Promise<void>;

export const routeModules: RoutePlugin[] = [
  healthRoutes,
  assetRoutes,
  authRoutes,
  pageRoutes,
  deliveryRoutes,
  rollImportRoutes,
  deliveryConsoleRoutes,
  hygieneRoutes,
  taxpayersConsoleRoutes,
  updateCampaignRoutes,
  messengerRoutes,
  deskExtrasRoutes,
  offlineFormRoutes,
  deskRoutes,
  guideRoutes,
];

/** Registers one route module in its own scope. */
export function registerRouteModule(app: FastifyInstance, plugin: RoutePlugin, deps: AppDeps): void {
  app.register(async (scope) => {
    await plugin(scope.withTypeProvider<ZodTypeProvider>() as unknown as ZodApp, deps);
  });
}

export function registerRoutes(app: FastifyInstance, deps: AppDeps): void {
  for (const plugin of routeModules) registerRouteModule(app, plugin, deps);
}
