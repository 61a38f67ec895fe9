import type { FastifyRequest } from 'fastify';

// Panel (embed) mode of the resident pages: the same page, its feature's
// own, without the site's header, navigation and footer, for showing inside
// a frame of this site (the station's zone panels). One mechanism for every
// feature: renderPage (layout.ts) leaves the chrome out and the security
// headers let this site, and only this site, frame the page.
//
// A page is in panel mode when it is a resident page (/r/…) and either its
// address says so (?panel=1, what the panel's frame opens) or the browser
// says it navigates a frame (Sec-Fetch-Dest: iframe): the pages a form or a
// link inside the panel leads to, and the redirects after a POST, stay in
// panel mode without every feature carrying the parameter along.

/** The query parameter that asks for panel mode. */
export const PANEL_PARAM = 'panel';

/** This request asks for a resident page in panel mode. */
export function isPanelRequest(request: Pick<FastifyRequest, 'url' | 'headers'>): boolean {
  const url = new URL(request.url, 'http://local');
  if (!url.pathname.startsWith('/r/')) return false;
  return url.searchParams.get(PANEL_PARAM) === '1' || request.headers['sec-fetch-dest'] === 'iframe';
}
