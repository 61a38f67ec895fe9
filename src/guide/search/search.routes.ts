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
      return reply.code(429).send(renderPage(request, { title, body: html`<h1>${title}</h1><p>${request.locale === 'ko' ? `검색이 너무 많습니다. ${decision.retryAfter}초 뒤에 다시 시도하세요.` : `Too many searches. Try again in ${decision.retryAfter} seconds.`}</p>` }));
    }
    const district = await findDistrict(deps.db, request.params.district);
    if (!district) return reply.code(404).send(renderPage(request, { title, body: html`<h1>${title}</h1><p>${request.locale === 'ko' ? '그런 구는 없습니다.' : 'There is no such district.'}</p>` }));
    const query = (request.query.q ?? '').trim();
    const results = query ? await searchGuide(deps, district.code, query, request.locale) : null;
    return reply.send(searchPage(request, district, query, results));
  });
};
