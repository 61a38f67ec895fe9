import { byId, el } from '../../../platform/web/browser/dom.ts';
import type { Look, VisitorView } from '../../presence/presence.frames.ts';
import { applyUpdate, connectPresence, fill, type PresenceConnection, type PresenceFrame } from '../../browser/presence-client.ts';
import type { SpaceConfig, SpaceZone } from '../space.config.ts';
import type { SpaceMessageKey } from '../space.messages.ts';
import { startSpaceGame, type Direction } from './space-game.ts';
import { openZonePanel } from '../../panels/browser/zone-panel.ts';

// The station in 2D, around the map: enter with a nickname and a look, walk
// (keys while the map has focus, or a click or tap), see who is near and
// talk (HTML beside the canvas, announced to screen readers), open a zone's
// service by walking into it and stopping there, or by Enter, or by its
// button. Text from other people only ever goes in through textContent.
// The page's state for tests and tools is on #space-status: data-ready,
// data-x, data-y, data-zone, data-path; each person near has data-x/data-y.

const config = JSON.parse(byId('station-space-config').textContent ?? '{}') as SpaceConfig;
const say = (key: SpaceMessageKey, vars: Record<string, string> = {}) => fill(config.words[key], vars);
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

const enter = byId('space-enter');
const joinForm = byId<HTMLFormElement>('space-join');
const nickname = byId<HTMLInputElement>('space-nickname');
const inside = byId('space-inside');
const canvasBox = byId('space-canvas');
const status = byId('space-status');
const here = byId('space-here');
const openZoneButton = byId<HTMLButtonElement>('space-open-zone');
const people = byId('space-people');
const nobody = byId('space-nobody');
const selected = byId('space-selected');
const chat = byId('space-chat');
const announce = byId('space-announce');
const text = byId<HTMLInputElement>('space-text');

type Person = Omit<VisitorView, 'staff'> & { staff?: boolean };
const near = new Map<string, Person>();
let socket: PresenceConnection | null = null;
let me: string | null = null;
let zone: SpaceZone | null = null;
/** the zone whose panel opened last on arrival: stopping in it again opens nothing until the visitor leaves it */
let lastOpened: string | null = null;
let selectedStaff: Person | null = null;
let sentAt = 0;
let unsent: [number, number] | null = null;
const SEND_EVERY_MS = 120;

enter.hidden = false;
byId('space-layout').hidden = false;

const tell = (line: string) => {
  announce.textContent = line;
};
const zoneAt = (x: number, y: number) => config.zones.find((z) => x >= z.rect.x && x < z.rect.x + z.rect.width && y >= z.rect.y && y < z.rect.y + z.rect.height) ?? null;
const centreOf = (z: SpaceZone) => [Math.round(z.rect.x + z.rect.width / 2), Math.round(z.rect.y + z.rect.height / 2)] as const;
const nameOf = (p: { nickname: string; staff?: boolean }) => (p.staff ? `${p.nickname} (${say('staff_badge')})` : p.nickname);

function openPanel(z: SpaceZone): void {
  if (!z.url) return;
  openZonePanel({ url: z.url, title: `${z.label}: ${z.feature}`, closeLabel: say('close'), returnFocus: canvasBox });
}

function showZone(x: number, y: number): void {
  status.dataset.x = String(Math.round(x));
  status.dataset.y = String(Math.round(y));
  const now = zoneAt(x, y);
  if (now?.id === zone?.id) return;
  zone = now;
  status.dataset.zone = now?.id ?? '';
  status.textContent = now ? say('you_are_at', { zone: now.label }) : say('in_corridor');
  here.hidden = !now?.url;
  if (now?.url) openZoneButton.textContent = say('open_zone', { feature: now.feature });
}

// ------------------------------------------------------------------ the map
const game = startSpaceGame({
  parent: canvasBox,
  mapUrl: config.mapUrl,
  tilesUrl: config.tilesUrl,
  reducedMotion,
  tickMs: 50,
  staffBadge: say('staff_badge'),
  onReady: () => {
    status.dataset.ready = '1';
    status.textContent = '';
  },
  onMove: (x, y) => {
    showZone(x, y);
    queueMove(x, y);
  },
  onStop: (x, y) => {
    queueMove(x, y, true);
    const z = zoneAt(x, y);
    if (!z) lastOpened = null;
    else if (z.id !== lastOpened) {
      lastOpened = z.id;
      openPanel(z);
    }
  },
  onPath: (points) => {
    status.dataset.path = points.map(([x, y]) => `${Math.round(x)},${Math.round(y)}`).join(' ');
  },
  onSelect: (id) => {
    const p = near.get(id);
    if (p?.staff) selectStaff(p);
  },
});

function queueMove(x: number, y: number, now = false): void {
  unsent = [Math.round(x), Math.round(y)];
  if (now || performance.now() - sentAt >= SEND_EVERY_MS) flushMove();
}
function flushMove(): void {
  if (!unsent || !socket) return;
  socket.move(unsent[0], unsent[1]);
  unsent = null;
  sentAt = performance.now();
}
// the last position of a move that came between two sends
setInterval(flushMove, SEND_EVERY_MS);

