import type { RoutePlugin } from '../platform/http/routes.ts';
import { healthRoutes } from '../platform/http/health.routes.ts';
import { metricsRoutes } from '../platform/metrics/metrics.routes.ts';
import { deliveryQueueMetrics } from '../delivery/queue/queue.metrics.ts';
import { authRoutes } from '../platform/auth/auth.routes.ts';
import { setupRoutes } from '../platform/staff-admin/setup.routes.ts';
import { staffConsoleRoutes } from '../platform/staff-admin/staff-console.routes.ts';
import { secondFactorRoutes } from '../platform/auth/totp/totp.routes.ts';
import { staffSetupLinkMailer } from '../delivery/queue/staff-setup-link-message.ts';
import { districtSettingsRoutes } from '../platform/district-settings/district-settings.routes.ts';
import { districtSettingsSections } from './district-settings.ts';
import { landingRoutes } from '../platform/web/landing.routes.ts';
import { consoleHomeRoutes } from '../dashboard/console-home/console-home.routes.ts';
import { rollImportRoutes } from '../notices/roll/roll-import.routes.ts';
import { paymentPageRoutes } from '../notices/payment-page/payment-page.routes.ts';
import { paymentRoutes } from '../notices/payments/payments.routes.ts';
import { templateApiRoutes } from '../notices/templates/templates.api.routes.ts';
import { templatePageRoutes } from '../notices/templates/templates.pages.routes.ts';
import { deliveryRoutes } from '../delivery/delivery.routes.ts';
import { paymentEffects } from '../delivery/queue/queue.ts';
import { seasonApiRoutes } from '../delivery/seasons/seasons.api.routes.ts';
import { seasonPageRoutes } from '../delivery/seasons/seasons.pages.routes.ts';
import { providerConsoleRoutes } from '../delivery/provider-console/provider-console.routes.ts';
import { messageApiRoutes } from '../delivery/messages/messages.api.routes.ts';
import { messagePageRoutes } from '../delivery/messages/messages.pages.routes.ts';
import { demoPhoneRoutes } from '../delivery/demo-phone/demo-phone.routes.ts';
import { paperBatchApiRoutes } from '../delivery/paper/paper-batches.api.routes.ts';
import { noticeStatusRoutes } from '../delivery/notice-status/notice-status.routes.ts';
import { hygieneRoutes } from '../hygiene/risk/risk.routes.ts';
import { updateCampaignRoutes } from '../hygiene/campaigns/campaigns.routes.ts';
import { taxpayersConsoleRoutes } from '../hygiene/taxpayer-record/taxpayers-console.routes.ts';
import { taxpayerExportRoutes } from '../platform/data-export/data-export.routes.ts';
import { taxpayerExportRegistry } from './taxpayer-export.ts';
import { liveChatRoutes } from '../desk/live-chat/live-chat.routes.ts';
import { attachmentRoutes } from '../desk/attachments/attachments.routes.ts';
import { messengerRoutes } from '../desk/messenger/messenger.routes.ts';
import { cannedAnswerRoutes } from '../desk/canned-answers/canned-answers.routes.ts';
import { contactRequestRoutes } from '../desk/contact-requests/contact-requests.routes.ts';
import { offlineFormRoutes } from '../desk/offline-messages/offline-form.routes.ts';
import { offlineMessageRoutes } from '../desk/offline-messages/offline-messages.routes.ts';
import { satisfactionRoutes } from '../desk/satisfaction/satisfaction.routes.ts';
import { transcriptRoutes } from '../desk/transcripts/transcripts.routes.ts';
import { deskDashboardRoutes } from '../desk/dashboard/dashboard.routes.ts';
import { guideRoutes } from '../guide/guide.routes.ts';
import { calendarRoutes } from '../guide/calendar/calendar.routes.ts';
import { calendarConsoleRoutes } from '../guide/calendar/calendar-console.routes.ts';
import { boothRoutes } from '../guide/booths/booths.routes.ts';
import { refundApplicationRoutes } from '../guide/refund-applications/refund.routes.ts';
import { guideHubRoutes } from '../guide/hub/hub.routes.ts';
import { guideSearchRoutes } from '../guide/search/search.routes.ts';
import { bookletRoutes } from '../guide/booklet/booklet.routes.ts';
import { consultationRoutes } from '../consultations/consultations.routes.ts';
import { consultationConsoleRoutes } from '../consultations/console/consultations-console.routes.ts';
import { bookingPageRoutes } from '../consultations/booking-pages/booking-pages.routes.ts';
import { inPersonRoutes } from '../consultations/in-person/in-person.routes.ts';
import { sessionRoutes } from '../consultations/sessions/sessions.routes.ts';
import { sessionPageRoutes } from '../consultations/session-pages/session-pages.routes.ts';
import { sessionsConsoleRoutes } from '../consultations/sessions-console/sessions-console.routes.ts';
import { signallingRoutes } from '../video/signalling/signalling.routes.ts';
import { roomPageRoutes } from '../video/room-pages/room-pages.routes.ts';
import { videoSettingsRoutes } from '../video/settings-page/video-settings.routes.ts';
import { lectureVideoRoutes } from '../lectures/videos/videos.routes.ts';
import { boardRoutes } from '../lectures/board/board.routes.ts';
import { stationMapRoutes } from '../station/maps/station-maps.routes.ts';
import { stationPresenceRoutes } from '../station/presence/presence.routes.ts';
import { stationSpaceRoutes } from '../station/space/space.routes.ts';

