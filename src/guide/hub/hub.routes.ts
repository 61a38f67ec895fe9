import { z } from 'zod';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { hubMessages } from './hub.messages.ts';
import { hubPage } from './hub.view.ts';

// GET /r/guide/:district: the district's guide, open to everyone.

export const guideHubRoutes: RoutePlugin = async (app, deps) => {
  app.get('/r/guide/:district', {
    schema: { hide: true, params: z.object({ district: z.string().min(1).max(40) }), querystring: z.object({ lang: z.enum(['ko', 'en']).optional() }) },
  }, async (request, reply) => {
    const district = await findDistrict(deps.db, request.params.district);
    reply.type('text/html; charset=utf-8');
    if (!district) {
      const title = hubMessages.t(request.locale, 'landing_title');
      return reply.code(404).send(renderPage(request, { title, body: html`<h1>${title}</h1><p>${hubMessages.t(request.locale, 'district_unknown')}</p>` }));
    }
    return reply.send(hubPage(request, district));
  });
};
