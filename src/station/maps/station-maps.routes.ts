import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CSRF_FIELD, csrfError, guard, verifyCsrf } from '../../platform/auth/auth.guard.ts';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { delegateCameraAndMicrophone } from '../../platform/http/security.ts';
import { stationDepsFrom } from '../station.deps.ts';
import { stationMapsMessages, tilesPngMessages } from './station-maps.messages.ts';
import { mapFileOf, stationOf, tilesOf } from './station-maps.repository.ts';
import { BindingRefusedError, bindZones, MapRefusedError, resetMap, uploadMap } from './station-maps.service.ts';
import { CONSOLE_STATION_PATH, consoleStationPage, textModePage, unknownDistrictPage, type ConsolePageState } from './station-maps.view.ts';
import { qrPng, qrSvg, shortUrl } from './station-qr.ts';
import { MAP_MAX_BYTES, mapTooLarge, ZONE_ID, ZONE_ID_MAX } from './tiled-map.ts';
import { TILES_MAX_BYTES } from './tiles-png.ts';

// The station's maps over HTTP.
//   Console (admin, tax_official; the session's own district):
//     GET  /console/station                 zones and bindings, upload, reset, short links with QR codes
//     POST /console/station/bindings        form: _csrf, zone.<zone id> = feature (one per zone)
//     POST /console/station/map             multipart: _csrf first, then the file "map" (Tiled JSON) and optionally "tiles" (PNG)
//     POST /console/station/reset           back to the default map
//   Residents (no sign-in):
//     GET /r/station/:district              the text mode: every zone as a link to its feature; ?zone= marks and focuses one
//     GET /r/station/:district/map.json     the district's Tiled map; its tileset image "tiles.png" is beside it
//     GET /r/station/:district/tiles.png    the tileset image
//     GET /s/:district[/:zone]              short links: redirect to the 2D space /r/station/:district/space[?zone=…] (the text mode is one link away)
//     GET /s/:district[/:zone]/qr.png|svg   the short link as a QR code, for posters

const ROLES = ['admin', 'tax_official'] as const;
const lang = { lang: z.enum(['ko', 'en']).optional() };
const districtParams = z.object({ district: z.string().min(1).max(40) });
const zoneId = z.string().min(1).max(ZONE_ID_MAX).regex(ZONE_ID);
const zoneParams = districtParams.extend({ zone: zoneId });
const FLASHES = ['bindings_saved', 'map_saved', 'map_reset'] as const;
const HTML = 'text/html; charset=utf-8';

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  reply.header('cache-control', 'no-store');
  return reply.code(status).type(HTML).send(body);
}

type Upload = { map: { bytes: Buffer; fileName: string } | null; tiles: Buffer | null; tooLarge: 'map-file' | 'tiles-file' | null };

/**
 * Reads the upload form: the CSRF field first (the guard deferred it), then
 * the files "map" and "tiles". An empty file input counts as none; a file
 * over its limit is noted, not stored.
 */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  const out: Upload = { map: null, tiles: null, tooLarge: null };
  let csrfChecked = request.csrfDeferred !== true;
  const options = { limits: { fileSize: Math.max(MAP_MAX_BYTES, TILES_MAX_BYTES), files: 2, fields: 4, fieldSize: 1024, parts: 8 }, throwFileSizeLimit: false };
  for await (const part of request.parts(options as Parameters<FastifyRequest['parts']>[0])) {
    if (part.type === 'field') {
      if (part.fieldname === CSRF_FIELD && !csrfChecked) {
        verifyCsrf(request, part.value);
        csrfChecked = true;
        request.csrfDeferred = false;
      }
      continue;
    }
    if (!csrfChecked) {
      part.file.resume();
      throw csrfError();
    }
    const bytes = await part.toBuffer();
    if (!part.filename || bytes.length === 0) continue;
    const field = part.fieldname === 'map' ? 'map-file' : part.fieldname === 'tiles' ? 'tiles-file' : null;
    if (field && part.file.truncated) out.tooLarge ??= field;
    else if (field === 'map-file') out.map = { bytes, fileName: part.filename.slice(0, 200) };
    else if (field === 'tiles-file') out.tiles = bytes;
  }
  if (!csrfChecked) throw csrfError();
  return out;
}

