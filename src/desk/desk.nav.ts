import type { ConsoleNavItem, ResidentService } from '../platform/web/web-shell.ts';
import { deskMessages } from './desk.messages.ts';

// The live desk's entry in the staff menu, and its link on the start page.

export const deskNav: ConsoleNavItem = { href: '/console/desk', label: { ko: '상담 창구', en: 'Live desk' }, roles: ['admin', 'tax_official', 'desk_agent'] };

export const deskService: ResidentService = {
  href: '/r/desk',
  title: deskMessages.both('widget_link'),
  description: deskMessages.both('service_description'),
};
