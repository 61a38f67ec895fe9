import type { Role } from '../platform/auth/roles.ts';
import { CONSOLE_HOME_PATH } from '../platform/web/start-pages.ts';
import { seasonsNav } from '../delivery/seasons/seasons.nav.ts';
import { deskNav } from '../desk/desk.nav.ts';
import { agendaNav } from '../consultations/console/consultations-console.nav.ts';
import { lecturesNav } from '../lectures/videos/videos.nav.ts';

// Where each role lands after signing in (platform/web/start-pages.ts): the
// page of its daily work, one of its staff-menu entries. The administrator
// starts on the console's overview (counts, roll imports, the upload).

export const consoleStartPages: Record<Role, string> = {
  admin: CONSOLE_HOME_PATH,
  tax_official: seasonsNav.href,
  desk_agent: deskNav.href,
  expert: agendaNav.href,
  lecturer: lecturesNav.href,
};
