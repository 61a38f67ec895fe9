import type { ConsoleNavItem } from '../../platform/web/web-shell.ts';
import { dm } from './seasons.messages.ts';

// The delivery console's entries in the staff menu.

export const seasonsNav: ConsoleNavItem = { href: '/console/seasons', label: dm.both('nav_seasons'), roles: ['admin', 'tax_official'] };
export const templatesNav: ConsoleNavItem = { href: '/console/templates', label: dm.both('nav_templates'), roles: ['admin', 'tax_official'] };
