import type { WebShell } from '../platform/web/web-shell.ts';
import { seasonsNav } from '../delivery/seasons/seasons.nav.ts';
import { providersNav } from '../delivery/provider-console/provider-console.nav.ts';
import { templatesNav } from '../notices/templates/templates.nav.ts';
import { campaignsNav, riskListNav } from '../hygiene/hygiene.nav.ts';
import { taxpayersNav } from '../hygiene/taxpayer-record/taxpayers.nav.ts';
import { deskNav, deskService } from '../desk/desk.nav.ts';
import { agendaNav, consultationsNav } from '../consultations/console/consultations-console.nav.ts';
import { deskWidget } from '../desk/desk.assets.ts';
import { consultationLanding } from '../consultations/booking-pages/booking-pages.landing.ts';
import { boardLanding, boardNav } from '../lectures/board/board.nav.ts';
import { lecturesNav, lecturesService } from '../lectures/videos/videos.nav.ts';
import { calendarNav, guideLanding, refundGuideService, refundsNav } from '../guide/hub/hub.nav.ts';
import { guidePagesNav } from '../guide/booths/booths.nav.ts';
import { stationLanding, stationNav } from '../station/maps/station-maps.nav.ts';
import { contactUpdateService } from '../hygiene/self-service/self-service.nav.ts';
import { paymentService } from '../notices/payment-page/payment-page.nav.ts';
import { ownPasswordNav, staffNav } from '../platform/staff-admin/staff-console.nav.ts';
import { districtSettingsNav } from '../platform/district-settings/district-settings.nav.ts';
import { secondFactorNav } from '../platform/auth/totp/totp.nav.ts';

// What every page carries from the domains: the staff menu, in this order,
// and the desk's chat widget at the end of the body; and the landing page's
// links to every resident service (a test follows each one) and its sections:
// where residents book a consultation, each district's local-tax guide and
// calendar, its virtual station, and the question boards.

export const webShell: WebShell = {
  consoleNav: [seasonsNav, templatesNav, providersNav, riskListNav, campaignsNav, taxpayersNav, deskNav, consultationsNav, agendaNav, refundsNav, calendarNav, guidePagesNav, lecturesNav, boardNav, stationNav, staffNav, districtSettingsNav, ownPasswordNav, secondFactorNav],
  // Sending notices: the seasons and the templates link to each other.
  consoleSections: [[seasonsNav, templatesNav, providersNav]],
  bodyEnd: [deskWidget],
  // The start page: what every resident may use, then each district's consultations, guide, station and question board.
  residentServices: [contactUpdateService, paymentService, refundGuideService, deskService, lecturesService],
  landingSections: [consultationLanding, guideLanding, stationLanding, boardLanding],
};
