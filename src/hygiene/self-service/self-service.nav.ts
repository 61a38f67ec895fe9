import type { ResidentService } from '../../platform/web/web-shell.ts';
import { selfServiceMessages } from './self-service.messages.ts';
import { LINK_PATH } from './update-links.ts';

// The self-service contact update on the start page (src/app/web-shell.ts lists it).

export const contactUpdateService: ResidentService = {
  href: LINK_PATH,
  title: selfServiceMessages.both('service_title'),
  description: selfServiceMessages.both('service_description'),
};