export const stationMapRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = stationDepsFrom(appDeps);
  const { db } = deps;

  // -------------------------------------------------------------- console
  const consolePage = async (request: FastifyRequest, reply: FastifyReply, state: Omit<ConsolePageState, 'station' | 'publicUrl'>, status = 200) => {
    const station = await stationOf(db, request.staff!.districtCode);
    return sendHtml(reply, consoleStationPage(request, { station, publicUrl: deps.publicUrl, ...state }), status);
  };
  const done = (request: FastifyRequest, reply: FastifyReply, flash: (typeof FLASHES)[number]) => reply.redirect(`${CONSOLE_STATION_PATH}?lang=${request.locale}&done=${flash}`, 303);

  app.get(CONSOLE_STATION_PATH, { schema: { hide: true, querystring: z.object({ ...lang, done: z.enum(FLASHES).optional() }) }, preValidation: guard(ROLES) }, (request, reply) =>
    consolePage(request, reply, { flash: request.query.done ?? null }),
  );

  app.post(
    `${CONSOLE_STATION_PATH}/bindings`,
    { schema: { hide: true, querystring: z.object(lang), body: z.record(z.string().max(60), z.string().max(100)) }, preValidation: guard(ROLES) },
    async (request, reply) => {
      const wanted = new Map<string, string>();
      for (const [name, value] of Object.entries(request.body)) if (name.startsWith('zone.')) wanted.set(name.slice(5), value);
      try {
        await bindZones(db, request.staff!, wanted);
      } catch (error) {
        if (!(error instanceof BindingRefusedError)) throw error;
        const message = stationMapsMessages.t(request.locale, 'invalid_binding');
        return consolePage(request, reply, { bindingErrors: new Map(error.zoneIds.map((z) => [z, message])) }, 400);
      }
      return done(request, reply, 'bindings_saved');
    },
  );

  app.post(
    `${CONSOLE_STATION_PATH}/map`,
    { schema: { hide: true, consumes: ['multipart/form-data'], querystring: z.object(lang) }, preValidation: guard(ROLES) },
    async (request, reply) => {
      const locale = request.locale;
      const refused = (errors: ConsolePageState['uploadErrors']) => consolePage(request, reply, { uploadErrors: errors }, 400);
      if (!request.isMultipart()) return refused([{ field: 'map-file', message: stationMapsMessages.t(locale, 'map_required') }]);
      const upload = await readUpload(request);
      if (upload.tooLarge === 'map-file') return refused([{ field: 'map-file', message: mapTooLarge()[locale] }]);
      if (upload.tooLarge === 'tiles-file') return refused([{ field: 'tiles-file', message: tilesPngMessages.t(locale, 'tiles_too_large', { max: TILES_MAX_BYTES / 1024 / 1024 }) }]);
      if (!upload.map) return refused([{ field: 'map-file', message: stationMapsMessages.t(locale, 'map_required') }]);
      try {
        await uploadMap(db, request.staff!, { map: upload.map.bytes, fileName: upload.map.fileName, tiles: upload.tiles });
      } catch (error) {
        if (!(error instanceof MapRefusedError)) throw error;
        return refused(error.reasons.map((r) => ({ field: r.field, message: r.message[locale] })));
      }
      return done(request, reply, 'map_saved');
    },
  );

  app.post(`${CONSOLE_STATION_PATH}/reset`, { schema: { hide: true, querystring: z.object(lang) }, preValidation: guard(ROLES) }, async (request, reply) => {
    await resetMap(db, request.staff!);
    return done(request, reply, 'map_reset');
  });

  // ------------------------------------------------------------ residents
  app.get('/r/station/:district', { schema: { hide: true, params: districtParams, querystring: z.object({ ...lang, zone: z.string().max(60).optional() }) } }, async (request, reply) => {
    const district = await findDistrict(db, request.params.district);
    if (!district) return sendHtml(reply, unknownDistrictPage(request), 404);
    const station = await stationOf(db, district.code);
    const asked = request.query.zone;
    const known = asked !== undefined && station.zones.some((z) => z.id === asked);
    // a zone's panel may be the video check, which needs the camera and microphone inside its frame
    delegateCameraAndMicrophone(reply);
    return sendHtml(reply, textModePage(request, { district, station, zone: known ? asked! : asked !== undefined ? 'entrance' : null, unknownZone: asked !== undefined && !known }));
  });

  /** The map file and its tiles, for the station's renderer: cached briefly (their URLs in stationOf carry the version). */
  const files = {
    'map.json': async (district: string) => ({ type: 'application/json; charset=utf-8', ...(await mapFileOf(db, district)) }),
    'tiles.png': async (district: string) => {
      const tiles = await tilesOf(db, district);
      return { type: 'image/png', text: tiles.png, version: tiles.version };
    },
  } as const;
  for (const [name, read] of Object.entries(files)) {
    app.get(`/r/station/:district/${name}`, { schema: { hide: true, params: districtParams } }, async (request, reply) => {
      if (!(await findDistrict(db, request.params.district))) return reply.callNotFound();
      const file = await read(request.params.district);
      const etag = `"${file.version}"`;
      reply.header('cache-control', 'public, max-age=300');
      reply.header('etag', etag);
      // a returning visitor on a slow line gets "not modified" instead of the file again
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type(file.type).send(file.text);
    });
  }

  // ------------------------------------------------- short links and QR codes
  /** The district exists (and the zone is on its map), else 404. */
  const target = async (district: string, zone?: string): Promise<string | null> => {
    if (!(await findDistrict(db, district))) return null;
    if (zone === undefined) return `/r/station/${encodeURIComponent(district)}`;
    const station = await stationOf(db, district);
    return station.zones.some((z) => z.id === zone) ? `/r/station/${encodeURIComponent(district)}?zone=${zone}` : null;
  };
  const notFound = (request: FastifyRequest, reply: FastifyReply) => sendHtml(reply, unknownDistrictPage(request), 404);
  const qr = async (reply: FastifyReply, text: string, kind: 'png' | 'svg') => {
    reply.header('cache-control', 'public, max-age=3600');
    if (kind === 'png') return reply.type('image/png').send(await qrPng(text));
    return reply.type('image/svg+xml; charset=utf-8').send(await qrSvg(text));
  };

  app.get('/s/:district', { schema: { hide: true, params: districtParams } }, async (request, reply) => {
    const to = await target(request.params.district);
    return to ? reply.redirect(`${to}/space`, 302) : notFound(request, reply);
  });
  // A zone the map no longer has still leads into the station (a poster outlives a map): the 2D space says so and starts at the entrance.
  app.get('/s/:district/:zone', { schema: { hide: true, params: zoneParams } }, async (request, reply) => {
    const to = await target(request.params.district);
    return to ? reply.redirect(`${to}/space?zone=${request.params.zone}`, 302) : notFound(request, reply);
  });
  for (const kind of ['png', 'svg'] as const) {
    app.get(`/s/:district/qr.${kind}`, { schema: { hide: true, params: districtParams } }, async (request, reply) => {
      const { district } = request.params;
      return (await target(district)) ? qr(reply, shortUrl(deps.publicUrl, district), kind) : notFound(request, reply);
    });
    app.get(`/s/:district/:zone/qr.${kind}`, { schema: { hide: true, params: zoneParams } }, async (request, reply) => {
      const { district, zone } = request.params;
      return (await target(district, zone)) ? qr(reply, shortUrl(deps.publicUrl, district, zone), kind) : notFound(request, reply);
    });
  }
};
