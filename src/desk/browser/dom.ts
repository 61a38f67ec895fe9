// What the desk's two scripts share: the platform's DOM and socket helpers,
// and the reconnect delay.

export { byId, el, onFrames, socketUrl } from '../../platform/web/browser/dom.ts';

/** Reconnect delay after the nth failure in a row: 0.5 s doubling to 8 s. */
export function backoffMs(retry: number): number {
  return 500 * 2 ** (Math.min(retry, 5) - 1);
}
