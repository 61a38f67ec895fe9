import type { RouteOptions } from 'fastify';

// Every route the server registers, with the roles its guard admits (null:
// no guard). Filled by an onRoute hook in buildServer; the invariant test
// walks it to prove that nothing outside the public allow-list is unguarded.

/** Set by requireStaff() on the preHandler it returns, so the catalogue can see the guard. */
export const ROUTE_ROLES = Symbol.for('taxstation.routeRoles');

export interface CatalogueEntry {
  method: string;
  url: string;
  roles: readonly string[] | null;
  /** The zod schema the route validates its body with, if any (tests read a form's limits from it). */
  body?: unknown;
}

export function guardRolesOf(route: Pick<RouteOptions, 'preHandler' | 'onRequest' | 'preValidation'>): readonly string[] | null {
  const hooks = [route.onRequest, route.preValidation, route.preHandler].flat().filter(Boolean) as unknown as Record<symbol, unknown>[];
  for (const hook of hooks) {
    const roles = hook[ROUTE_ROLES];
    if (Array.isArray(roles)) return roles as string[];
  }
  return null;
}

export function catalogueEntries(route: RouteOptions): CatalogueEntry[] {
  const methods = [route.method].flat();
  const body = (route.schema as { body?: unknown } | undefined)?.body;
  return methods.map((method) => ({ method: String(method), url: route.url, roles: guardRolesOf(route), ...(body ? { body } : {}) }));
}
