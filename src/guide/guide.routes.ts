import type { RoutePlugin } from '../platform/http/routes.ts';
import { REFUND_GUIDE_PATH, refundGuidePage } from './refund/refund-guide.page.ts';

// Resident pages of the local-tax guide (under /r/, open to everyone).

export const guideRoutes: RoutePlugin = async (app) => {
  app.get(REFUND_GUIDE_PATH, { schema: { hide: true } }, async (request, reply) => reply.type('text/html; charset=utf-8').send(refundGuidePage(request)));
};