// Every route module of the application, registered from this one list, each
// in its own scope (src/platform/http/routes.ts says what a module must do).
// A new domain adds its import and one entry here.

export const routeModules: readonly RoutePlugin[] = [
  healthRoutes,
  metricsRoutes,
  deliveryQueueMetrics, // the queue's gauges on /metrics
  authRoutes,
  setupRoutes,
  staffConsoleRoutes(staffSetupLinkMailer), // platform's port SetupLinkMailer, delivery's implementation: invitations and resets e-mail the set-up link
  districtSettingsRoutes(districtSettingsSections), // the settings page, made of the sections app/district-settings.ts lists from each domain
  secondFactorRoutes, // the sign-in's code step and everyone's own two-step verification page
  landingRoutes,
  consoleHomeRoutes,
  rollImportRoutes,
  paymentPageRoutes,
  deliveryRoutes,
  // the staff console and API of seasons, messages, paper batches, payments, notices and templates
  seasonApiRoutes,
  messageApiRoutes,
  paperBatchApiRoutes,
  paymentRoutes(paymentEffects), // notices' port PaymentEffects, delivery's implementation: a payment withdraws what is still to be sent
  noticeStatusRoutes,
  templateApiRoutes,
  seasonPageRoutes,
  providerConsoleRoutes,
  messagePageRoutes,
  demoPhoneRoutes,
  templatePageRoutes,
  hygieneRoutes,
  updateCampaignRoutes,
  taxpayersConsoleRoutes,
  taxpayerExportRoutes(taxpayerExportRegistry), // one taxpayer's data on request, JSON and PDF, from the sections app/taxpayer-export.ts lists
  liveChatRoutes,
  attachmentRoutes,
  messengerRoutes,
  cannedAnswerRoutes,
  contactRequestRoutes,
  offlineFormRoutes,
  offlineMessageRoutes,
  satisfactionRoutes,
  transcriptRoutes,
  deskDashboardRoutes,
  guideRoutes,
  calendarRoutes,
  calendarConsoleRoutes,
  boothRoutes,
  refundApplicationRoutes,
  guideHubRoutes,
  guideSearchRoutes,
  bookletRoutes,
  consultationRoutes,
  consultationConsoleRoutes,
  bookingPageRoutes,
  inPersonRoutes,
  sessionRoutes,
  sessionPageRoutes,
  sessionsConsoleRoutes,
  signallingRoutes,
  roomPageRoutes,
  videoSettingsRoutes,
  lectureVideoRoutes,
  boardRoutes,
  stationMapRoutes,
  stationPresenceRoutes,
  stationSpaceRoutes,
];
