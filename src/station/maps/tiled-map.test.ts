import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkTilesPng, pngSize } from './tiles-png.ts';
import { MAP_MAX_BYTES, validateTiledMap, type MapProblemCode } from './tiled-map.ts';

// The Tiled map check as properties: every generated valid map passes with
// its zones; each kind of corruption of a valid map is refused with its own
// reason, naming where (layer, object, property) in both languages.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const zoneObject = (id: number, zone: string, rect: { x: number; y: number; w: number; h: number }) => ({
  id,
  name: `Zone ${id}`,
  type: 'room',
  x: rect.x,
  y: rect.y,
  width: rect.w,
  height: rect.h,
  rotation: 0,
  visible: true,
  properties: [
    { name: 'zone', type: 'string', value: zone },
    { name: 'label_ko', type: 'string', value: `구역 ${id}` },
    { name: 'label_en', type: 'string', value: `Zone ${id}` },
  ],
});

/** A valid map: random size, tile size, tileset and zones inside the map, one of them the entrance. */
const validMap = fc
  .record({ width: fc.integer({ min: 1, max: 60 }), height: fc.integer({ min: 1, max: 60 }), tile: fc.constantFrom(16, 32, 48), tilecount: fc.integer({ min: 1, max: 30 }), zoneCount: fc.integer({ min: 0, max: 8 }) })
  .chain((m) =>
    fc.record({
      m: fc.constant(m),
      data: fc.array(fc.integer({ min: 0, max: m.tilecount }), { minLength: m.width * m.height, maxLength: m.width * m.height }),
      rects: fc.array(
        fc.record({ x: fc.integer({ min: 0, max: m.width - 1 }), y: fc.integer({ min: 0, max: m.height - 1 }) }).chain((p) =>
          fc.record({ x: fc.constant(p.x * m.tile), y: fc.constant(p.y * m.tile), w: fc.integer({ min: 1, max: (m.width - p.x) * m.tile }), h: fc.integer({ min: 1, max: (m.height - p.y) * m.tile }) }),
        ),
        { minLength: m.zoneCount + 1, maxLength: m.zoneCount + 1 },
      ),
    }),
  )
  .map(({ m, data, rects }): Json => ({
    type: 'map',
    version: '1.10',
    orientation: 'orthogonal',
    renderorder: 'right-down',
    infinite: false,
    width: m.width,
    height: m.height,
    tilewidth: m.tile,
    tileheight: m.tile,
    layers: [
      { id: 1, name: 'floor', type: 'tilelayer', x: 0, y: 0, width: m.width, height: m.height, opacity: 1, visible: true, data },
      { id: 2, name: 'zones', type: 'objectgroup', x: 0, y: 0, opacity: 1, visible: true, objects: rects.map((r, i) => zoneObject(i + 1, i === 0 ? 'entrance' : `z${i}`, r)) },
    ],
    tilesets: [{ firstgid: 1, name: 'tiles', image: 'tiles.png', imagewidth: m.tile * 10, imageheight: m.tile * Math.ceil(m.tilecount / 10), tilewidth: m.tile, tileheight: m.tile, tilecount: m.tilecount, columns: 10 }],
  }));

const zonesOf = (map: Json): Json[] => map.layers.find((l: Json) => l.name === 'zones').objects;
const floorOf = (map: Json): Json => map.layers.find((l: Json) => l.name === 'floor');
const setProp = (o: Json, name: string, value: unknown) => {
  o.properties = o.properties.map((p: Json) => (p.name === name ? { ...p, value } : p));
};

/** Each corruption: what it does to a (deep-copied) valid map, the code it is refused with, and a word of where it names. */
const CORRUPTIONS: { code: MapProblemCode; apply: (m: Json) => Json | string; where?: (m: Json) => RegExp }[] = [
  { code: 'not_json', apply: (m) => JSON.stringify(m).slice(0, -1) },
  { code: 'not_a_map', apply: (m) => ({ ...m, type: 'tileset' }) },
  { code: 'not_orthogonal', apply: (m) => ({ ...m, orientation: 'isometric' }) },
  { code: 'infinite', apply: (m) => ({ ...m, infinite: true }) },
  { code: 'map_too_big', apply: (m) => ({ ...m, width: 201 }) },
  { code: 'tile_size', apply: (m) => ({ ...m, tilewidth: 4 }) },
  { code: 'external_tileset', apply: (m) => ({ ...m, tilesets: [{ firstgid: 1, source: 'station.tsx' }] }), where: () => /station\.tsx/ },
  { code: 'one_tileset', apply: (m) => ({ ...m, tilesets: [...m.tilesets, { ...m.tilesets[0], firstgid: 100 }] }) },
  { code: 'tileset_no_image', apply: (m) => ({ ...m, tilesets: [{ ...m.tilesets[0], image: undefined }] }) },
  { code: 'shape', apply: (m) => ({ ...m, layers: [{ ...m.layers[0], width: 'wide' }, m.layers[1]] }), where: () => /layers\[0\]\.width/ },
  { code: 'layer_encoded', apply: (m) => { floorOf(m).data = 'AAAA'; floorOf(m).encoding = 'base64'; return m; }, where: () => /layer “floor”/ },
  { code: 'layer_size', apply: (m) => { floorOf(m).data.pop(); return m; }, where: () => /layer “floor”/ },
  { code: 'unknown_tile', apply: (m) => { floorOf(m).data[0] = m.tilesets[0].tilecount + 1; return m; }, where: () => /layer “floor”.*column 0, row 0/ },
  { code: 'zones_missing', apply: (m) => ({ ...m, layers: [m.layers[0]] }) },
  { code: 'zone_not_rectangle', apply: (m) => { zonesOf(m)[0]!.ellipse = true; return m; }, where: () => /object 1 \(“Zone 1”\) of layer “zones”/ },
  { code: 'zone_outside', apply: (m) => { zonesOf(m)[0]!.x = m.width * m.tilewidth; return m; }, where: () => /object 1 \(“Zone 1”\)/ },
  { code: 'zone_empty', apply: (m) => { zonesOf(m)[0]!.height = 0; return m; }, where: () => /object 1 \(“Zone 1”\)/ },
  { code: 'zone_id_missing', apply: (m) => { const z = zonesOf(m).at(-1)!; z.properties = z.properties.filter((p: Json) => p.name !== 'zone'); return m; }, where: (m) => new RegExp(`property “zone” of object ${zonesOf(m).length}`) },
  { code: 'zone_id_invalid', apply: (m) => { setProp(zonesOf(m).at(-1)!, 'zone', 'Booth 1'); return m; }, where: () => /property “zone” of object/ },
  { code: 'zone_id_duplicate', apply: (m) => { zonesOf(m).push(zoneObject(99, 'entrance', { x: 0, y: 0, w: 1, h: 1 })); return m; }, where: () => /property “zone” of object 99/ },
  { code: 'zone_label_missing', apply: (m) => { setProp(zonesOf(m)[0]!, 'label_en', ' '); return m; }, where: () => /property “label_en” of object 1/ },
  { code: 'entrance_missing', apply: (m) => { setProp(zonesOf(m)[0]!, 'zone', 'hall'); return m; }, where: () => /layer “zones”/ },
  { code: 'too_many_zones', apply: (m) => { const z = zonesOf(m); for (let i = 0; i < 101; i++) z.push(zoneObject(200 + i, `extra-${i}`, { x: 0, y: 0, w: 1, h: 1 })); return m; } },
];

