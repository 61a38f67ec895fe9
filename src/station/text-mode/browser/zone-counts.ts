import type { TextModeKey } from '../text-mode.messages.ts';

// How many visitors are in each zone (the presence socket's 'zones' frame),
// beside each zone of the text mode's list, and told to screen readers
// without chatter: only zones whose count changed, in one sentence, at most
// once every ANNOUNCE_MS (changes in between wait and are told together);
// the first counts after entering are shown, not read out.

const ANNOUNCE_MS = 5000;

export interface ZoneCounts {
  show(counts: Record<string, number>): void;
  /** Left the station: the counts are gone (nothing announced). */
  clear(): void;
}

export function zoneCounts(say: (key: TextModeKey, vars?: Record<string, string>) => string, labelOf: (zone: string) => string, region: HTMLElement): ZoneCounts {
  let shown: Record<string, number> | null = null;
  /** zones changed since the last announcement, with the count before it */
  const changed = new Map<string, number>();
  let lastAnnounced = -Infinity;
  let timer: number | null = null;

  const words = (n: number) => (n === 0 ? say('zone_count_none') : n === 1 ? say('zone_count_one') : say('zone_count_many', { n: String(n) }));

  function announce(): void {
    timer = null;
    if (!shown) return;
    const now = shown;
    const lines = [...changed].filter(([zone, before]) => (now[zone] ?? 0) !== before).map(([zone]) => say('zone_count_changed', { zone: labelOf(zone), count: words(now[zone] ?? 0) }));
    changed.clear();
    if (lines.length === 0) return;
    lastAnnounced = Date.now();
    region.textContent = lines.join('. ');
  }

  return {
    show(counts) {
      for (const node of document.querySelectorAll<HTMLElement>('[data-zone-count]')) {
        const n = counts[node.dataset.zoneCount ?? ''];
        node.textContent = n === undefined ? '' : ` (${words(n)})`;
      }
      const before = shown;
      shown = counts;
      if (!before) return;
      for (const [zone, n] of Object.entries(counts)) if ((before[zone] ?? 0) !== n && !changed.has(zone)) changed.set(zone, before[zone] ?? 0);
      if (changed.size === 0 || timer !== null) return;
      timer = window.setTimeout(announce, Math.max(0, lastAnnounced + ANNOUNCE_MS - Date.now()));
    },
    clear() {
      shown = null;
      changed.clear();
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
      for (const node of document.querySelectorAll<HTMLElement>('[data-zone-count]')) node.textContent = '';
    },
  };
}
