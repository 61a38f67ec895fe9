import type { FastifyRequest } from 'fastify';
import type { Role } from '../auth/roles.ts';
import type { AppDeps } from '../http/deps.ts';
import type { Bilingual, Locale } from '../i18n/i18n.ts';
import { html, type Html } from './html.ts';

// What the domains add to every page without the layout knowing them: the
// staff menu's entries and fragments at the end of the body (the desk's chat
// widget); and what they offer residents on the public landing page. The
// composition root (src/app/web-shell.ts) lists them; the
// server hands them to the layout through the Fastify instance.

export interface ConsoleNavItem {
  href: string;
  label: Record<Locale, string>;
  /** Roles that see the entry; the route itself still checks the role. */
  roles: readonly Role[];
  /**
   * Shown to an administrator the district holds to setting up two-step
   * verification first (whose other pages all lead there): only such entries,
   * their name and sign-out make the menu then. The route must be open to
   * them too (config.secondFactorEnrolment).
   */
  duringSecondFactorEnrolment?: true;
}

/** A resident service the start page links to: where it is, its name and one sentence of what it does. */
export interface ResidentService {
  href: string;
  title: Bilingual;
  description: Bilingual;
}

/** A piece of HTML rendered on every page (it decides itself where it shows). */
export type PageFragment = (request: FastifyRequest) => Html;

/** A section of the public landing page (a heading and what the domain offers residents; empty to show nothing). */
export type LandingSection = (request: FastifyRequest, deps: AppDeps) => Promise<Html>;

export interface WebShell {
  consoleNav: readonly ConsoleNavItem[];
  /** Entries of the staff menu whose pages also link to one another with a menu of their own (sectionNav). */
  consoleSections: readonly (readonly ConsoleNavItem[])[];
  bodyEnd: readonly PageFragment[];
  /** The services every resident may use, whatever their district, listed first on the landing page. */
  residentServices: readonly ResidentService[];
  /** Sections of the landing page, in this order, after what the service offers. */
  landingSections: readonly LandingSection[];
}

export const EMPTY_WEB_SHELL: WebShell = { consoleNav: [], consoleSections: [], bodyEnd: [], residentServices: [], landingSections: [] };

declare module 'fastify' {
  interface FastifyInstance {
    webShell: WebShell;
  }
}

/** The shell of the server that answers this request (empty for a request built outside a server). */
export function webShellOf(request: FastifyRequest): WebShell {
  return (request.server as { webShell?: WebShell } | undefined)?.webShell ?? EMPTY_WEB_SHELL;
}

/**
 * The menu of the section `current` belongs to (src/app/web-shell.ts groups
 * the entries), `current` marked as this page; nothing when it is in none.
 */
export function sectionNav(request: FastifyRequest, current: ConsoleNavItem): Html {
  const section = webShellOf(request).consoleSections.find((items) => items.some((item) => item.href === current.href));
  if (!section) return html``;
  const locale = request.locale;
  return html`<nav class="dc-subnav" aria-label="${section.map((item) => item.label[locale]).join(' / ')}"><ul>
  ${section.map((item) => html`<li><a href="${item.href}?lang=${locale}"${item.href === current.href ? html` aria-current="page"` : ''}>${item.label[locale]}</a></li>`)}
</ul></nav>`;
}