const text = (value: Json | string) => (typeof value === 'string' ? value : JSON.stringify(value));

test('every generated valid map passes, with each zone and its labels', () => {
  fc.assert(
    fc.property(validMap, (map) => {
      const result = validateTiledMap(JSON.stringify(map));
      assert.equal(result.ok, true, result.ok ? '' : JSON.stringify(result.problems));
      if (!result.ok) return;
      assert.deepEqual(result.zones.map((z) => z.id), zonesOf(map).map((o) => o.properties[0].value));
      const first = zonesOf(map)[0]!;
      assert.deepEqual(result.zones[0], { id: 'entrance', label: { ko: '구역 1', en: 'Zone 1' }, kind: 'room', rect: { x: first.x, y: first.y, width: first.width, height: first.height } });
    }),
    { numRuns: 150 },
  );
});

for (const c of CORRUPTIONS) {
  test(`a map corrupted by ${c.code} is refused with that reason, naming where`, () => {
    fc.assert(
      fc.property(validMap, (valid) => {
        const corrupted = c.apply(structuredClone(valid));
        const result = validateTiledMap(text(corrupted));
        assert.equal(result.ok, false, `${c.code} passed`);
        if (result.ok) return;
        const problem = result.problems.find((p) => p.code === c.code);
        assert.ok(problem, `expected ${c.code}, got ${result.problems.map((p) => p.code).join(', ')}`);
        assert.ok(problem.message.ko.length > 0 && problem.message.en.length > 0);
        assert.doesNotMatch(problem.message.ko, /\{\w+\}/, 'every placeholder filled');
        if (c.where) assert.match(problem.message.en, c.where(valid), problem.message.en);
      }),
      { numRuns: 40 },
    );
  });
}

test('a file over 2 MB is refused before it is read', () => {
  const big = `{"type":"map"${' '.repeat(MAP_MAX_BYTES)}}`;
  const result = validateTiledMap(big);
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.problems.map((p) => p.code), ['too_large']);
  assert.match(!result.ok ? result.problems[0]!.message.ko : '', /2MB/);
});

test('the default map validates: orthogonal 40×30, floor and walls with collisions, the ten zones', () => {
  const raw = readFileSync(new URL('../../../assets/station/default-map.json', import.meta.url), 'utf8');
  const result = validateTiledMap(raw);
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.equal(result.map.width, 40);
  assert.equal(result.map.height, 30);
  assert.deepEqual(result.map.layers.map((l) => l.name), ['floor', 'walls', 'zones']);
  assert.deepEqual(result.zones.map((z) => z.id), ['entrance', 'consultation', 'video', 'lecture', 'board', 'guide', 'booth-1', 'booth-2', 'booth-3', 'staff']);
  const collides = (result.map.tilesets[0]!.tiles ?? []).filter((t) => (t.properties ?? []).some((p) => p.name === 'collides' && p.value === true)).map((t) => t.id);
  assert.deepEqual(collides, [1, 9], 'the wall and desk tiles collide');
  const png = readFileSync(new URL('../../../assets/station/tiles.png', import.meta.url));
  assert.deepEqual(pngSize(png), { width: result.map.tilesets[0]!.imagewidth, height: result.map.tilesets[0]!.imageheight });
});

test('a tiles image must be a PNG of the size the tileset names', () => {
  const png = readFileSync(new URL('../../../assets/station/tiles.png', import.meta.url));
  assert.equal(checkTilesPng(png, { width: 160, height: 64 }).ok, true);
  const wrongSize = checkTilesPng(png, { width: 320, height: 64 });
  assert.equal(!wrongSize.ok && wrongSize.code, 'tiles_wrong_size');
  assert.match(!wrongSize.ok ? wrongSize.message.en : '', /160×64 pixels, but the map’s tileset says 320×64/);
  const notPng = checkTilesPng(Buffer.from('GIF89a not a png at all, just some bytes'), { width: 160, height: 64 });
  assert.equal(!notPng.ok && notPng.code, 'tiles_not_png');
});
