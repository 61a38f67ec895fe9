import { PANEL_ESCAPE_MESSAGE, PANEL_SCOPE_ATTRIBUTE } from '../../../platform/web/browser/panel.ts';

// A zone's panel: the feature's own page (in panel mode, without the site's
// header and footer: src/platform/web/panel.ts) in a modal dialog over the
// station. A native <dialog> opened with showModal(): the rest of the page
// is inert while it is open; a titled frame holds the page, whose links
// leaving the feature open in the top window and whose forms work inside.
// Focus moves to the dialog's close button; Escape (also from inside the
// frame, which tells us by a message) and the close button close it; focus
// then returns to `returnFocus` (or to what had it before).
//
// The styles are set here (through the CSSOM, which the site's content
// security policy allows), so a page only imports this module.

export interface ZonePanelOptions {
  /** The feature's page (same site), e.g. what featureUrl() gives; panel mode is asked for here. */
  url: string;
  /** Names the dialog and its frame. */
  title: string;
  /** The close button's text, in the page's language. */
  closeLabel: string;
  /** Where focus goes when the panel closes; by default what had focus when it opened. */
  returnFocus?: HTMLElement;
}

interface OpenPanel {
  dialog: HTMLDialogElement;
  frame: HTMLIFrameElement;
  returnFocus: HTMLElement | null;
}

let open: OpenPanel | null = null;

function panelAddress(url: string): URL {
  const address = new URL(url, location.href);
  address.searchParams.set('panel', '1');
  const lang = document.documentElement.lang;
  if (!address.searchParams.has('lang') && (lang === 'ko' || lang === 'en')) address.searchParams.set('lang', lang);
  return address;
}

function style(node: HTMLElement, properties: Record<string, string>): void {
  for (const [name, value] of Object.entries(properties)) node.style.setProperty(name, value);
}

function build(options: ZonePanelOptions): OpenPanel {
  const address = panelAddress(options.url);
  const dialog = document.createElement('dialog');
  dialog.className = 'zone-panel';
  dialog.id = 'zone-panel';
  dialog.setAttribute('aria-labelledby', 'zone-panel-title');
  style(dialog, {
    padding: '0',
    border: '1px solid #1d1d1d',
    'border-radius': '8px',
    width: 'min(60rem, calc(100vw - 1rem))',
    height: 'min(48rem, calc(100vh - 1rem))',
    'max-width': 'calc(100vw - 1rem)',
    'max-height': 'calc(100vh - 1rem)',
    display: 'flex',
    'flex-direction': 'column',
    overflow: 'hidden',
    background: '#fff',
  });

  const bar = document.createElement('div');
  bar.className = 'zone-panel-bar';
  style(bar, { display: 'flex', 'align-items': 'center', 'justify-content': 'space-between', gap: '1rem', padding: '0.5rem 1rem', 'border-bottom': '1px solid #ccc', 'flex-wrap': 'wrap' });
  const heading = document.createElement('h2');
  heading.id = 'zone-panel-title';
  heading.textContent = options.title;
  style(heading, { margin: '0', 'font-size': '1.25rem' });
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'button button-secondary button-small';
  close.textContent = options.closeLabel;
  close.addEventListener('click', () => closeZonePanel());
  bar.append(heading, close);

  const frame = document.createElement('iframe');
  frame.title = options.title;
  frame.src = address.href;
  frame.setAttribute(PANEL_SCOPE_ATTRIBUTE, address.pathname);
  // the video check tests the camera and microphone in the frame (the page around must delegate them: delegateCameraAndMicrophone)
  frame.setAttribute('allow', 'camera; microphone');
  style(frame, { flex: '1 1 auto', width: '100%', border: '0', 'min-height': '0' });

  dialog.append(bar, frame);
  // Escape on the dialog itself: close through the same path (focus return).
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    closeZonePanel();
  });
  const active = document.activeElement;
  return { dialog, frame, returnFocus: options.returnFocus ?? (active instanceof HTMLElement && active !== document.body ? active : null) };
}

function onMessage(event: MessageEvent): void {
  if (!open || event.origin !== location.origin || event.source !== open.frame.contentWindow) return;
  const data = event.data as { type?: unknown } | null;
  if (data && data.type === PANEL_ESCAPE_MESSAGE) closeZonePanel();
}

/** Opens the feature at `url` in the zone panel (a panel already open is replaced). */
export function openZonePanel(options: ZonePanelOptions): void {
  const previous = open;
  if (previous) {
    previous.dialog.close();
    previous.dialog.remove();
  }
  const panel = build(options);
  if (previous && !options.returnFocus) panel.returnFocus = previous.returnFocus;
  open = panel;
  document.body.append(panel.dialog);
  window.addEventListener('message', onMessage);
  panel.dialog.showModal();
  panel.dialog.querySelector('button')?.focus();
}

/** Closes the zone panel, if one is open, and returns focus. */
export function closeZonePanel(): void {
  const panel = open;
  if (!panel) return;
  open = null;
  window.removeEventListener('message', onMessage);
  panel.dialog.close();
  panel.dialog.remove();
  if (panel.returnFocus && panel.returnFocus.isConnected) panel.returnFocus.focus();
}
