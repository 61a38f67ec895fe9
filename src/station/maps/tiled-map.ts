import { z } from 'zod';
import type { Bilingual, Vars } from '../../platform/i18n/i18n.ts';
import { tiledMapMessages, type TiledMapMessageKey } from './tiled-map.messages.ts';

// A station map in the Tiled JSON map format (https://doc.mapeditor.org/en/
// stable/reference/json-map-format/), checked before anything is stored:
// orthogonal and finite, within the size limits, one embedded tileset of one
// image (an external .tsx cannot travel with an upload), tile layers as CSV
// arrays whose tiles exist, and a top-level object layer "zones" of
// rectangles inside the map, each with a unique `zone` id and its Korean and
// English names (`label_ko`, `label_en`), one of them the `entrance`.
// A refused map gets every problem found (up to MAX_PROBLEMS), each naming
// where it is: the layer, the object, the property. Pure: no I/O.

export const MAP_MAX_BYTES = 2 * 1024 * 1024;
export const MAP_MAX_TILES_PER_SIDE = 200;
export const TILE_MIN_PX = 8;
export const TILE_MAX_PX = 256;
export const MAX_ZONES = 100;
export const LABEL_MAX = 80;
export const ZONE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const ZONE_ID_MAX = 40;
const MAX_PROBLEMS = 20;
/** Tiled keeps the flip and rotation flags in the top bits of a tile number. */
const GID_MASK = 0x0fffffff;

export type MapProblemCode = Exclude<TiledMapMessageKey, `where_${string}`>;

export interface MapProblem {
  code: MapProblemCode;
  /** The sentence for the official: where, what, and what to do. */
  message: Bilingual;
}

export interface ZoneRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MapZone {
  id: string;
  label: Bilingual;
  /** The object's type (Tiled's "class"), e.g. booth; '' when none. */
  kind: string;
  /** In pixels, from the map's top left corner. */
  rect: ZoneRect;
}

export type MapCheck = { ok: true; map: TiledMap; zones: MapZone[] } | { ok: false; problems: MapProblem[] };

// ------------------------------------------------------------------- schema

const int = z.number().int();
const name = z.string().max(200);
const properties = z.array(z.object({ name: z.string().max(200), type: z.string().max(40).optional(), value: z.unknown() }).loose()).max(500).optional();

const tiledObject = z
  .object({
    id: int.nonnegative(),
    name: name.default(''),
    type: z.string().max(200).optional(),
    class: z.string().max(200).optional(),
    x: z.number(),
    y: z.number(),
    width: z.number().nonnegative().default(0),
    height: z.number().nonnegative().default(0),
    rotation: z.number().default(0),
    point: z.boolean().optional(),
    ellipse: z.boolean().optional(),
    polygon: z.array(z.unknown()).optional(),
    polyline: z.array(z.unknown()).optional(),
    text: z.unknown().optional(),
    gid: int.optional(),
    properties,
  })
  .loose();

const tileLayer = z
  .object({
    type: z.literal('tilelayer'),
    name,
    width: int.positive(),
    height: int.positive(),
    data: z.union([z.array(int.nonnegative().max(0xffffffff)).max(MAP_MAX_TILES_PER_SIDE ** 2), z.string()]).optional(),
    encoding: z.string().optional(),
    compression: z.string().optional(),
    chunks: z.unknown().optional(),
    properties,
  })
  .loose();
const objectLayer = z.object({ type: z.literal('objectgroup'), name, objects: z.array(tiledObject).max(5000), properties }).loose();
const imageLayer = z.object({ type: z.literal('imagelayer'), name }).loose();
const groupLayer = z.object({ type: z.literal('group'), name, layers: z.array(z.unknown()).max(1000) }).loose();
const layer = z.discriminatedUnion('type', [tileLayer, objectLayer, imageLayer, groupLayer]);

const tileset = z
  .object({
    firstgid: int.positive(),
    source: z.string().max(1000).optional(),
    name: name.optional(),
    image: z.string().max(1000).optional(),
    imagewidth: int.positive().optional(),
    imageheight: int.positive().optional(),
    tilewidth: int.positive().optional(),
    tileheight: int.positive().optional(),
    tilecount: int.nonnegative().optional(),
    columns: int.nonnegative().optional(),
    tiles: z.array(z.object({ id: int.nonnegative(), properties }).loose()).max(100_000).optional(),
  })
  .loose();

