import type { RoutePlugin } from '../platform/http/routes.ts';
import { healthRoutes } from '../platform/http/health.routes.ts';
import { assetRoutes } from '../platform/web/assets.ts';
import { authRoutes } from '../platform/auth/auth.routes.ts';
import { landingRoutes } from '../platform/web/landing.routes.ts';
import { consoleHomeRoutes } from '../dashboard/console-home/console-home.routes.ts';
import { rollImportRoutes } from '../notices/roll/roll-import.routes.ts';
import { paymentPageRoutes } from '../notices/payment-page/payment-page.routes.ts';
import { deliveryRoutes } from '../delivery/delivery.routes.ts';
import { deliveryApiRoutes } from '../delivery/seasons/seasons.api.routes.ts';
import { deliveryPageRoutes } from '../delivery/seasons/seasons.pages.routes.ts';
import { hygieneRoutes } from '../hygiene/risk/risk.routes.ts';
import { updateCampaignRoutes } from '../hygiene/campaigns/campaigns.routes.ts';
import { taxpayersConsoleRoutes } from '../hygiene/taxpayer-record/taxpayers-console.routes.ts';
import { messengerRoutes } from '../desk/messenger/messenger.routes.ts';
import { deskExtrasRoutes } from '../desk/extras/extras.routes.ts';
import { deskConsolePageRoutes } from '../desk/extras/console-pages.routes.ts';
import { offlineFormRoutes } from '../desk/offline-messages/offline-form.routes.ts';
import { deskRoutes } from '../desk/live-chat/live-chat.routes.ts';
import { guideRoutes } from '../guide/guide.routes.ts';
import { consultationRoutes } from '../consultations/consultations.routes.ts';

// Every route module of the application, registered from this one list, each
// in its own scope (src/platform/http/routes.ts says what a module must do).
// A new domain adds its import and one entry here.

export const routeModules: readonly RoutePlugin[] = [
  healthRoutes,
  assetRoutes,
  authRoutes,
  landingRoutes,
  consoleHomeRoutes,
  rollImportRoutes,
  paymentPageRoutes,
  deliveryRoutes,
  deliveryApiRoutes,
  deliveryPageRoutes,
  hygieneRoutes,
  updateCampaignRoutes,
  taxpayersConsoleRoutes,
  messengerRoutes,
  deskExtrasRoutes,
  deskConsolePageRoutes,
  offlineFormRoutes,
  deskRoutes,
  guideRoutes,
  consultationRoutes,
];
