import type { VideoPageConfig, VideoText, VideoTextKey } from './page-config.ts';

// Small DOM helpers the room's scripts share. Text from the other side and
// from the page only ever goes in through textContent.

/** A new element with attributes and, when given, its text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** An element the page renders; missing means the page and the script disagree. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing`);
  return node as T;
}

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

/** ws:// or wss:// to a path of this site. */
export function socketUrl(path: string): string {
  return `${location.protocol === 'https:' ? 'wss://' : 'ws://'}${location.host}${path}`;
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
