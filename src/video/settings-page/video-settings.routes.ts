import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { saveVideoSettings, videoSettings } from '../rooms/rooms.service.ts';
import { videoDepsFrom } from '../video.deps.ts';
import { videoSettingsMessages } from './video-settings.messages.ts';
import { VIDEO_SETTINGS_PATH, videoSettingsPage } from './video-settings.view.ts';

// When the district's video rooms open, as a console page: officials and
// experts read it, administrators change it (as PUT /api/video/settings).

const READ_ROLES = ['admin', 'tax_official', 'expert'] as const;
const lang = z.object({ lang: z.enum(['ko', 'en']).optional(), saved: z.literal('1').optional() });

export const videoSettingsRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = videoDepsFrom(appDeps);
  const html = 'text/html; charset=utf-8';

  app.get(VIDEO_SETTINGS_PATH, { schema: { hide: true, querystring: lang }, preValidation: guard(READ_ROLES) }, async (request, reply) => {
    const settings = await videoSettings(deps, request.staff!.districtCode);
    return reply.type(html).send(videoSettingsPage(request, { value: String(settings.openBeforeMinutes), canEdit: request.staff!.role === 'admin', saved: request.query.saved === '1' }));
  });

  app.post(
    VIDEO_SETTINGS_PATH,
    { schema: { hide: true, querystring: lang, body: z.object({ openBeforeMinutes: z.string().max(20).default('') }).passthrough() }, preValidation: guard(['admin']) },
    async (request, reply) => {
      const raw = request.body.openBeforeMinutes.trim();
      const minutes = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
      if (!(minutes >= 0 && minutes <= 60)) {
        const errors = [{ field: 'open-before', message: videoSettingsMessages.t(request.locale, 'open_before_invalid') }];
        return reply.code(400).type(html).send(videoSettingsPage(request, { value: raw, canEdit: true, errors }));
      }
      await saveVideoSettings(deps, request.staff!.districtCode, { openBeforeMinutes: minutes });
      return reply.redirect(`${VIDEO_SETTINGS_PATH}?lang=${request.locale}&saved=1`, 303);
    },
  );
};