const KEYS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right', w: 'up', s: 'down', a: 'left', d: 'right', W: 'up', S: 'down', A: 'left', D: 'right' };
canvasBox.addEventListener('keydown', (event) => {
  const direction = KEYS[event.key];
  if (direction) {
    event.preventDefault();
    game.hold(direction, true);
  } else if (event.key === 'Enter' && zone) {
    event.preventDefault();
    lastOpened = zone.id;
    openPanel(zone);
  }
});
canvasBox.addEventListener('keyup', (event) => {
  const direction = KEYS[event.key];
  if (direction) game.hold(direction, false);
});
canvasBox.addEventListener('blur', () => (['up', 'down', 'left', 'right'] as const).forEach((d) => game.hold(d, false)));
canvasBox.addEventListener('pointerdown', () => canvasBox.focus({ preventScroll: true }));
openZoneButton.addEventListener('click', () => zone && openPanel(zone));

// ----------------------------------------------------------------- zoom
const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2];
let zoomAt = ZOOMS.indexOf(1);
function setZoom(index: number): void {
  zoomAt = Math.max(0, Math.min(ZOOMS.length - 1, index));
  game.setZoom(ZOOMS[zoomAt]!);
  byId('space-zoom-level').textContent = say('zoom_level', { percent: String(ZOOMS[zoomAt]! * 100) });
  byId<HTMLButtonElement>('space-zoom-out').disabled = zoomAt === 0;
  byId<HTMLButtonElement>('space-zoom-in').disabled = zoomAt === ZOOMS.length - 1;
}
byId('space-zoom-out').addEventListener('click', () => setZoom(zoomAt - 1));
byId('space-zoom-in').addEventListener('click', () => setZoom(zoomAt + 1));

// ------------------------------------------------------------ people, staff
function drawPeople(): void {
  people.replaceChildren(
    ...[...near.values()].map((p) => {
      const item = el('li', { id: `space-person-${p.id}`, 'data-x': String(p.x), 'data-y': String(p.y) }, nameOf(p));
      if (p.staff) {
        const ask = el('button', { type: 'button', class: 'button button-secondary', id: `space-ask-${p.id}` }, say('ask_help', { name: p.nickname }));
        ask.addEventListener('click', () => askForHelp(ask));
        item.append(' ', ask);
      }
      return item;
    }),
  );
  nobody.hidden = near.size > 0;
  if (selectedStaff && !near.has(selectedStaff.id)) selectStaff(null);
}

function selectStaff(p: Person | null): void {
  selectedStaff = p;
  selected.hidden = !p;
  if (!p) return;
  byId('space-selected-text').textContent = say('selected_staff', { name: p.nickname });
  const ask = byId<HTMLButtonElement>('space-ask-help');
  ask.textContent = say('ask_help', { name: p.nickname });
  ask.focus();
}

function askForHelp(from: HTMLElement): void {
  const desk = config.zones.find((z) => z.url === config.deskUrl);
  openZonePanel({ url: config.deskUrl, title: desk ? `${desk.label}: ${desk.feature}` : say('staff_badge'), closeLabel: say('close'), returnFocus: from });
}
byId('space-ask-help').addEventListener('click', (event) => askForHelp(event.currentTarget as HTMLElement));

// ------------------------------------------------------------------ socket
function leave(message: SpaceMessageKey): void {
  socket?.leave();
  socket = null;
  me = null;
  for (const id of near.keys()) game.removeOther(id);
  near.clear();
  drawPeople();
  game.removeMe();
  inside.hidden = true;
  enter.hidden = false;
  tell(say(message));
  nickname.focus();
}

function handle(frame: PresenceFrame): void {
  switch (frame.type) {
    case 'welcome': {
      me = frame.you.id;
      enter.hidden = true;
      inside.hidden = false;
      const [x, y] = game.placeMe({ ...frame.you });
      if (x !== frame.you.x || y !== frame.you.y) queueMove(x, y, true);
      zone = null;
      showZone(x, y);
      const start = config.zones.find((z) => z.id === config.start);
      // a short link's zone: its service is offered (the button, and said), not forced open
      lastOpened = zoneAt(x, y)?.id ?? null;
      if (config.offerStart && start) tell(say('started_at', { zone: start.label, feature: start.feature }));
      (config.offerStart && start?.url ? openZoneButton : canvasBox).focus();
      drawPeople();
      return;
    }
    case 'update':
      applyUpdate(near, frame, me, {
        arrived: (p) => {
          game.upsertOther(p);
          tell(say('arrived', { name: p.nickname }));
        },
        moved: (p) => game.moveOther(p.id, p.x, p.y),
        went: (p) => {
          game.removeOther(p.id);
          tell(say('went', { name: p.nickname }));
        },
      });
      drawPeople();
      return;
    case 'chat': {
      const line = say(frame.scope === 'nearby' ? 'said_nearby' : 'said', { name: nameOf(frame.from), text: frame.text });
      chat.append(el('li', {}, line));
      return;
    }
    case 'error':
      tell(me ? frame.message : say('refused', { reason: frame.message }));
      return;
    default:
  }
}

joinForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const name = nickname.value.trim();
  if (!name) {
    tell(say('nickname_needed'));
    nickname.focus();
    return;
  }
  const look = byId<HTMLSelectElement>('space-look').value as Look;
  const start = config.zones.find((z) => z.id === config.start) ?? config.zones[0];
  const [x, y] = start ? centreOf(start) : [0, 0];
  const connection = connectPresence({ district: config.district, nickname: name, look, x, y, locale: config.locale }, handle, () => {
    if (socket === connection) leave('connection_lost');
  });
  socket = connection;
});

byId('space-leave').addEventListener('click', () => leave('left_station'));

byId<HTMLFormElement>('space-chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const line = text.value.trim();
  if (!line || !socket) return;
  socket.chat(byId<HTMLSelectElement>('space-scope').value === 'nearby' ? 'nearby' : 'room', line);
  text.value = '';
});
