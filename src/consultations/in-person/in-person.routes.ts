import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { consultationDepsFrom } from '../consultations.deps.ts';
import { BOOKING_ROLES, SCHEDULE_ROLES, residentLimits } from '../consultations.http.ts';
import { configureInPersonDay, getInPersonDay, inPersonInput, inPersonView } from './in-person.service.ts';

// The monthly in-person day's JSON API. Its slots are listed and booked
// through the booking routes (consultations.routes.ts: free slots carry
// mode 'in_person' and the answer the place; a booking on them has mode
// 'in_person' and its place); these routes say where, when and who:
//   GET /r/api/consultations/:district/in-person   residents (rate-limited)
//   GET /api/consultations/in-person               staff of the district
//   PUT /api/consultations/in-person               officials set it

const TAGS = ['consultations'];

export const inPersonRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = consultationDepsFrom(appDeps);
  const { reads } = residentLimits(deps);

  app.get('/r/api/consultations/:district/in-person', {
    preHandler: reads,
    schema: {
      tags: TAGS, summary: "The district's in-person consultation day: place, windows, experts and the coming days (404 in_person_not_offered)",
      params: z.object({ district: z.string().min(1).max(40) }), response: { 200: inPersonView },
    },
  }, async (request) => getInPersonDay(deps, request.params.district, { enabledOnly: true }));

  app.get('/api/consultations/in-person', {
    preValidation: guard([...BOOKING_ROLES, 'expert']),
    schema: { tags: TAGS, summary: "The district's in-person day (enabled or paused)", response: { 200: inPersonView } },
  }, async (request) => getInPersonDay(deps, request.staff!.districtCode));

  app.put('/api/consultations/in-person', {
    preValidation: guard(SCHEDULE_ROLES),
    schema: {
      tags: TAGS,
      summary: 'Set the in-person day: place (ko/en name and address), windows (HH:MM) and the experts who serve it; enabled false pauses it (bookings made stay)',
      body: inPersonInput, response: { 200: inPersonView },
    },
  }, async (request) => {
    await configureInPersonDay(deps, request.staff!.districtCode, request.body);
    return getInPersonDay(deps, request.staff!.districtCode);
  });
};
