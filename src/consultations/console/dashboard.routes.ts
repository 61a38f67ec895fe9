import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { addDays, seoulDay } from '../../platform/time/seoul.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { consultationDepsFrom } from '../consultations.deps.ts';
import { consultationStats } from '../booking/stats.service.ts';
import { consoleFormat, SCHEDULE_ROLES, sendHtml } from './consultations-console.layout.ts';
import { dashboardPage, DASHBOARD_PATH } from './dashboard.view.ts';

// The consultations' figures for a period chosen with a plain GET form: this
// month by default (consultationStats, the same as GET /api/consultations/stats).

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => DAY.test(s) && !Number.isNaN(Date.parse(s));

/** The first and last day of the month a day is in. */
export function monthOf(day: string): { from: string; to: string } {
  const from = `${day.slice(0, 8)}01`;
  const next = addDays(from, 31);
  return { from, to: addDays(`${next.slice(0, 8)}01`, -1) };
}

export const dashboardPageRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = consultationDepsFrom(appDeps);

  app.get(DASHBOARD_PATH, {
    preValidation: guard(SCHEDULE_ROLES),
    schema: { hide: true, querystring: z.object({ lang: z.enum(['ko', 'en']).optional(), from: z.string().max(20).optional(), to: z.string().max(20).optional() }) },
  }, async (request, reply) => {
    const t = consoleFormat(request.locale).t;
    const month = monthOf(seoulDay(deps.clock()));
    const from = request.query.from?.trim() || month.from;
    const to = request.query.to?.trim() || month.to;
    const errors: FieldError[] = [];
    if (!isDay(from)) errors.push({ field: 'from', message: t('err_day') });
    if (!isDay(to)) errors.push({ field: 'to', message: t('err_day') });
    if (!errors.length && (to < from || addDays(from, 366) < to)) errors.push({ field: 'to', message: t('err_range') });
    if (errors.length) {
      return sendHtml(reply, dashboardPage(request, { from: isDay(from) ? from : month.from, to: isDay(to) ? to : month.to, stats: null, errors }), 400);
    }
    const stats = await consultationStats(deps, { districtCode: request.staff!.districtCode, from, to });
    return sendHtml(reply, dashboardPage(request, { from, to, stats }));
  });
};
