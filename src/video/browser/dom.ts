import { byId } from '../../platform/web/browser/dom.ts';
import type { VideoPageConfig, VideoText, VideoTextKey } from './page-config.ts';

export { byId, el, onFrames, socketUrl } from '../../platform/web/browser/dom.ts';

// Small DOM helpers the room's scripts share. Text from the other side and
// from the page only ever goes in through textContent.

/** The element when the page has it (expert-only controls, for instance). */
export function maybeId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

/** The JSON block the server rendered for the script. */
export function readConfig<T extends VideoPageConfig>(): T {
  return JSON.parse(byId('video-config').textContent ?? '{}') as T;
}

/** A word of the page, with {name} filled in. */
export function say(text: VideoText, key: VideoTextKey, vars: Record<string, string | number> = {}): string {
  return text[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A random id for this page (a reload makes a new one): 22 URL-safe characters. */
export function newPeerId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Sets a toggle button's state (its label stays: "Mute microphone", pressed or not). */
export function setPressed(button: HTMLButtonElement, pressed: boolean): void {
  button.setAttribute('aria-pressed', String(pressed));
}
