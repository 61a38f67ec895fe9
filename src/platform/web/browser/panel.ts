// A page shown in a panel (panel mode, src/platform/web/panel.ts: <html
// data-panel>, inside a frame of this site that names its feature's scope):
// 1. A link that leaves the feature opens in the top window (the whole
//    station page is replaced, as a link on the feature's own page would);
//    links within the feature and every form stay inside the panel.
// 2. Escape inside the panel asks the page around it to close the panel
//    (the key never reaches the outer page's dialog by itself), unless a
//    dialog of the page is open: that one closes first.

/** The frame attribute that names the feature's scope: the path of the page the panel opened. */
export const PANEL_SCOPE_ATTRIBUTE = 'data-panel-scope';
/** What the panel posts to the page around it when Escape is pressed inside. */
export const PANEL_ESCAPE_MESSAGE = 'taxstation:panel-escape';

/** A link to `href` stays in the panel whose feature lives at `scope` (same site, at or under that path). */
export function staysInPanel(scope: string, href: string, base: string): boolean {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return false;
  }
  if (url.origin !== new URL(base).origin) return false;
  const root = scope.replace(/\/+$/, '');
  return url.pathname === root || url.pathname.startsWith(`${root}/`);
}

function frameScope(): string | null {
  try {
    return window.frameElement?.getAttribute(PANEL_SCOPE_ATTRIBUTE) ?? null;
  } catch {
    return null;
  }
}

export function panelMode(): void {
  if (!document.documentElement.hasAttribute('data-panel') || window.top === window) return;
  const scope = frameScope();
  document.addEventListener(
    'click',
    (event) => {
      const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('a[href]') : null;
      if (!link || link.hasAttribute('target') || link.hasAttribute('download')) return;
      const href = link.getAttribute('href') ?? '';
      if (href.startsWith('#')) return;
      if (scope === null || !staysInPanel(scope, href, location.href)) link.target = '_top';
    },
    true,
  );
  window.addEventListener('keydown', (event) => {
    // a dialog of the page itself (the desk's chat) closes first, by itself
    if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
    window.parent.postMessage({ type: PANEL_ESCAPE_MESSAGE }, location.origin);
  });
}
