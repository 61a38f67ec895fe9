import { z } from 'zod';
import { guard, requireStaff } from '../../platform/auth/auth.guard.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { DESK_DASHBOARD_ROLES, sendHtml } from '../desk-console.layout.ts';
import { deskDashboard } from './dashboard.repository.ts';
import { dashboardSchema } from './dashboard.schema.ts';
import { dashboardPage } from './dashboard.view.ts';

// The desk's dashboard: the figures as JSON (/api/desk/dashboard) and as a
// staff page (/console/desk/dashboard), for the session's district.

const days = z.coerce.number().int().min(1).max(90).default(7);

export const deskDashboardRoutes: RoutePlugin = async (app, deps) => {
  app.get('/api/desk/dashboard', {
    preValidation: requireStaff(DESK_DASHBOARD_ROLES),
    schema: { tags: ['desk'], summary: 'Waiting and handling times, satisfaction and volume per hour', querystring: z.object({ days }), response: { 200: dashboardSchema } },
  }, async (request) => deskDashboard(deps.db, request.staff!.districtCode, request.query.days));

  app.get('/console/desk/dashboard', {
    preValidation: guard(DESK_DASHBOARD_ROLES),
    schema: { hide: true, querystring: z.object({ lang: z.enum(['ko', 'en']).optional(), days }) },
  }, async (request, reply) => sendHtml(reply, dashboardPage(request, await deskDashboard(deps.db, request.staff!.districtCode, request.query.days))));
};
