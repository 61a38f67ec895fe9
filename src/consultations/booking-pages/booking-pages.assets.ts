import type { AssetSources } from '../../platform/web/assets.ts';

// The booking pages' stylesheet (browser/booking-pages.css), bundled at start
// (src/platform/web/assets.ts) and loaded by those pages only.

export const bookingPageAssets = {
  'consultation-booking.css': new URL('./browser/booking-pages.css', import.meta.url),
} satisfies AssetSources;

declare module '../../platform/web/assets.ts' {
  interface AssetNames extends Record<keyof typeof bookingPageAssets, true> {}
}
