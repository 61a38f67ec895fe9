// Route modules: the contract between the HTTP server and the domains.
//
// Convention for every domain:
//   - a module `src/<domain>/<feature>/<feature>.routes.ts` exports a RoutePlugin:
//       export const fooRoutes: RoutePlugin = async (app, deps) => { app.get(...) };
//   - it adds ONE line to the list in src/app/routes.ts (the composition
//     root); platform never names a domain, and no module registers another;
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

export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** A domain's routes: called once with an encapsulated Fastify scope and the app's dependencies. */
export type RoutePlugin = (app: ZodApp, deps: AppDeps) => Promise<void>;

/** Registers one route module in its own scope. */
export function registerRouteModule(app: FastifyInstance, plugin: RoutePlugin, deps: AppDeps): void {
  app.register(async (scope) => {
    await plugin(scope.withTypeProvider<ZodTypeProvider>() as unknown as ZodApp, deps);
  });
}
