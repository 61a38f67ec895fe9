import type { ConsoleNavItem } from '../../platform/web/web-shell.ts';

// The taxpayer search's entry in the staff menu (the taxpayer's record: contacts, risk reasons, delivery history).

export const taxpayersNav: ConsoleNavItem = { href: '/console/taxpayers', label: { ko: '납세자 찾기', en: 'Find a taxpayer' }, roles: ['admin', 'tax_official', 'desk_agent'] };
