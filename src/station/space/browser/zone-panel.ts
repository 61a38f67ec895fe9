import { el } from '../../../platform/web/browser/dom.ts';

// Stand-in for the station's shared zone panel (src/station/panels/browser/
// zone-panel.ts, being built beside this): the same signature, so the space
// swaps to it by changing one import. A modal <dialog> titled with the zone's
// service, the feature's page in an iframe (its embed mode, ?panel=1), a close
// button; Escape closes it too, and focus goes back where it was.

export interface ZonePanelOptions {
  url: string;
  title: string;
  closeLabel: string;
  returnFocus?: HTMLElement | null;
}

export function openZonePanel({ url, title, closeLabel, returnFocus }: ZonePanelOptions): void {
  document.getElementById('zone-panel')?.remove();
  const dialog = el('dialog', { id: 'zone-panel', class: 'zone-panel', 'aria-labelledby': 'zone-panel-title', 'data-url': url });
  const head = el('div', { class: 'zone-panel-head' });
  head.append(el('h2', { id: 'zone-panel-title' }, title));
  const close = el('button', { type: 'button', class: 'button button-secondary', id: 'zone-panel-close' }, closeLabel);
  head.append(close);
  const frameUrl = `${url}${url.includes('?') ? '&' : '?'}panel=1`;
  dialog.append(head, el('iframe', { src: frameUrl, title, class: 'zone-panel-frame' }));
  const back = returnFocus ?? (document.activeElement as HTMLElement | null);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    back?.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}
