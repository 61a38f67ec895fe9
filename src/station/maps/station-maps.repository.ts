import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Queryable } from '../../platform/db/database.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { defaultFeature, featureUrl, isFeature, type Feature } from './station-features.ts';
import { validateTiledMap, type MapZone, type TiledMap, type ZoneRect } from './tiled-map.ts';

// The districts' station maps and zone bindings (migration 0027, tables
// station_maps and station_zone_bindings). The only place with their SQL.
// A district without an uploaded map uses the default map and tiles shipped
// in assets/station/ (made by scripts/make-station-tiles.mjs).

const ASSETS = new URL('../../../assets/station/', import.meta.url);
export const DEFAULT_MAP_TEXT = readFileSync(new URL('default-map.json', ASSETS), 'utf8');
export const DEFAULT_TILES = readFileSync(new URL('tiles.png', ASSETS));

export const shortHash = (...parts: (string | Uint8Array)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, 12);
};
const DEFAULT_VERSION = shortHash(DEFAULT_MAP_TEXT, DEFAULT_TILES);

export interface StationZone {
  id: string;
  label: Bilingual;
  /** The zone object's type in the map (e.g. booth); '' when none. */
  kind: string;
  /** In pixels from the map's top left corner. */
  rect: ZoneRect;
  feature: Feature;
  /** The resident page the zone opens, for this district; null when it opens nothing. */
  url: string | null;
}

export interface Station {
  districtCode: string;
  /** The Tiled map, as checked (JSON object); its tileset image is "tiles.png" beside mapUrl. */
  map: TiledMap;
  mapUrl: string;
  tilesUrl: string;
  /** true while the district uses the project's default map */
  isDefault: boolean;
  /** The uploaded file's name; null for the default map. */
  fileName: string | null;
  uploadedAt: Date | null;
  zones: StationZone[];
}

type MapRow = { map_json: string; file_name: string; version: string; uploaded_at: Date; has_tiles: boolean };

/** Checked maps by version: a stored map was checked on upload; this keeps it from being parsed again on every visit. */
const checked = new Map<string, { map: TiledMap; zones: MapZone[] }>();
function checkedMap(version: string, text: string): { map: TiledMap; zones: MapZone[] } {
  const hit = checked.get(version);
  if (hit) return hit;
  const result = validateTiledMap(text);
  // Only a checked map is ever stored: a stored one that fails now means the rules changed under it.
  if (!result.ok) throw new Error(`station map ${version} no longer validates: ${result.problems[0]?.message.en}`);
  if (checked.size >= 64) checked.delete(checked.keys().next().value!);
  const value = { map: result.map, zones: result.zones };
  checked.set(version, value);
  return value;
}

/** The district's uploaded map row, or null when it uses the default map. */
async function mapRow(q: Queryable, districtCode: string): Promise<MapRow | null> {
  const { rows } = await q.query<MapRow>(
    'SELECT map_json, file_name, version, uploaded_at, tiles_png IS NOT NULL AS has_tiles FROM station_maps WHERE district_code = $1',
    [districtCode],
  );
  return rows[0] ?? null;
}

/** The features the district bound to zones, by zone id. */
export async function bindingsOf(q: Queryable, districtCode: string): Promise<Map<string, Feature>> {
  const { rows } = await q.query<{ zone_id: string; feature: string }>('SELECT zone_id, feature FROM station_zone_bindings WHERE district_code = $1', [districtCode]);
  return new Map(rows.filter((r) => isFeature(r.feature)).map((r) => [r.zone_id, r.feature as Feature]));
}

export const stationPath = (district: string) => `/r/station/${encodeURIComponent(district)}`;

/**
 * The district's station: its map (uploaded or default), where the map and
 * its tiles are served, and each zone with its label, rectangle, bound
 * feature (or default) and the resident page that feature opens.
 */
