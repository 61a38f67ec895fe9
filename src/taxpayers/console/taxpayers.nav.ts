import type { ConsoleNavItem } from '../../platform/web/web-shell.ts';

// The taxpayer search's entry in the staff menu.

export const taxpayersNav: ConsoleNavItem = { href: '/console/taxpayers', label: { ko: '납세자 찾기', en: 'Find a taxpayer' }, roles: ['admin', 'tax_official', 'desk_agent'] };
