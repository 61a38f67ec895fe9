#!/usr/bin/env node
// Makes the virtual Tax Station's default tiles and map, of the project's own
// making: assets/station/tiles.png (a tileset of flat-colour 32 px tiles) and
// assets/station/default-map.json (a 40 × 30 orthogonal Tiled map that uses
// it, with the layers "floor" and "walls" and the object layer "zones").
//
//   node scripts/make-station-tiles.mjs
//
// Node only: no image library is a dependency, so the PNG is written here by
// a small encoder (signature, IHDR, IDAT compressed with zlib.deflateSync,
// IEND; each chunk closed by its CRC-32). Both files are committed; run the
// script again after changing it, and commit what it writes.

import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const OUT = new URL('../assets/station/', import.meta.url);
const TILE = 32;
const COLUMNS = 5;
const ROWS = 2;

// ---------------------------------------------------------------- PNG encoder

/** CRC-32 (ISO 3309, the one PNG uses): the table of the reflected polynomial 0xEDB88320. */
const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One chunk: length (4 bytes, big-endian), type, data, CRC-32 of type and data. */
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** An RGBA image (8 bits a channel, rgba.length = width × height × 4) as PNG bytes. */
export function encodePng(width, height, rgba) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  // Each scanline starts with its filter type; 0 (None) keeps the encoder simple.
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 4)] = 0;
    rgba.copy(raw, y * (1 + width * 4) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// ---------------------------------------------------------------------- tiles

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

/**
 * The tiles in tileset order (tile id = index, gid = index + 1): a fill and an
 * edge colour each, chosen for clear contrast between walkable floor, walls
 * and the carpets that mark each kind of zone.
 */
const TILES = [
  { name: 'floor', fill: '#eef1f5', edge: '#d6dce4' },
  { name: 'wall', fill: '#343b47', edge: '#5a6475', collides: true },
  { name: 'door', fill: '#a8692c', edge: '#7a4a1c' },
  { name: 'carpet-consultation', fill: '#c7dbfb', edge: '#8fb4ee' },
  { name: 'carpet-lecture', fill: '#cdeccb', edge: '#8cc889' },
  { name: 'carpet-guide', fill: '#fde3a3', edge: '#e6b84a' },
  { name: 'carpet-booth', fill: '#e6d1f6', edge: '#b98fdc' },
  { name: 'carpet-staff', fill: '#c2e9e5', edge: '#6cc1b8' },
  { name: 'entrance-mat', fill: '#f5c4bd', edge: '#d9786b' },
  { name: 'desk', fill: '#7d5a3a', edge: '#5b4029', collides: true },
];

function tilesetImage() {
  const width = COLUMNS * TILE;
  const height = ROWS * TILE;
  const rgba = Buffer.alloc(width * height * 4);
  TILES.forEach((tile, index) => {
    const [fx, fy] = [(index % COLUMNS) * TILE, Math.floor(index / COLUMNS) * TILE];
    const fill = hex(tile.fill);
    const edge = hex(tile.edge);
    for (let y = 0; y < TILE; y++) {
      for (let x = 0; x < TILE; x++) {
        // a one-pixel edge on every side, so neighbouring tiles read as a grid
        const onEdge = x === 0 || y === 0 || x === TILE - 1 || y === TILE - 1;
        const [r, g, b] = onEdge ? edge : fill;
        const at = ((fy + y) * width + fx + x) * 4;
        rgba[at] = r;
        rgba[at + 1] = g;
        rgba[at + 2] = b;
        rgba[at + 3] = 255;
      }
    }
  });
  return { width, height, png: encodePng(width, height, rgba) };
}

// ------------------------------------------------------------------------ map

const W = 40;
const H = 30;
const gid = (name) => TILES.findIndex((t) => t.name === name) + 1;

/** The zones, in tiles (x, y, width, height), with their stable ids, kinds and labels. */
const ZONES = [
  { zone: 'entrance', type: 'entrance', x: 16, y: 25, w: 8, h: 4, carpet: 'entrance-mat', ko: '입구', en: 'Entrance' },
  { zone: 'consultation', type: 'consultation', x: 1, y: 1, w: 7, h: 10, carpet: 'carpet-consultation', ko: '상담실', en: 'Consultation room' },
  { zone: 'video', type: 'consultation', x: 8, y: 1, w: 5, h: 10, carpet: 'carpet-consultation', ko: '화상 상담 입장', en: 'Join my video consultation' },
  { zone: 'lecture', type: 'lecture', x: 27, y: 1, w: 7, h: 10, carpet: 'carpet-lecture', ko: '강의실', en: 'Lecture room' },
  { zone: 'board', type: 'lecture', x: 34, y: 1, w: 5, h: 10, carpet: 'carpet-lecture', ko: '질문 게시판', en: 'Question board' },
  { zone: 'guide', type: 'guide', x: 15, y: 13, w: 10, h: 6, carpet: 'carpet-guide', ko: '지방세 안내 데스크', en: 'Local-tax guide desk' },
  { zone: 'booth-1', type: 'booth', x: 1, y: 13, w: 6, h: 4, carpet: 'carpet-booth', ko: '안내 부스 1', en: 'Information booth 1' },
  { zone: 'booth-2', type: 'booth', x: 1, y: 18, w: 6, h: 4, carpet: 'carpet-booth', ko: '안내 부스 2', en: 'Information booth 2' },
  { zone: 'booth-3', type: 'booth', x: 1, y: 23, w: 6, h: 4, carpet: 'carpet-booth', ko: '안내 부스 3', en: 'Information booth 3' },
  { zone: 'staff', type: 'staff', x: 31, y: 14, w: 8, h: 9, carpet: 'carpet-staff', ko: '직원 상담 데스크', en: 'Staff desks' },
];

function defaultMap(image) {
  const floor = new Array(W * H).fill(gid('floor'));
  const walls = new Array(W * H).fill(0);
  const set = (layer, x, y, value) => {
    layer[y * W + x] = value;
  };
  for (const z of ZONES) for (let y = z.y; y < z.y + z.h; y++) for (let x = z.x; x < z.x + z.w; x++) set(floor, x, y, gid(z.carpet));
  // the outer walls, with the entrance doors in the bottom wall
  for (let x = 0; x < W; x++) {
    set(walls, x, 0, gid('wall'));
    set(walls, x, H - 1, gid('wall'));
  }
  for (let y = 0; y < H; y++) {
    set(walls, 0, y, gid('wall'));
    set(walls, W - 1, y, gid('wall'));
  }
  // the consultation room (columns 0–13, rows 0–11) and the lecture room (26–39, 0–11), each with a door
  for (let y = 0; y <= 11; y++) {
    set(walls, 13, y, gid('wall'));
    set(walls, 26, y, gid('wall'));
  }
  for (let x = 0; x <= 13; x++) set(walls, x, 11, gid('wall'));
  for (let x = 26; x < W; x++) set(walls, x, 11, gid('wall'));
  const door = (x, y) => {
    set(walls, x, y, 0);
    set(floor, x, y, gid('door'));
  };
  for (const x of [5, 6, 10]) door(x, 11);
  for (const x of [30, 31, 36]) door(x, 11);
  for (const x of [18, 19, 20, 21]) door(x, H - 1);
  // desks: the guide desk's counter and the staff desks
  for (let x = 17; x <= 22; x++) set(walls, x, 14, gid('desk'));
  for (let x = 32; x <= 37; x++) set(walls, x, 16, gid('desk'));

  let nextObjectId = 1;
  const objects = ZONES.map((z) => ({
    id: nextObjectId++,
    name: z.en,
    type: z.type,
    x: z.x * TILE,
    y: z.y * TILE,
    width: z.w * TILE,
    height: z.h * TILE,
    rotation: 0,
    visible: true,
    properties: [
      { name: 'zone', type: 'string', value: z.zone },
      { name: 'label_ko', type: 'string', value: z.ko },
      { name: 'label_en', type: 'string', value: z.en },
    ],
  }));
  const tileLayer = (id, name, data) => ({ id, name, type: 'tilelayer', x: 0, y: 0, width: W, height: H, opacity: 1, visible: true, data });
  return {
    type: 'map',
    version: '1.10',
    tiledversion: '1.10.2',
    orientation: 'orthogonal',
    renderorder: 'right-down',
    infinite: false,
    compressionlevel: -1,
    width: W,
    height: H,
    tilewidth: TILE,
    tileheight: TILE,
    nextlayerid: 4,
    nextobjectid: nextObjectId,
    layers: [
      tileLayer(1, 'floor', floor),
      tileLayer(2, 'walls', walls),
      { id: 3, name: 'zones', type: 'objectgroup', draworder: 'topdown', x: 0, y: 0, opacity: 1, visible: true, objects },
    ],
    tilesets: [
      {
        firstgid: 1,
        name: 'station',
        image: 'tiles.png',
        imagewidth: image.width,
        imageheight: image.height,
        tilewidth: TILE,
        tileheight: TILE,
        tilecount: TILES.length,
        columns: COLUMNS,
        margin: 0,
        spacing: 0,
        tiles: TILES.flatMap((t, id) => [{ id, type: t.name, ...(t.collides ? { properties: [{ name: 'collides', type: 'bool', value: true }] } : {}) }]),
      },
    ],
  };
}

const image = tilesetImage();
writeFileSync(new URL('tiles.png', OUT), image.png);
writeFileSync(new URL('default-map.json', OUT), `${JSON.stringify(defaultMap(image))}\n`);
console.log(`wrote assets/station/tiles.png (${image.width}×${image.height}, ${image.png.length} bytes) and assets/station/default-map.json`);
