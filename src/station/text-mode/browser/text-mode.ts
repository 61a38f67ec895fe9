import { byId, el } from '../../../platform/web/browser/dom.ts';
import type { Look } from '../../presence/presence.frames.ts';
import { applyUpdate, connectPresence, fill, type PresenceConnection, type PresenceFrame } from '../../browser/presence-client.ts';
import type { TextModeConfig } from '../text-mode.config.ts';
import type { TextModeKey } from '../text-mode.messages.ts';
import { openZonePanel } from '../../panels/browser/zone-panel.ts';
import { zoneCounts } from './zone-counts.ts';

// The station's text mode, live: enter with a nickname, see who is near
// (arrivals and departures announced to screen readers), go to a zone by
// a button, write to everyone. All by keyboard; text from other people
// only ever goes in through textContent. Each zone's link opens its
// feature in a panel over the page (the visitor stays in the station, and
// goes to that zone when inside); the visitors in each zone are counted
// beside it (zone-counts.ts).

type Person = { id: string; nickname: string; staff?: boolean };

const config = JSON.parse(byId('station-text-config').textContent ?? '{}') as TextModeConfig;
const say = (key: TextModeKey, vars: Record<string, string> = {}) => fill(config.words[key], vars);

const section = byId('meet');
const joinForm = byId<HTMLFormElement>('join-form');
const inside = byId('meet-inside');
const where = byId('meet-where');
const people = byId('meet-people');
const nobody = byId('meet-nobody');
const go = byId('meet-go');
const chat = byId('meet-chat');
const announce = byId('meet-announce');
const nickname = byId<HTMLInputElement>('meet-nickname');
const text = byId<HTMLInputElement>('meet-text');

const near = new Map<string, Person>();
let ws: PresenceConnection | null = null;
let me: string | null = null;

section.hidden = false;
const counts = zoneCounts(say, (id) => config.zones.find((z) => z.id === id)?.label ?? id, byId('zone-counts-announce'));

function tell(line: string): void {
  announce.textContent = line;
}

function drawPeople(): void {
  people.replaceChildren(...[...near.values()].map((p) => el('li', { id: `person-${p.id}` }, p.staff ? `${p.nickname} (${say('staff_badge')})` : p.nickname)));
  nobody.hidden = near.size > 0;
}

function goTo(zoneId: string): void {
  const zone = config.zones.find((z) => z.id === zoneId);
  if (!zone || !ws) return;
  ws.move(zone.x, zone.y);
  where.textContent = say('you_are_at', { zone: zone.label });
}

function drawGoButtons(): void {
  go.replaceChildren(...config.zones.map((z) => {
    const button = el('button', { type: 'button', class: 'button button-secondary', id: `go-${z.id}` }, say('go_here', { zone: z.label }));
    button.addEventListener('click', () => goTo(z.id));
    const item = el('li');
    item.appendChild(button);
    return item;
  }));
}

function leave(message: TextModeKey): void {
  ws?.leave();
  ws = null;
  me = null;
  near.clear();
  drawPeople();
  counts.clear();
  inside.hidden = true;
  joinForm.hidden = false;
  tell(say(message));
  nickname.focus();
}

function handle(frame: PresenceFrame): void {
  switch (frame.type) {
    case 'welcome': {
      me = frame.you.id;
      joinForm.hidden = true;
      inside.hidden = false;
      const start = config.zones.find((z) => z.id === config.entrance);
      where.textContent = say('entered', { zone: start?.label ?? '' });
      drawGoButtons();
      drawPeople();
      byId('meet-leave').focus();
      return;
    }
    case 'update':
      applyUpdate(near, frame, me, { arrived: (p) => tell(say('arrived', { name: p.nickname })), went: (p) => tell(say('went', { name: p.nickname })) });
      drawPeople();
      return;
    case 'chat': {
      const line = say('said', { name: frame.from.staff ? `${frame.from.nickname} (${say('staff_badge')})` : frame.from.nickname, text: frame.text });
      chat.appendChild(el('li', {}, line));
      return;
    }
    case 'zones':
      counts.show(frame.counts);
      return;
    case 'error':
      if (!me) tell(say('refused', { reason: frame.message }));
      else tell(frame.message);
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
  const look = byId<HTMLSelectElement>('meet-look').value as Look;
  const start = config.zones.find((z) => z.id === config.entrance) ?? config.zones[0];
  const socket = connectPresence({ district: config.district, nickname: name, look, x: start?.x ?? 0, y: start?.y ?? 0, locale: config.locale }, handle, () => {
    if (ws === socket) leave('connection_lost');
  });
  ws = socket;
});

byId('meet-leave').addEventListener('click', () => leave('left_station'));

byId<HTMLFormElement>('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const line = text.value.trim();
  if (!line || !ws) return;
  ws.chat('room', line);
  text.value = '';
});

for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-zone-panel]')) {
  link.addEventListener('click', (event) => {
    // a new tab or window stays the browser's
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (me) goTo(link.dataset.zonePanel ?? '');
    openZonePanel({ url: link.href, title: link.textContent ?? '', closeLabel: say('close_panel'), returnFocus: link });
  });
}
