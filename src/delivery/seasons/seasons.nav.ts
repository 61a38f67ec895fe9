import type { ConsoleNavItem } from '../../platform/web/web-shell.ts';
import { DELIVERY_WRITE_ROLES } from '../delivery.roles.ts';
import { seasonMessages } from './seasons.messages.ts';

// The season pages' entry in the staff menu (src/app/web-shell.ts lists it).

export const seasonsNav: ConsoleNavItem = { href: '/console/seasons', label: seasonMessages.both('nav_seasons'), roles: DELIVERY_WRITE_ROLES };
