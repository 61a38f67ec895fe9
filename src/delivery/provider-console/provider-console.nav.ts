import type { ConsoleNavItem } from '../../platform/web/web-shell.ts';
import { DELIVERY_WRITE_ROLES } from '../delivery.roles.ts';
import { providerConsoleMessages } from './provider-console.messages.ts';

// The providers page's entry in the staff menu (src/app/web-shell.ts lists it).

export const providersNav: ConsoleNavItem = { href: '/console/providers', label: providerConsoleMessages.both('nav_providers'), roles: DELIVERY_WRITE_ROLES };
