import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import '../delivery.deps.ts';
import { demoMessages, demoResidents } from './demo-phone.service.ts';
import { demoPhoneMessages } from './demo-phone.messages.ts';
import { demoPhonePage } from './demo-phone.view.ts';

// GET /r/demo/phone: what the demo's residents received. Public like every
// resident page, and only under `serve --demo` with the in-process simulator
// (DeliveryRuntime.demo): anywhere else it is 404, so no real person's
// messages can ever be shown here.

export const demoPhoneRoutes: RoutePlugin = async (app, deps) => {
  app.get(
    '/r/demo/phone',
    {
      schema: {
        hide: true,
        querystring: z.object({ lang: z.enum(['ko', 'en']).optional(), to: z.string().regex(/^[tc][0-9a-f]{1,20}$/).optional(), q: z.string().max(40).optional() }),
        response: { 200: z.string().describe('HTML page') },
      },
    },
    async (request, reply) => {
      if (!deps.delivery?.demo) throw new AppError('not_found', 404, demoPhoneMessages.both('not_demo'));
      const search = request.query.q ?? '';
      const [list, chosen] = await Promise.all([demoResidents(deps, search), request.query.to ? demoMessages(deps, request.query.to) : null]);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(demoPhonePage(request, { search, ...list, chosen }));
    },
  );
};
