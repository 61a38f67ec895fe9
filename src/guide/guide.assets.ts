import type { AssetSources } from '../platform/web/assets.ts';

// The guide's stylesheet (the calendar's month grid), bundled at start and
// loaded by the guide's pages only.

export const guideAssets = {
  'guide-calendar.css': new URL('./calendar/browser/calendar.css', import.meta.url),
} satisfies AssetSources;

declare module '../platform/web/assets.ts' {
  interface AssetNames extends Record<keyof typeof guideAssets, true> {}
}
