import { TILE_PX } from './presence.frames.ts';

// How big a district's station is. Until a district's own map is read (the
// station's maps feature: stationOf), every station is the default map's
// size; the maps feature replaces DEFAULT_BOUNDS_OF where presence is built
// (presence.routes.ts).

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

export function inBounds(bounds: StationBounds, x: number, y: number): boolean {
  return x >= 0 && y >= 0 && x <= bounds.width && y <= bounds.height;
}
