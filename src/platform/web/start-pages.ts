import type { FastifyRequest } from 'fastify';
import type { Role } from '../auth/roles.ts';
import { webShellOf } from './web-shell.ts';

// Where each role starts its work. Signing in (with or without a second
// factor, or by a set-up link) without a page to return to leads to
// CONSOLE_START_PATH, which sends the signed-in person on to their role's
// start page: the desk for a desk agent, the day's consultations for an
// expert, the lectures for a lecturer, the seasons for a tax official. The
// composition root names the pages (app/start-pages.ts); a role it does not
// name starts on the console's overview.

declare module './web-shell.ts' {
  interface WebShell {
    /** Each role's start page after signing in (app/start-pages.ts); CONSOLE_HOME_PATH for a role not listed. */
    startPages?: Partial<Record<Role, string>>;
  }
}

/** The console's overview (the district's counts, roll imports and upload). */
export const CONSOLE_HOME_PATH = '/console';
/** Where signing in leads when there is no page to return to. */
export const CONSOLE_START_PATH = '/console/start';

/** The start page of a role on the server answering this request. */
export function startPageOf(request: FastifyRequest, role: Role): string {
  return webShellOf(request).startPages?.[role] ?? CONSOLE_HOME_PATH;
}
