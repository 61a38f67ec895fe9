import type { AssetSources } from '../platform/web/assets.ts';

// The station's browser code (bundled at start): the text mode's meeting
// part; the 2D space's boot script, its engine (Phaser) and its stylesheet.

export const stationAssets = {
  'station-text.js': new URL('./text-mode/browser/text-mode.ts', import.meta.url),
  'station-space-boot.js': new URL('./space/browser/space-boot.ts', import.meta.url),
  'station-space.js': new URL('./space/browser/space.ts', import.meta.url),
  'station-space.css': new URL('./space/browser/space.css', import.meta.url),
} satisfies AssetSources;

declare module '../platform/web/assets.ts' {
  interface AssetNames extends Record<keyof typeof stationAssets, true> {}
}
