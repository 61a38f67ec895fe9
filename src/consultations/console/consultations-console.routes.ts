import type { RoutePlugin } from '../../platform/http/routes.ts';
import { agendaPageRoutes } from './agenda.routes.ts';
import { blockPageRoutes } from './blocks.routes.ts';
import { consoleBookingRoutes } from './bookings.routes.ts';
import { dashboardPageRoutes } from './dashboard.routes.ts';
import { phoneBookingRoutes } from './phone-booking.routes.ts';
import { settingsPageRoutes } from './settings.routes.ts';

// The consultations' staff console under /console/consultations, one module
// for src/app/routes.ts: officials' and desk agents' pages (bookings by day,
// booking by phone, a booking, moving and cancelling it), officials' (the
// residency check, blocked times, figures, settings) and the expert's day.
// Every route checks the role with guard(); the district is the session's.

export const consultationConsoleRoutes: RoutePlugin = async (app, deps) => {
  await consoleBookingRoutes(app, deps);
  await phoneBookingRoutes(app, deps);
  await blockPageRoutes(app, deps);
  await settingsPageRoutes(app, deps);
  await dashboardPageRoutes(app, deps);
  await agendaPageRoutes(app, deps);
};
