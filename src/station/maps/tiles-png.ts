import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { tilesPngMessages } from './station-maps.messages.ts';

// An uploaded tileset image: a PNG by its signature and header (IHDR), no
// larger than TILES_MAX_BYTES and TILES_MAX_SIDE pixels a side, and exactly
// the size the map's tileset says (imagewidth × imageheight), so the tiles
// the map names are where it expects them. The image is not decoded here:
// the browser draws it; the checks keep a wrong or oversized file out.

export const TILES_MAX_BYTES = 2 * 1024 * 1024;
export const TILES_MAX_SIDE = 4096;
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type TilesCheck = { ok: true; width: number; height: number } | { ok: false; code: 'tiles_not_png' | 'tiles_too_large' | 'tiles_wrong_size'; message: Bilingual };

/** The PNG's size from its header, or null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 33 || !b.subarray(0, 8).equals(SIGNATURE) || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

export function checkTilesPng(bytes: Uint8Array, expected: { width: number; height: number }): TilesCheck {
  const m = tilesPngMessages;
  if (bytes.byteLength > TILES_MAX_BYTES) return { ok: false, code: 'tiles_too_large', message: m.both('tiles_too_large', { max: TILES_MAX_BYTES / 1024 / 1024 }) };
  const size = pngSize(bytes);
  if (!size) return { ok: false, code: 'tiles_not_png', message: m.both('tiles_not_png') };
  if (size.width > TILES_MAX_SIDE || size.height > TILES_MAX_SIDE) return { ok: false, code: 'tiles_too_large', message: m.both('tiles_too_large', { max: TILES_MAX_BYTES / 1024 / 1024 }) };
  if (size.width !== expected.width || size.height !== expected.height) {
    return { ok: false, code: 'tiles_wrong_size', message: m.both('tiles_wrong_size', { actual: `${size.width}×${size.height}`, expected: `${expected.width}×${expected.height}` }) };
  }
  return { ok: true, ...size };
}
