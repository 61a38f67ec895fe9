import type { AssetSources } from '../platform/web/assets.ts';

// The video rooms' browser code (src/video/browser/), bundled at start: the
// room (and its "not open yet" page), the pre-call check, and their styles.

export const videoAssets = {
  'video-room.js': new URL('./browser/video-room.ts', import.meta.url),
  'video-check.js': new URL('./browser/video-check.ts', import.meta.url),
  'video-room.css': new URL('./browser/video-room.css', import.meta.url),
} satisfies AssetSources;

declare module '../platform/web/assets.ts' {
  interface AssetNames extends Record<keyof typeof videoAssets, true> {}
}
