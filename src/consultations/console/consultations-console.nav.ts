import type { ConsoleNavItem } from '../../platform/web/web-shell.ts';
import { BOOKING_ROLES, EXPERT_ROLES } from '../consultations.http.ts';
import { consultationConsoleMessages } from './consultations-console.messages.ts';

// The consultations' entries in the staff menu (src/app/web-shell.ts lists
// them): officials and desk agents reach the bookings, experts their own day.

export const consultationsNav: ConsoleNavItem = {
  href: '/console/consultations',
  label: consultationConsoleMessages.both('nav_consultations'),
  roles: BOOKING_ROLES,
};

export const agendaNav: ConsoleNavItem = {
  href: '/console/consultations/agenda',
  label: consultationConsoleMessages.both('nav_agenda'),
  roles: EXPERT_ROLES,
};
