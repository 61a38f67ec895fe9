import { ROLES } from '../auth/roles.ts';
import type { ConsoleNavItem } from '../web/web-shell.ts';
import { staffAdminMessages } from './staff-admin.messages.ts';
import { OWN_PASSWORD_PATH, STAFF_CONSOLE_PATH } from './staff-console.view.ts';

export const staffNav: ConsoleNavItem = { href: STAFF_CONSOLE_PATH, label: staffAdminMessages.both('staff_nav'), roles: ['admin'] };
export const ownPasswordNav: ConsoleNavItem = { href: OWN_PASSWORD_PATH, label: staffAdminMessages.both('password_nav'), roles: [...ROLES] };
