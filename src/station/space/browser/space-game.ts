import * as Phaser from 'phaser';
import EasyStar from 'easystarjs';

// The station's map in the browser: Phaser draws the district's Tiled map
// (its tile layers, over the tileset image beside it) and the avatars; the
// page around it (space.ts) owns the socket, the words and everything a
// screen reader needs. Walls are the tiles whose tileset entry has the
// Tiled property `collides` (walls and desks in the default map). Moving:
// held direction keys (handed in by the page), or a click or tap on a
// destination, walked along the path easystarjs finds on the tile grid
// (no corner cutting, so a path never clips a wall). Others glide from their
// last shown position to the one the server sent, over two ticks; with
// prefers-reduced-motion they are placed at once and the camera does not ease.

export interface Avatar {
  id: string;
  nickname: string;
  look: string;
  x: number;
  y: number;
  staff?: boolean;
}

export interface SpaceGameOptions {
  parent: HTMLElement;
  mapUrl: string;
  tilesUrl: string;
  reducedMotion: boolean;
  /** the server's tick: others glide over two of them */
  tickMs: number;
  staffBadge: string;
  onReady: (size: { width: number; height: number }) => void;
  /** my avatar moved (every frame it moves) */
  onMove: (x: number, y: number) => void;
  /** my avatar stopped (keys released, or the path's end) */
  onStop: (x: number, y: number) => void;
  /** the path finder's waypoints for a click, in pixels (for the page's state) */
  onPath: (points: [number, number][]) => void;
  /** an avatar was clicked or tapped */
  onSelect: (id: string) => void;
}

export type Direction = 'up' | 'down' | 'left' | 'right';

const LOOK_COLOURS: Record<string, number> = {
  blue: 0x1d70b8,
  green: 0x00703c,
  orange: 0xd35400,
  purple: 0x6f3ab0,
  yellow: 0xc99700,
  navy: 0x1c2a59,
  pink: 0xc2185b,
  teal: 0x00796b,
};
const SPEED_PX_S = 160;
/** half the side of the box an avatar occupies for walls */
const HALF_BODY = 10;

interface Shown {
  view: Phaser.GameObjects.Container;
  from: { x: number; y: number; at: number };
  to: { x: number; y: number };
}

class SpaceScene extends Phaser.Scene {
  blocked: boolean[][] = [];
  tile = 32;
  size = { width: 0, height: 0 };
  me: (Avatar & { view: Phaser.GameObjects.Container }) | null = null;
  others = new Map<string, Shown>();
  held = new Set<Direction>();
  path: [number, number][] = [];
  finder = new EasyStar.js();
  moving = false;

  constructor(readonly options: SpaceGameOptions) {
    super('space');
  }

  preload(): void {
    this.load.tilemapTiledJSON('map', this.options.mapUrl);
    this.load.image('tiles', this.options.tilesUrl);
  }

  create(): void {
    const map = this.make.tilemap({ key: 'map' });
    const tilesets = map.tilesets.map((t) => map.addTilesetImage(t.name, 'tiles')).filter((t): t is Phaser.Tilemaps.Tileset => t !== null);
    this.tile = map.tileWidth;
    this.size = { width: map.widthInPixels, height: map.heightInPixels };
    this.blocked = Array.from({ length: map.height }, () => new Array<boolean>(map.width).fill(false));
    for (const data of map.layers) {
      const layer = map.createLayer(data.name, tilesets) as Phaser.Tilemaps.TilemapLayer | null;
      if (!layer) continue;
      layer.setCollisionByProperty({ collides: true });
      layer.forEachTile((tile: Phaser.Tilemaps.Tile) => {
        if (tile.collides) this.blocked[tile.y]![tile.x] = true;
      });
    }
    this.finder.setGrid(this.blocked.map((row) => row.map((b) => (b ? 1 : 0))));
    this.finder.setAcceptableTiles([0]);
    this.finder.enableDiagonals();
    this.finder.disableCornerCutting();
    this.finder.enableSync();

    const camera = this.cameras.main;
    camera.setBounds(0, 0, this.size.width, this.size.height);
    camera.centerOn(this.size.width / 2, this.size.height / 2);
    this.input.on('pointerdown', (pointer: Phaser.Input.Pointer, over: Phaser.GameObjects.GameObject[]) => {
      const hit = over.find((o) => o.getData('avatar'));
      if (hit) this.options.onSelect(hit.getData('avatar') as string);
      else this.walkTo(pointer.worldX, pointer.worldY);
    });
    this.options.onReady(this.size);
  }

