import type { RoutePlugin } from '../../platform/http/routes.ts';
import { pageKit } from './booking-pages.http.ts';
import { journeyRoutes } from './journey.routes.ts';
import { personalLinkRoutes } from './personal-link.routes.ts';

// The resident's consultation pages, server-rendered, working without
// script: the booking journey of a district (/r/consultations/:district/…)
// and the personal link's pages (/r/consultations/b/:token, the waiting
// list's /r/consultations/:district/w/:token). They call the booking engine
// directly, through the same functions as the JSON API, under its request
// budgets; cross-site posts are refused by the platform's Origin check, and
// the journey's forms also carry the draft cookie's CSRF token.

export const bookingPageRoutes: RoutePlugin = async (app, deps) => {
  const kit = pageKit(deps);
  journeyRoutes(app, kit);
  personalLinkRoutes(app, kit);
};
