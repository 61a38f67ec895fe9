import { TILE_PX } from './presence.frames.ts';

// How big a district's station is: the size of its map (the station's maps
// feature, stationOf: an uploaded map or the default one of 40 × 30 tiles).

export interface StationBounds {
  /** pixels */
  width: number;
  height: number;
  /** the map's zones (their rectangles in pixels), for the zone counts; none: no counts */
  zones?: readonly ZoneRect[];
}

export interface ZoneRect {
  id: string;
  rect: { x: number; y: number; width: number; height: number };
}

/** The zone a position is in (the first of the map's order that holds it), or null. */
export function zoneAt(zones: readonly ZoneRect[], x: number, y: number): string | null {
  for (const z of zones) if (x >= z.rect.x && y >= z.rect.y && x < z.rect.x + z.rect.width && y < z.rect.y + z.rect.height) return z.id;
  return null;
}

/** The default station: 40 × 30 tiles of 32 px. */
export const DEFAULT_STATION_BOUNDS: StationBounds = Object.freeze({ width: 40 * TILE_PX, height: 30 * TILE_PX });

/** A district's map size (in pixels), or null when the district has no station. */
export type StationBoundsOf = (district: string) => Promise<StationBounds | null>;

export const DEFAULT_BOUNDS_OF = (exists: (district: string) => Promise<boolean>): StationBoundsOf => async (district) =>
  (await exists(district)) ? DEFAULT_STATION_BOUNDS : null;

/** A district's map size in pixels and its zones, read through `stationOf` (its station's Tiled map), or null when the district does not exist. */
export const MAP_BOUNDS_OF = (
  exists: (district: string) => Promise<boolean>,
  stationOf: (district: string) => Promise<{ map: { width: number; height: number; tilewidth: number; tileheight: number }; zones: readonly ZoneRect[] }>,
): StationBoundsOf => async (district) => {
  if (!(await exists(district))) return null;
  const { map, zones } = await stationOf(district);
  return { width: map.width * map.tilewidth, height: map.height * map.tileheight, zones: zones.map((z) => ({ id: z.id, rect: z.rect })) };
};

export function inBounds(bounds: StationBounds, x: number, y: number): boolean {
  return x >= 0 && y >= 0 && x <= bounds.width && y <= bounds.height;
}
