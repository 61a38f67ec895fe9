// What the domains' page scripts share: building elements (user text only
// ever through textContent), finding the page's elements, and JSON frames on
// a WebSocket of this site.

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

/** ws:// or wss:// to a path of this site. */
export function socketUrl(path: string): string {
  return `${location.protocol === 'https:' ? 'wss://' : 'ws://'}${location.host}${path}`;
}

/** Hands each JSON frame the socket receives to `handle`; a frame that is not JSON is dropped. */
export function onFrames<T>(ws: WebSocket, handle: (frame: T) => void): void {
  ws.onmessage = (event: MessageEvent<string>) => {
    let frame: T;
    try {
      frame = JSON.parse(event.data) as T;
    } catch {
      return;
    }
    handle(frame);
  };
}
