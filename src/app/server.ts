import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../platform/http/deps.ts';
import type { RoutePlugin } from '../platform/http/routes.ts';
import { buildServer } from '../platform/http/server.ts';
import { routeModules } from './routes.ts';
import { webShell } from './web-shell.ts';
import { consoleStartPages } from './start-pages.ts';
import { assetSources } from './assets.ts';
import '../delivery/delivery.deps.ts';

/**
 * The application's HTTP server: every route module, the page shell (with each role's start page) and the browser assets.
 * `extraRoutes`: further modules, e.g. a benchmark's bare baseline route on the same server.
 */
export function buildAppServer(deps: AppDeps, options: { extraRoutes?: RoutePlugin[] } = {}): Promise<FastifyInstance> {
  return buildServer(deps, { routes: [...routeModules, ...(options.extraRoutes ?? [])], webShell: { ...webShell, startPages: consoleStartPages }, assets: assetSources });
}
