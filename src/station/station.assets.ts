import type { AssetSources } from '../platform/web/assets.ts';

// The station's browser code (bundled at start): the text mode's meeting part.

export const stationAssets = {
  'station-text.js': new URL('./text-mode/browser/text-mode.ts', import.meta.url),
} satisfies AssetSources;

declare module '../platform/web/assets.ts' {
  interface AssetNames extends Record<keyof typeof stationAssets, true> {}
}