export const tiledMapSchema = z
  .object({
    type: z.literal('map'),
    orientation: z.literal('orthogonal'),
    infinite: z.literal(false).default(false),
    width: int.positive().max(MAP_MAX_TILES_PER_SIDE),
    height: int.positive().max(MAP_MAX_TILES_PER_SIDE),
    tilewidth: int.min(TILE_MIN_PX).max(TILE_MAX_PX),
    tileheight: int.min(TILE_MIN_PX).max(TILE_MAX_PX),
    layers: z.array(layer).max(100),
    tilesets: z.array(tileset).max(20),
    properties,
  })
  .loose();

export type TiledMap = z.infer<typeof tiledMapSchema>;
type TiledObject = z.infer<typeof tiledObject>;

// ------------------------------------------------------------------ places

const tm = tiledMapMessages;
const place = (key: TiledMapMessageKey, vars?: Vars): Bilingual => tm.both(key, vars);
const FILE = place('where_file');
const problem = (code: MapProblemCode, where: Bilingual, vars: Vars = {}): MapProblem => ({
  code,
  message: { ko: tm.t('ko', code, { ...vars, where: where.ko }), en: tm.t('en', code, { ...vars, where: where.en }) },
});
const pathOf = (path: readonly PropertyKey[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '/';

// ------------------------------------------------------------------ checks

/** The refusal of a map file over MAP_MAX_BYTES (also for an upload cut off at the limit). */
export const mapTooLarge = (): Bilingual => problem('too_large', FILE, { max: MAP_MAX_BYTES / 1024 / 1024 }).message;

/** The first check: size, JSON, and what makes a map unusable whatever else it holds. */
function readJson(input: string | Uint8Array): { ok: true; value: unknown } | { ok: false; problems: MapProblem[] } {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (bytes > MAP_MAX_BYTES) return { ok: false, problems: [problem('too_large', FILE, { max: MAP_MAX_BYTES / 1024 / 1024 })] };
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch {
    return { ok: false, problems: [problem('not_json', FILE)] };
  }
}

/** The header's refusals, each with its own reason rather than a schema path. */
function headerProblems(value: unknown): MapProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || (value as { type?: unknown }).type !== 'map') return [problem('not_a_map', FILE)];
  const m = value as Record<string, unknown>;
  const found: MapProblem[] = [];
  if (m.orientation !== 'orthogonal') found.push(problem('not_orthogonal', FILE, { orientation: String(m.orientation ?? '') }));
  if (m.infinite === true) found.push(problem('infinite', FILE));
  const side = (v: unknown) => (typeof v === 'number' ? v : 0);
  if (side(m.width) > MAP_MAX_TILES_PER_SIDE || side(m.height) > MAP_MAX_TILES_PER_SIDE) {
    found.push(problem('map_too_big', FILE, { width: side(m.width), height: side(m.height), max: MAP_MAX_TILES_PER_SIDE }));
  }
  const px = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= TILE_MIN_PX && v <= TILE_MAX_PX;
  if (!px(m.tilewidth) || !px(m.tileheight)) found.push(problem('tile_size', FILE, { width: String(m.tilewidth ?? '?'), height: String(m.tileheight ?? '?'), min: TILE_MIN_PX, max: TILE_MAX_PX }));
  // An external tileset reads as a tileset without an image: name it for what it is.
  const tilesets = Array.isArray(m.tilesets) ? (m.tilesets as unknown[]) : [];
  tilesets.forEach((t, i) => {
    const source = typeof t === 'object' && t !== null ? (t as { source?: unknown }).source : undefined;
    if (typeof source === 'string') found.push(problem('external_tileset', place('where_tileset', { name: source || String(i) }), { source }));
  });
  return found;
}

function tilesetProblems(map: TiledMap): MapProblem[] {
  if (map.tilesets.length !== 1) return [problem('one_tileset', FILE, { count: map.tilesets.length })];
  const t = map.tilesets[0]!;
  const where = place('where_tileset', { name: t.name ?? String(t.firstgid) });
  if (!t.image || !t.imagewidth || !t.imageheight || !t.tilecount) return [problem('tileset_no_image', where)];
  if ((t.tilewidth ?? map.tilewidth) !== map.tilewidth || (t.tileheight ?? map.tileheight) !== map.tileheight) {
    return [problem('tileset_tile_size', where, { tileset: `${t.tilewidth}×${t.tileheight}`, map: `${map.tilewidth}×${map.tileheight}` })];
  }
  return [];
}

