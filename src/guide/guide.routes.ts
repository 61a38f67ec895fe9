import { listDistricts } from '../platform/districts/districts.repository.ts';
import type { RoutePlugin } from '../platform/http/routes.ts';
import { REFUND_GUIDE_PATH, refundGuidePage } from './refund/refund-guide.page.ts';

// Resident pages of the local-tax guide (under /r/, open to everyone).

export const guideRoutes: RoutePlugin = async (app, deps) => {
  app.get(REFUND_GUIDE_PATH, { schema: { hide: true } }, async (request, reply) => reply.type('text/html; charset=utf-8').send(refundGuidePage(request, await listDistricts(deps.db, 'korean_name'))));
};
