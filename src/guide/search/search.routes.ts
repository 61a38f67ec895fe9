import { z } from 'zod';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { hitRateLimits } from '../../platform/rate-limit/window-counters.ts';
import { html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { guideDepsFrom } from '../guide.deps.ts';
import { searchMessages } from './search.messages.ts';
import { searchGuide } from './search.service.ts';
import { searchPage, searchPath } from './search.view.ts';

// GET /r/guide/:district/search?q=: one search over the district's guide.

export const guideSearchRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = guideDepsFrom(appDeps);
  app.get(searchPath(':district'), {
    schema: { hide: true, params: z.object({ district: z.string().min(1).max(40) }), querystring: z.object({ lang: z.enum(['ko', 'en']).optional(), q: z.string().max(100).optional() }) },
  }, async (request, reply) => {
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    const decision = await hitRateLimits(deps.db, [{ key: `guide-search:${request.ip}`, windowSeconds: 60, max: 60 }]);
    const title = searchMessages.t(request.locale, 'title');
    if (!decision.allowed) {
      reply.header('retry-after', String(decision.retryAfter));
      return reply.code(429).send(renderPage(request, { title, body: html`<h1>${title}</h1><p>${searchMessages.t(request.locale, 'too_many', { seconds: decision.retryAfter })}</p>` }));
    }
    const district = await findDistrict(deps.db, request.params.district);
    if (!district) return reply.code(404).send(renderPage(request, { title, body: html`<h1>${title}</h1><p>${searchMessages.t(request.locale, 'district_unknown')}</p>` }));
    const query = (request.query.q ?? '').trim();
    const results = query ? await searchGuide(deps, district.code, query, request.locale) : null;
    return reply.send(searchPage(request, district, query, results));
  });
};
