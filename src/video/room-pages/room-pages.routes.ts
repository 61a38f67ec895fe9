import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { ROLES } from '../../platform/auth/roles.ts';
import { AppError } from '../../platform/errors.ts';
import { allowCameraAndMicrophone } from '../../platform/http/security.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { expertRoom, iceFor, residentRoom, type RoomEntry } from '../rooms/rooms.service.ts';
import type { IceConfig } from '../signalling/video.frames.ts';
import { videoDepsFrom, type VideoDeps } from '../video.deps.ts';
import { checkPage, CHECK_PATH, closedPage, roomPage, tooEarlyPage } from './room-pages.view.ts';

// The room's pages:
//   GET /r/video/:token             the resident's room (the personal link's token)
//   GET /console/video/:bookingId   the expert's room (signed in; only the booking's own expert)
//   GET /r/video/check              the pre-call check (?room=<token> adds a relay test with that room's credentials)
// A room that is not open yet, is over, or was cancelled gets a page saying
// so, with the office's phone; an unknown link or another person's room a
// refusal page in the page's language.

const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;
const lang = { lang: z.enum(['ko', 'en']).optional() };

function send(reply: FastifyReply, status: number, page: string) {
  allowCameraAndMicrophone(reply);
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}

function checkHref(request: FastifyRequest, token?: string): string {
  return `${CHECK_PATH}?lang=${request.locale}${token ? `&room=${token}` : ''}`;
}

function entryPage(request: FastifyRequest, reply: FastifyReply, entry: RoomEntry, ref: { token?: string; bookingId?: number }) {
  const check = checkHref(request, ref.token);
  switch (entry.access) {
    case 'open':
      return send(reply, 200, roomPage(request, {
        side: entry.side,
        room: ref.token ? { kind: 'resident', token: ref.token } : { kind: 'expert', bookingId: ref.bookingId! },
        info: entry.room,
        checkHref: check,
      }));
    case 'too_early':
      return send(reply, 200, tooEarlyPage(request, { info: entry.room, checkHref: check }));
    case 'ended':
      return send(reply, 410, closedPage(request, 'ended', entry.room));
    case 'cancelled':
      return send(reply, 410, closedPage(request, 'cancelled', entry.room));
  }
}

/** A refusal of the room service as a page (404 unknown, 403 not yours); anything else goes to the central handler. */
function refusalPage(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (error instanceof AppError && error.code === 'room_not_found') return send(reply, 404, closedPage(request, 'not_found'));
  if (error instanceof AppError && error.code === 'not_your_room') return send(reply, 403, closedPage(request, 'refused'));
  throw error;
}

/** The check page's ICE servers: a room's own (with TURN credentials until it ends) for its resident, else STUN only. */
async function checkIce(deps: VideoDeps, request: FastifyRequest, token: string | undefined): Promise<IceConfig | null> {
  if (token && TOKEN.test(token)) {
    try {
      const entry = await residentRoom(deps, token, request.locale);
      if (entry.access === 'open' || entry.access === 'too_early') return iceFor(deps, entry);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  return deps.ice.stunUrls.length ? { iceServers: [{ urls: [...deps.ice.stunUrls] }], iceTransportPolicy: 'all' } : null;
}

export const roomPageRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = videoDepsFrom(appDeps);

  app.get(CHECK_PATH, { schema: { hide: true, querystring: z.object({ ...lang, room: z.string().max(64).optional() }) } }, async (request, reply) =>
    send(reply, 200, checkPage(request, await checkIce(deps, request, request.query.room))),
  );

  app.get('/r/video/:token', { schema: { hide: true, params: z.object({ token: z.string().max(200) }), querystring: z.object(lang) } }, async (request, reply) => {
    const { token } = request.params;
    if (!TOKEN.test(token)) return send(reply, 404, closedPage(request, 'not_found'));
    try {
      return entryPage(request, reply, await residentRoom(deps, token, request.locale), { token });
    } catch (error) {
      return refusalPage(request, reply, error);
    }
  });

  app.get(
    '/console/video/:bookingId',
    { schema: { hide: true, params: z.object({ bookingId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }), querystring: z.object(lang) }, preValidation: guard(ROLES) },
    async (request, reply) => {
      const { bookingId } = request.params;
      try {
        return entryPage(request, reply, await expertRoom(deps, request.staff!, bookingId, request.locale), { bookingId });
      } catch (error) {
        return refusalPage(request, reply, error);
      }
    },
  );
};
