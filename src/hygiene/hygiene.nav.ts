import type { ConsoleNavItem } from '../platform/web/web-shell.ts';

// Contact hygiene's entries in the staff menu.

export const riskListNav: ConsoleNavItem = { href: '/console/hygiene', label: { ko: '연락처 점검', en: 'Contacts at risk' }, roles: ['admin', 'tax_official'] };
export const campaignsNav: ConsoleNavItem = { href: '/console/campaigns', label: { ko: '연락처 캠페인', en: 'Update campaigns' }, roles: ['admin', 'tax_official'] };