  isBlocked(px: number, py: number): boolean {
    if (px < 0 || py < 0 || px >= this.size.width || py >= this.size.height) return true;
    return this.blocked[Math.floor(py / this.tile)]?.[Math.floor(px / this.tile)] ?? true;
  }

  /** The avatar's box at (x, y) touches no wall. */
  fits(x: number, y: number): boolean {
    const h = HALF_BODY;
    return !this.isBlocked(x - h, y - h) && !this.isBlocked(x + h - 1, y - h) && !this.isBlocked(x - h, y + h - 1) && !this.isBlocked(x + h - 1, y + h - 1);
  }

  /** The nearest free tile centre to a point (the point's own tile when free). */
  freeNear(x: number, y: number): [number, number] | null {
    const tx = Math.floor(x / this.tile);
    const ty = Math.floor(y / this.tile);
    for (let r = 0; r < 6; r++) {
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
          const cx = (tx + dx + 0.5) * this.tile;
          const cy = (ty + dy + 0.5) * this.tile;
          if (!this.isBlocked(cx, cy)) return [cx, cy];
        }
      }
    }
    return null;
  }

  avatar(a: Avatar, mine: boolean): Phaser.GameObjects.Container {
    const colour = LOOK_COLOURS[a.look] ?? LOOK_COLOURS.blue!;
    const body = this.add.circle(0, 0, 12, colour).setStrokeStyle(mine ? 4 : 2, mine ? 0xffdd00 : 0xffffff);
    const label = this.add.text(0, -20, a.nickname, { fontFamily: 'sans-serif', fontSize: '13px', color: '#ffffff', backgroundColor: '#0b0c0cc0', padding: { x: 3, y: 1 } }).setOrigin(0.5, 1);
    const parts: Phaser.GameObjects.GameObject[] = [body, label];
    if (a.staff) {
      parts.push(this.add.text(0, 16, `★ ${this.options.staffBadge}`, { fontFamily: 'sans-serif', fontSize: '11px', color: '#0b0c0c', backgroundColor: '#ffdd00', padding: { x: 3, y: 1 } }).setOrigin(0.5, 0));
    }
    const view = this.add.container(a.x, a.y, parts).setDepth(mine ? 20 : 10);
    view.setSize(28, 28);
    if (!mine) {
      view.setInteractive({ useHandCursor: true });
      view.setData('avatar', a.id);
    }
    return view;
  }

  placeMe(a: Avatar): [number, number] {
    const [x, y] = this.fits(a.x, a.y) ? [a.x, a.y] : (this.freeNear(a.x, a.y) ?? [a.x, a.y]);
    this.me?.view.destroy();
    this.me = { ...a, x, y, view: this.avatar({ ...a, x, y }, true) };
    this.cameras.main.startFollow(this.me.view, true, this.options.reducedMotion ? 1 : 0.15, this.options.reducedMotion ? 1 : 0.15);
    return [x, y];
  }

  removeMe(): void {
    this.me?.view.destroy();
    this.me = null;
    this.path = [];
    this.held.clear();
    this.cameras.main.stopFollow();
  }

  walkTo(x: number, y: number): void {
    if (!this.me) return;
    const target = this.freeNear(x, y);
    if (!target) return;
    const from = [Math.floor(this.me.x / this.tile), Math.floor(this.me.y / this.tile)] as const;
    const to = [Math.floor(target[0] / this.tile), Math.floor(target[1] / this.tile)] as const;
    let found: { x: number; y: number }[] | null = null;
    this.finder.findPath(from[0], from[1], to[0], to[1], (p) => {
      found = p;
    });
    this.finder.calculate();
    const steps = (found ?? []) as { x: number; y: number }[];
    if (steps.length === 0) return;
    this.path = steps.slice(1).map((s) => [(s.x + 0.5) * this.tile, (s.y + 0.5) * this.tile] as [number, number]);
    // the first step leads to the centre of the tile it stands on
    this.path.unshift([(from[0] + 0.5) * this.tile, (from[1] + 0.5) * this.tile]);
    this.options.onPath(this.path.map(([px, py]) => [px, py]));
  }

  upsertOther(a: Avatar): void {
    const known = this.others.get(a.id);
    if (known) {
      this.moveOther(a.id, a.x, a.y);
      return;
    }
    const view = this.avatar(a, false);
    this.others.set(a.id, { view, from: { x: a.x, y: a.y, at: this.time.now }, to: { x: a.x, y: a.y } });
  }

  moveOther(id: string, x: number, y: number): void {
    const o = this.others.get(id);
    if (!o) return;
    o.from = { x: o.view.x, y: o.view.y, at: this.time.now };
    o.to = { x, y };
    if (this.options.reducedMotion) o.view.setPosition(x, y);
  }

  removeOther(id: string): void {
    this.others.get(id)?.view.destroy();
    this.others.delete(id);
  }

  override update(_time: number, deltaMs: number): void {
    // where the camera looks, for tests and tools that click a place on the map (world = view + screen / zoom)
    const view = this.cameras.main.worldView;
    this.options.parent.dataset.view = `${Math.round(view.x)},${Math.round(view.y)},${this.cameras.main.zoom}`;
    const glide = this.options.tickMs * 2;
    for (const o of this.others.values()) {
      const k = Math.min(1, (this.time.now - o.from.at) / glide);
      o.view.setPosition(o.from.x + (o.to.x - o.from.x) * k, o.from.y + (o.to.y - o.from.y) * k);
    }
    if (!this.me) return;
    const step = (SPEED_PX_S * Math.min(deltaMs, 100)) / 1000;
    let { x, y } = this.me;
    if (this.held.size) {
      this.path = [];
      const dx = (this.held.has('right') ? 1 : 0) - (this.held.has('left') ? 1 : 0);
      const dy = (this.held.has('down') ? 1 : 0) - (this.held.has('up') ? 1 : 0);
      const norm = dx && dy ? Math.SQRT1_2 : 1;
      // each axis on its own, so a wall stops one and the avatar slides along it
      if (dx && this.fits(x + dx * step * norm, y)) x += dx * step * norm;
      if (dy && this.fits(x, y + dy * step * norm)) y += dy * step * norm;
    } else if (this.path.length) {
      const [tx, ty] = this.path[0]!;
      const d = Math.hypot(tx - x, ty - y);
      if (d <= step) {
        x = tx;
        y = ty;
        this.path.shift();
      } else {
        x += ((tx - x) / d) * step;
        y += ((ty - y) / d) * step;
      }
    }
    const moved = x !== this.me.x || y !== this.me.y;
    if (moved) {
      this.me.x = x;
      this.me.y = y;
      this.me.view.setPosition(x, y);
      this.moving = true;
      this.options.onMove(x, y);
    } else if (this.moving) {
      this.moving = false;
      this.options.onStop(x, y);
    }
  }
}

