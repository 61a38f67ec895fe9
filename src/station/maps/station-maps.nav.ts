import type { ConsoleNavItem } from '../../platform/web/web-shell.ts';
import { CONSOLE_STATION_PATH } from './station-maps.view.ts';

// The station map's entry in the staff menu (the composition root lists it in src/app/web-shell.ts).

export const stationNav: ConsoleNavItem = { href: CONSOLE_STATION_PATH, label: { ko: '가상 세무서', en: 'Virtual station' }, roles: ['tax_official', 'admin'] };
