import { z } from 'zod';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { stationOf } from '../maps/station-maps.repository.ts';
import { unknownDistrictPage } from '../maps/station-maps.view.ts';
import { stationDepsFrom } from '../station.deps.ts';
import { SPACE_MAP_PARAM } from './space.link.ts';
import { spaceConfig, spacePage } from './space.view.ts';

// The station in 2D, for residents (no sign-in):
//   GET /r/station/:district/space[?zone=ID][&lang=ko|en]
// ?zone= (the short links /s/:district/:zone lead here): the visitor starts
// at that zone's centre and its service is offered; a zone the map no longer
// has starts at the entrance and says so. ?map=1 (the text mode's link here)
// is read by the page's script: it forgets a low-bandwidth choice.

const query = z.object({ lang: z.enum(['ko', 'en']).optional(), zone: z.string().max(60).optional(), [SPACE_MAP_PARAM]: z.literal('1').optional() });
const params = z.object({ district: z.string().min(1).max(40) });

export const stationSpaceRoutes: RoutePlugin = async (app, appDeps) => {
  const { db } = stationDepsFrom(appDeps);
  app.get('/r/station/:district/space', { schema: { hide: true, params, querystring: query } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const district = await findDistrict(db, request.params.district);
    if (!district) return reply.code(404).type('text/html; charset=utf-8').send(unknownDistrictPage(request));
    const station = await stationOf(db, district.code);
    const asked = request.query.zone;
    const known = asked !== undefined && station.zones.some((z) => z.id === asked);
    const config = spaceConfig(request.locale, station, { zone: known ? asked! : 'entrance', offer: known });
    return reply.type('text/html; charset=utf-8').send(spacePage(request, { district, station, config, unknownZone: asked !== undefined && !known }));
  });
};
