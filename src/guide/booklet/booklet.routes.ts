import { z } from 'zod';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { hitRateLimits } from '../../platform/rate-limit/window-counters.ts';
import { guideDepsFrom } from '../guide.deps.ts';
import { bookletPdf } from './booklet.service.ts';
import { bookletMessages } from './booklet.messages.ts';

// GET /r/guide/:district/booklet.pdf: the booklet, made as it is asked for
// (a few pages; the guide's content changes), in the page's language.

export const bookletPath = (district: string) => `/r/guide/${district}/booklet.pdf`;

export const bookletRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = guideDepsFrom(appDeps);
  app.get(bookletPath(':district'), {
    schema: { hide: true, params: z.object({ district: z.string().min(1).max(40) }), querystring: z.object({ lang: z.enum(['ko', 'en']).optional() }) },
  }, async (request, reply) => {
    const decision = await hitRateLimits(deps.db, [{ key: `guide-booklet:${request.ip}`, windowSeconds: 600, max: 30 }]);
    if (!decision.allowed) {
      reply.header('retry-after', String(decision.retryAfter));
      return reply.code(429).type('text/plain; charset=utf-8').send(bookletMessages.t(request.locale, 'too_many'));
    }
    const district = await findDistrict(deps.db, request.params.district);
    if (!district) return reply.code(404).type('text/plain; charset=utf-8').send(bookletMessages.t(request.locale, 'district_unknown'));
    const pdf = await bookletPdf(deps, district, request.query.lang ?? request.locale);
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${district.code}-local-tax-booklet-${request.query.lang ?? request.locale}.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });
};
