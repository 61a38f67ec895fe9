import { TILE_PX } from './presence.frames.ts';

// How big a district's station is: the size of its map (the station's maps
// feature, stationOf: an uploaded map or the default one of 40 × 30 tiles).

export interface StationBounds {
  /** pixels */
  width: number;
  height: number;
}

/** The default station: 40 × 30 tiles of 32 px. */
export const DEFAULT_STATION_BOUNDS: StationBounds = Object.freeze({ width: 40 * TILE_PX, height: 30 * TILE_PX });

/** A district's map size (in pixels), or null when the district has no station. */
export type StationBoundsOf = (district: string) => Promise<StationBounds | null>;

export const DEFAULT_BOUNDS_OF = (exists: (district: string) => Promise<boolean>): StationBoundsOf => async (district) =>
  (await exists(district)) ? DEFAULT_STATION_BOUNDS : null;

/** A district's map size in pixels, read through `mapOf` (its station's Tiled map), or null when the district does not exist. */
export const MAP_BOUNDS_OF = (
  exists: (district: string) => Promise<boolean>,
  mapOf: (district: string) => Promise<{ width: number; height: number; tilewidth: number; tileheight: number }>,
): StationBoundsOf => async (district) => {
  if (!(await exists(district))) return null;
  const map = await mapOf(district);
  return { width: map.width * map.tilewidth, height: map.height * map.tileheight };
};

export function inBounds(bounds: StationBounds, x: number, y: number): boolean {
  return x >= 0 && y >= 0 && x <= bounds.width && y <= bounds.height;
}