function layerProblems(map: TiledMap): MapProblem[] {
  const found: MapProblem[] = [];
  const t = map.tilesets[0];
  const lastGid = t ? t.firstgid + (t.tilecount ?? 0) - 1 : 0;
  for (const l of map.layers) {
    if (l.type !== 'tilelayer') continue;
    const where = place('where_layer', { name: l.name });
    if (typeof l.data === 'string' || (l.encoding !== undefined && l.encoding !== 'csv') || l.compression) {
      found.push(problem('layer_encoded', where));
      continue;
    }
    if (l.chunks !== undefined) {
      found.push(problem('infinite', where));
      continue;
    }
    if (l.width !== map.width || l.height !== map.height || !l.data || l.data.length !== map.width * map.height) {
      found.push(problem('layer_size', where));
      continue;
    }
    const at = l.data.findIndex((raw) => {
      const gid = raw & GID_MASK;
      return gid !== 0 && (!t || gid < t.firstgid || gid > lastGid);
    });
    if (at >= 0) found.push(problem('unknown_tile', where, { gid: l.data[at]! & GID_MASK, x: at % map.width, y: Math.floor(at / map.width) }));
  }
  return found;
}

const propertyValue = (o: TiledObject, property: string): unknown => o.properties?.find((p) => p.name === property)?.value;

/** The zones of the layer "zones", or the problems that refuse them. */
function zoneCheck(map: TiledMap): { zones: MapZone[]; problems: MapProblem[] } {
  const layer = map.layers.find((l) => l.type === 'objectgroup' && l.name === 'zones');
  if (!layer || layer.type !== 'objectgroup') return { zones: [], problems: [problem('zones_missing', FILE)] };
  const where = place('where_layer', { name: 'zones' });
  if (layer.objects.length > MAX_ZONES) return { zones: [], problems: [problem('too_many_zones', where, { count: layer.objects.length, max: MAX_ZONES })] };
  const found: MapProblem[] = [];
  const zones: MapZone[] = [];
  const seen = new Set<string>();
  const mapWidth = map.width * map.tilewidth;
  const mapHeight = map.height * map.tileheight;
  for (const o of layer.objects) {
    const names = { id: o.id, name: o.name };
    const objectWhere = place('where_object', names);
    const propertyWhere = (property: string) => place('where_property', { ...names, property });
    const before = found.length;
    if (o.point || o.ellipse || o.polygon || o.polyline || o.text !== undefined || o.gid !== undefined || o.rotation !== 0) found.push(problem('zone_not_rectangle', objectWhere));
    else if (!(o.width > 0 && o.height > 0)) found.push(problem('zone_empty', objectWhere));
    else if (o.x < 0 || o.y < 0 || o.x + o.width > mapWidth || o.y + o.height > mapHeight) found.push(problem('zone_outside', objectWhere));
    const id = propertyValue(o, 'zone');
    if (typeof id !== 'string' || id === '') found.push(problem('zone_id_missing', propertyWhere('zone')));
    else if (!ZONE_ID.test(id) || id.length > ZONE_ID_MAX) found.push(problem('zone_id_invalid', propertyWhere('zone'), { id }));
    else if (seen.has(id)) found.push(problem('zone_id_duplicate', propertyWhere('zone'), { id }));
    else seen.add(id);
    const label: Bilingual = { ko: '', en: '' };
    for (const lang of ['ko', 'en'] as const) {
      const value = propertyValue(o, `label_${lang}`);
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '' || text.length > LABEL_MAX) found.push(problem('zone_label_missing', propertyWhere(`label_${lang}`), { max: LABEL_MAX }));
      label[lang] = text;
    }
    if (found.length === before) zones.push({ id: id as string, label, kind: o.type ?? o.class ?? '', rect: { x: o.x, y: o.y, width: o.width, height: o.height } });
  }
  if (!seen.has('entrance')) found.push(problem('entrance_missing', where));
  return { zones, problems: found };
}

/** Checks a map file's text or bytes; the map and its zones when it can be used, else every problem (up to 20). */
export function validateTiledMap(input: string | Uint8Array): MapCheck {
  const json = readJson(input);
  if (!json.ok) return json;
  const header = headerProblems(json.value);
  if (header.length) return { ok: false, problems: header };
  const parsed = tiledMapSchema.safeParse(json.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, MAX_PROBLEMS).map((issue) => problem('shape', place('where_field', { path: pathOf(issue.path) }), { detail: issue.message }));
    return { ok: false, problems };
  }
  const map = parsed.data;
  const tilesets = tilesetProblems(map);
  const zones = zoneCheck(map);
  const problems = [...tilesets, ...(tilesets.length ? [] : layerProblems(map)), ...zones.problems];
  if (problems.length) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };
  return { ok: true, map, zones: zones.zones };
}
