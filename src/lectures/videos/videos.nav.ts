import type { ConsoleNavItem } from '../../platform/web/web-shell.ts';

// The lecture videos' entry in the staff menu (listed in src/app/web-shell.ts).

export const lecturesNav: ConsoleNavItem = { href: '/console/lectures', label: { ko: '강의 영상', en: 'Lecture videos' }, roles: ['admin', 'tax_official', 'lecturer'] };
