import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { saveVideoSettings, videoSettings } from '../rooms/rooms.service.ts';
import { videoDepsFrom } from '../video.deps.ts';
import { VideoRooms } from './signalling.socket.ts';

// WS /r/video/socket: the rooms' signalling. It sits under /r/ because a
// resident enters without signing in; each side proves itself in its join
// frame (the personal link's token, or the expert's session cookie).
// GET/PUT /api/video/settings: when a district's rooms open.

const rooms = new WeakMap<AppDeps, VideoRooms>();

/** This server's video rooms (tests drop their sockets to see the calls recover). */
export function videoRoomsOf(deps: AppDeps): VideoRooms | undefined {
  return rooms.get(deps);
}

const settingsBody = z.object({
  openBeforeMinutes: z.number().int().min(0).max(60).describe('how many minutes before the slot the room opens (0-60)'),
});
const tags = ['video'];

export const signallingRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = videoDepsFrom(appDeps);
  const videoRooms = new VideoRooms(deps);
  rooms.set(appDeps, videoRooms);
  app.addHook('onClose', async () => videoRooms.close());

  app.get('/r/video/socket', { websocket: true, schema: { hide: true } }, (socket, request) => videoRooms.accept(socket, request));

  app.get(
    '/api/video/settings',
    { schema: { tags, summary: "My district's video room settings", response: { 200: settingsBody } }, preValidation: guard(['admin', 'tax_official', 'expert']) },
    async (request) => videoSettings(deps, request.staff!.districtCode),
  );

  app.put(
    '/api/video/settings',
    { schema: { tags, summary: 'Set when the rooms open before the slot', body: settingsBody, response: { 200: settingsBody } }, preValidation: guard(['admin']) },
    async (request) => saveVideoSettings(deps, request.staff!.districtCode, request.body),
  );
};