export async function stationOf(q: Queryable, districtCode: string): Promise<Station> {
  const row = await mapRow(q, districtCode);
  const version = row?.version ?? DEFAULT_VERSION;
  const { map, zones } = checkedMap(version, row?.map_json ?? DEFAULT_MAP_TEXT);
  const bound = await bindingsOf(q, districtCode);
  const base = stationPath(districtCode);
  return {
    districtCode,
    map,
    mapUrl: `${base}/map.json?v=${version}`,
    tilesUrl: `${base}/tiles.png?v=${version}`,
    isDefault: row === null,
    fileName: row?.file_name ?? null,
    uploadedAt: row ? new Date(row.uploaded_at) : null,
    zones: zones.map((z) => {
      const feature = bound.get(z.id) ?? defaultFeature(z);
      return { ...z, feature, url: featureUrl(feature, districtCode) };
    }),
  };
}

/** The map file the district's station uses, as stored (or the default), with its version. */
export async function mapFileOf(q: Queryable, districtCode: string): Promise<{ text: string; version: string }> {
  const row = await mapRow(q, districtCode);
  return row ? { text: row.map_json, version: row.version } : { text: DEFAULT_MAP_TEXT, version: DEFAULT_VERSION };
}

/** The tileset image the district's station uses: the uploaded PNG or the default tiles. */
export async function tilesOf(q: Queryable, districtCode: string): Promise<{ png: Buffer; version: string }> {
  const { rows } = await q.query<{ tiles_png: Uint8Array | null; version: string }>('SELECT tiles_png, version FROM station_maps WHERE district_code = $1', [districtCode]);
  const row = rows[0];
  if (!row) return { png: DEFAULT_TILES, version: DEFAULT_VERSION };
  return { png: row.tiles_png ? Buffer.from(row.tiles_png) : DEFAULT_TILES, version: row.version };
}

/** Stores (or replaces) the district's uploaded map; only a map that passed validateTiledMap may come here. */
export async function saveMap(
  q: Queryable,
  districtCode: string,
  m: { text: string; fileName: string; tiles: Buffer | null; staffId: number },
): Promise<string> {
  const version = shortHash(m.text, m.tiles ?? DEFAULT_TILES);
  await q.query(
    `INSERT INTO station_maps (district_code, map_json, file_name, tiles_png, version, uploaded_by, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT (district_code) DO UPDATE
        SET map_json = EXCLUDED.map_json, file_name = EXCLUDED.file_name, tiles_png = EXCLUDED.tiles_png,
            version = EXCLUDED.version, uploaded_by = EXCLUDED.uploaded_by, uploaded_at = EXCLUDED.uploaded_at`,
    [districtCode, m.text, m.fileName, m.tiles, version, m.staffId],
  );
  return version;
}

/** Removes the district's uploaded map (back to the default); whether there was one. */
export async function deleteMap(q: Queryable, districtCode: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM station_maps WHERE district_code = $1', [districtCode]);
  return rowCount > 0;
}

/** Sets the features of these zones. */
export async function saveBindings(q: Queryable, districtCode: string, bindings: readonly { zoneId: string; feature: Feature }[], staffId: number): Promise<void> {
  for (const b of bindings) {
    await q.query(
      `INSERT INTO station_zone_bindings (district_code, zone_id, feature, updated_by, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (district_code, zone_id) DO UPDATE SET feature = EXCLUDED.feature, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [districtCode, b.zoneId, b.feature, staffId],
    );
  }
}

/** Removes the bindings of zones the district's map no longer has; the ids removed. */
export async function pruneBindings(q: Queryable, districtCode: string, keepZoneIds: readonly string[]): Promise<string[]> {
  const { rows } = await q.query<{ zone_id: string }>(
    'DELETE FROM station_zone_bindings WHERE district_code = $1 AND NOT (zone_id = ANY($2::text[])) RETURNING zone_id',
    [districtCode, [...keepZoneIds]],
  );
  return rows.map((r) => r.zone_id).sort();
}
