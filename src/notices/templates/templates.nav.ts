import type { Role } from '../../platform/auth/roles.ts';
import type { ConsoleNavItem } from '../../platform/web/web-shell.ts';
import { templateMessages } from './templates.messages.ts';

// The templates console's entry in the staff menu (src/app/web-shell.ts lists
// it), and who may use the console and its API.

/** Roles that read and edit the district's templates and the domains their links may go to. */
export const TEMPLATE_EDITOR_ROLES: readonly Role[] = ['admin', 'tax_official'];

export const templatesNav: ConsoleNavItem = { href: '/console/templates', label: templateMessages.both('nav_templates'), roles: TEMPLATE_EDITOR_ROLES };