export interface SpaceGame {
  placeMe(a: Avatar): [number, number];
  removeMe(): void;
  upsertOther(a: Avatar): void;
  moveOther(id: string, x: number, y: number): void;
  removeOther(id: string): void;
  walkTo(x: number, y: number): void;
  hold(direction: Direction, down: boolean): void;
  setZoom(factor: number): void;
}

export function startSpaceGame(options: SpaceGameOptions): SpaceGame {
  const scene = new SpaceScene(options);
  new Phaser.Game({
    type: Phaser.AUTO,
    parent: options.parent,
    backgroundColor: '#1f2933',
    pixelArt: true,
    banner: false,
    audio: { noAudio: true },
    // the page hands in the keys (only while the map has focus, so typing a message never walks)
    input: { keyboard: false },
    // an <img> load, not XHR into a blob: URL, which the site's Content-Security-Policy does not allow
    loader: { imageLoadType: 'HTMLImageElement' },
    scale: { mode: Phaser.Scale.RESIZE, width: options.parent.clientWidth || 320, height: options.parent.clientHeight || 320 },
    scene,
  });
  return {
    placeMe: (a) => scene.placeMe(a),
    removeMe: () => scene.removeMe(),
    upsertOther: (a) => scene.upsertOther(a),
    moveOther: (id, x, y) => scene.moveOther(id, x, y),
    removeOther: (id) => scene.removeOther(id),
    walkTo: (x, y) => scene.walkTo(x, y),
    hold: (direction, down) => {
      if (down) scene.held.add(direction);
      else scene.held.delete(direction);
    },
    setZoom: (factor) => scene.cameras.main.setZoom(factor),
  };
}
