import type { ConsoleNavItem } from '../../platform/web/web-shell.ts';
import { PAGES_PATH } from './booths-console.view.ts';

// The guide pages' entry in the staff menu (the composition root lists it in src/app/web-shell.ts).

export const guidePagesNav: ConsoleNavItem = { href: PAGES_PATH, label: { ko: '세무 안내 페이지', en: 'Tax guide pages' }, roles: ['tax_official', 'admin'] };
