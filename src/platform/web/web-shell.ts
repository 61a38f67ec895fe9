import type { FastifyRequest } from 'fastify';
import type { Role } from '../auth/roles.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { Html } from './html.ts';

// What the domains add to every page without the layout knowing them: the
// staff menu's entries and fragments at the end of the body (the desk's chat
// widget). The composition root (src/app/web-shell.ts) lists them; the
// server hands them to the layout through the Fastify instance.

export interface ConsoleNavItem {
  href: string;
  label: Record<Locale, string>;
  /** Roles that see the entry; the route itself still checks the role. */
  roles: readonly Role[];
}

/** A piece of HTML rendered on every page (it decides itself where it shows). */
export type PageFragment = (request: FastifyRequest) => Html;

export interface WebShell {
  consoleNav: readonly ConsoleNavItem[];
  bodyEnd: readonly PageFragment[];
}

export const EMPTY_WEB_SHELL: WebShell = { consoleNav: [], bodyEnd: [] };

declare module 'fastify' {
  interface FastifyInstance {
    webShell: WebShell;
  }
}

/** The shell of the server that answers this request (empty for a request built outside a server). */
export function webShellOf(request: FastifyRequest): WebShell {
  return (request.server as { webShell?: WebShell } | undefined)?.webShell ?? EMPTY_WEB_SHELL;
}
