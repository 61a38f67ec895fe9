import type { AssetSources } from '../../platform/web/assets.ts';

// The lecture room's browser code (browser/), bundled at start: the player
// (chapters and questions that seek, view and completion counts) and the
// console's upload with progress; one stylesheet for both.

export const lectureAssets = {
  'lecture-player.js': new URL('./browser/lecture-player.ts', import.meta.url),
  'lecture-upload.js': new URL('./browser/lecture-upload.ts', import.meta.url),
  'lectures.css': new URL('./browser/lectures.css', import.meta.url),
} satisfies AssetSources;

declare module '../../platform/web/assets.ts' {
  interface AssetNames extends Record<keyof typeof lectureAssets, true> {}
}
