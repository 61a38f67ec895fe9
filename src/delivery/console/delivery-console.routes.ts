import type { RoutePlugin } from '../../platform/http/routes.ts';
import { paymentPageRoutes } from '../../notices/payment-page/payment-page.routes.ts';
import { deliveryApiRoutes } from './console.api.routes.ts';
import { deliveryPageRoutes } from './console.pages.routes.ts';

// The delivery console (pages), its API and the residents' payment page,
// registered as one route module.
export const deliveryConsoleRoutes: RoutePlugin = async (app, deps) => {
  await deliveryApiRoutes(app, deps);
  await deliveryPageRoutes(app, deps);
  await paymentPageRoutes(app, deps);
};
