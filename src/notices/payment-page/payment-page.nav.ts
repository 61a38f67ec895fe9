import type { ResidentService } from '../../platform/web/web-shell.ts';
import { paymentPageMessages } from './payment-page.messages.ts';

// The payment page's way in on the start page (src/app/web-shell.ts lists it):
// /r/pay asks for the district and the notice number, then the notice's own
// page asks for the code printed on it.

export const PAY_START_PATH = '/r/pay';

export const paymentService: ResidentService = {
  href: PAY_START_PATH,
  title: paymentPageMessages.both('service_title'),
  description: paymentPageMessages.both('service_description'),
};
