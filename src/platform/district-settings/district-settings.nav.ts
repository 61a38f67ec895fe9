import type { ConsoleNavItem } from '../web/web-shell.ts';
import { districtSettingsMessages } from './district-settings.messages.ts';
import { SETTINGS_PATH } from './district-settings.section.ts';

export const districtSettingsNav: ConsoleNavItem = { href: SETTINGS_PATH, label: districtSettingsMessages.both('nav'), roles: ['admin'] };
