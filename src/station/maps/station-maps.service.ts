import { recordAudit } from '../../platform/audit/audit.ts';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { isFeature, type Feature } from './station-features.ts';
import { stationMapsMessages } from './station-maps.messages.ts';
import { DEFAULT_MAP_TEXT, DEFAULT_TILES, deleteMap, pruneBindings, saveBindings, saveMap, stationOf } from './station-maps.repository.ts';
import { checkTilesPng, pngSize } from './tiles-png.ts';
import { validateTiledMap, type MapZone } from './tiled-map.ts';

// What officials change about their district's station: upload a map (with
// its tiles), go back to the default map, bind zones to features. Each
// change is one transaction with its audit entry; a refused upload stores
// nothing and says why.

/** A refusal with every reason, in both languages; `field` is the form field it belongs to. */
export class MapRefusedError extends Error {
  readonly code = 'station_map_refused';
  constructor(readonly reasons: readonly { code: string; field: 'map-file' | 'tiles-file'; message: Bilingual }[]) {
    super(`station map refused: ${reasons.map((r) => r.code).join(', ')}`);
  }
}

export class BindingRefusedError extends Error {
  readonly code = 'station_binding_refused';
  constructor(readonly zoneIds: readonly string[]) {
    super(`station binding refused for ${zoneIds.join(', ')}`);
  }
}

const DEFAULT_TILES_SIZE = pngSize(DEFAULT_TILES)!;
const DEFAULT_ZONE_IDS = (() => {
  const check = validateTiledMap(DEFAULT_MAP_TEXT);
  if (!check.ok) throw new Error(`the default station map does not validate: ${check.problems[0]?.message.en}`);
  return check.zones.map((z) => z.id);
})();

const audit = (staff: StaffPrincipal, action: string, reason: string, details: Record<string, unknown>) => ({
  districtCode: staff.districtCode,
  actor: { type: 'staff' as const, id: String(staff.id) },
  action,
  entityType: 'station_map',
  entityId: staff.districtCode,
  reason,
  source: 'official' as const,
  details,
});

/**
 * Checks and stores an uploaded map for the official's district. Without a
 * tiles PNG the map's tileset must be the default tiles' size; with one, the
 * PNG must be the size the tileset names. Bindings of zones the new map does
 * not have are removed. Throws MapRefusedError, having stored nothing.
 */
export async function uploadMap(db: Database, staff: StaffPrincipal, upload: { map: Buffer; fileName: string; tiles: Buffer | null }): Promise<{ zones: MapZone[] }> {
  const check = validateTiledMap(upload.map);
  if (!check.ok) throw new MapRefusedError(check.problems.map((p) => ({ code: p.code, field: 'map-file', message: p.message })));
  const tileset = check.map.tilesets[0]!;
  const size = { width: tileset.imagewidth!, height: tileset.imageheight! };
  if (upload.tiles) {
    const tiles = checkTilesPng(upload.tiles, size);
    if (!tiles.ok) throw new MapRefusedError([{ code: tiles.code, field: 'tiles-file', message: tiles.message }]);
  } else if (size.width !== DEFAULT_TILES_SIZE.width || size.height !== DEFAULT_TILES_SIZE.height) {
    throw new MapRefusedError([{ code: 'tiles_needed', field: 'tiles-file', message: stationMapsMessages.both('tiles_needed', { image: tileset.image!, ...size }) }]);
  }
  const text = upload.map.toString('utf8').replace(/^\uFEFF/, '');
  const zoneIds = check.zones.map((z) => z.id);
  await db.transaction(async (tx) => {
    const version = await saveMap(tx, staff.districtCode, { text, fileName: upload.fileName, tiles: upload.tiles, staffId: staff.id });
    const removed = await pruneBindings(tx, staff.districtCode, zoneIds);
    await recordAudit(
      tx,
      audit(staff, 'station.map_uploaded', 'an official uploaded a station map', { version, zones: zoneIds, ownTiles: upload.tiles !== null, bindingsRemoved: removed, bytes: upload.map.length }),
    );
  });
  return { zones: check.zones };
}

/** Back to the default map: the uploaded one is removed, with the bindings of zones the default map does not have. */
export async function resetMap(db: Database, staff: StaffPrincipal): Promise<void> {
  await db.transaction(async (tx) => {
    const hadMap = await deleteMap(tx, staff.districtCode);
    const removed = await pruneBindings(tx, staff.districtCode, DEFAULT_ZONE_IDS);
    await recordAudit(tx, audit(staff, 'station.map_reset', 'an official went back to the default station map', { hadUploadedMap: hadMap, bindingsRemoved: removed }));
  });
}

/**
 * Binds the zones of the district's current map to features, from the
 * console's form (zone id → feature). Every zone id must be on the map and
 * every feature one of FEATURES; otherwise BindingRefusedError names the zones.
 * Returns the zones whose feature changed.
 */
export async function bindZones(db: Database, staff: StaffPrincipal, wanted: ReadonlyMap<string, string>): Promise<string[]> {
  return db.transaction(async (tx) => {
    const station = await stationOf(tx, staff.districtCode);
    const current = new Map(station.zones.map((z) => [z.id, z.feature]));
    const wrong = [...wanted].filter(([zone, feature]) => !current.has(zone) || !isFeature(feature)).map(([zone]) => zone);
    if (wrong.length) throw new BindingRefusedError(wrong);
    const changes = [...wanted].filter(([zone, feature]) => current.get(zone) !== feature).map(([zoneId, feature]) => ({ zoneId, feature: feature as Feature }));
    // Every zone the form names is stored, so a default in use becomes the district's own choice.
    await saveBindings(tx, staff.districtCode, [...wanted].map(([zoneId, feature]) => ({ zoneId, feature: feature as Feature })), staff.id);
    await recordAudit(
      tx,
      audit(staff, 'station.zones_bound', 'an official bound the station zones to features', {
        changed: changes.map((c) => ({ zone: c.zoneId, from: current.get(c.zoneId), to: c.feature })),
      }),
    );
    return changes.map((c) => c.zoneId);
  });
}
