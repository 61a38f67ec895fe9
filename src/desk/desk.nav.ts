import type { ConsoleNavItem } from '../platform/web/web-shell.ts';

// The live desk's entry in the staff menu.

export const deskNav: ConsoleNavItem = { href: '/console/desk', label: { ko: '상담 창구', en: 'Live desk' }, roles: ['admin', 'tax_official', 'desk_agent'] };
