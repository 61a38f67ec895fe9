import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { FrameClient, type Frame } from '../../../test-support/frame-client.ts';
import { createDistrictWithStaff, startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import { stationOf } from '../maps/station-maps.repository.ts';
import type { StationPresence } from './presence.socket.ts';
import { presenceOf } from './presence.routes.ts';
import { SILENT_MS, STATION_CLOSE, ZONES_MS, type VisitorView } from './presence.frames.ts';

// The station's presence socket, on both engines, with the test's clock and
// ticks taken by hand (nothing waits on time): the zone counts (after
// joining, then on change at most every ZONES_MS, the same on two servers
// sharing the bus), the limit of sockets per client address (4409, told why
// first), and silent sockets closed (4408) with their visitors leaving.

const DISTRICT = 'zonegu';

forEachEngine('station presence: zone counts, sockets per address, silent sockets', (ctx) => {
  let one: TestServer;
  let two: TestServer;
  let presence: StationPresence;
  let presence2: StationPresence;
  let clock = Date.parse('2026-12-07T01:00:00Z');
  let centre: Record<string, { x: number; y: number }>;

  before(async () => {
    await createDistrictWithStaff(ctx.db, DISTRICT, ['tax_official']);
    // two app servers on one database: two hubs of the district, fanned out through the bus
    one = await startTestServer(ctx.db, { TAXSTATION_STATION_SOCKETS_PER_ADDRESS: '3' });
    two = await startTestServer(ctx.db);
    for (const s of [one, two]) s.deps.clock = () => new Date(clock);
    presence = presenceOf(one.deps)!;
    presence2 = presenceOf(two.deps)!;
    presence.manualTicks();
    presence2.manualTicks();
    const station = await stationOf(ctx.db, DISTRICT);
    centre = Object.fromEntries(station.zones.map((z) => [z.id, { x: z.rect.x + Math.floor(z.rect.width / 2), y: z.rect.y + Math.floor(z.rect.height / 2) }]));
  });
  after(async () => {
    await one?.close();
    await two?.close();
  });

  const wsUrl = (s: TestServer) => `${s.url.replace('http', 'ws')}/r/station/socket`;

  async function enter(server: TestServer, nickname: string, at: { x: number; y: number }, address = '203.0.113.1') {
    const ws = await FrameClient.connect(wsUrl(server), { 'x-forwarded-for': address });
    ws.send({ type: 'join', district: DISTRICT, nickname, look: 'blue', x: at.x, y: at.y });
    const welcome = await ws.next((f) => f.type === 'welcome' || f.type === 'error');
    assert.equal(welcome.type, 'welcome', JSON.stringify(welcome));
    return { ws, id: (welcome.you as VisitorView).id };
  }
  async function sync(ws: FrameClient): Promise<void> {
    const from = ws.frames.length;
    ws.send({ type: 'ping' });
    await ws.next((f) => f.type === 'pong', from);
  }
  const zoneFrames = (ws: FrameClient, from = 0) => ws.frames.slice(from).filter((f) => f.type === 'zones');
  const counts = (f: Frame) => f.counts as Record<string, number>;
  const heardUntil = async (p: StationPresence, done: () => boolean) => {
    while (!done()) await p.heard();
  };

  test('zone counts: after joining, then when one changed and at most every ZONES_MS; both servers count every visitor', async () => {
    const a = await enter(one, 'A', centre.entrance!);
    await presence.tick();
    const first = await a.ws.next((f) => f.type === 'zones');
    assert.equal(Object.keys(counts(first)).length, 10, 'every zone of the default map, 0 included');
    assert.equal(counts(first).entrance, 1);
    assert.equal(counts(first).consultation, 0);

    // a visitor on the other server, in the consultation room
    const b = await enter(two, 'B', centre.consultation!, '203.0.113.2');
    await presence2.tick();
    await b.ws.next((f) => f.type === 'zones');
    await heardUntil(presence, () => presence.counts(DISTRICT).remote === 1);
    await heardUntil(presence2, () => presence2.counts(DISTRICT).remote === 1);

    // within ZONES_MS of the last count nothing is sent; after it, the change
    const mark = a.ws.frames.length;
    await presence.tick();
    await sync(a.ws);
    assert.equal(zoneFrames(a.ws, mark).length, 0, 'not before ZONES_MS');
    clock += ZONES_MS;
    await presence.tick();
    const changed = await a.ws.next((f) => f.type === 'zones', mark);
    assert.equal(counts(changed).entrance, 1);
    assert.equal(counts(changed).consultation, 1, "the other server's visitor is counted");
    await presence2.tick();
    assert.deepEqual(counts(await b.ws.next((f) => f.type === 'zones' && counts(f).entrance === 1)), counts(changed), 'both servers count the same');

    // nothing changed: nothing sent, however many counts are taken
    const still = a.ws.frames.length;
    clock += ZONES_MS;
    await presence.tick();
    await sync(a.ws);
    assert.equal(zoneFrames(a.ws, still).length, 0, 'only on change');

    // A walks into the lecture room; B leaves: one frame with both changes
    a.ws.send({ type: 'move', ...centre.lecture! });
    await sync(a.ws);
    b.ws.send({ type: 'leave' });
    await b.ws.next((f) => f.type === 'left');
    await presence2.tick();
    await heardUntil(presence, () => presence.counts(DISTRICT).remote === 0);
    clock += ZONES_MS;
    await presence.tick();
    const after_ = await a.ws.next((f) => f.type === 'zones', still);
    assert.deepEqual([counts(after_).entrance, counts(after_).lecture, counts(after_).consultation], [0, 1, 0]);
    await Promise.all([a.ws.close(), b.ws.close()]);
    await presence.tick();
    await presence2.tick();
  });

  test('a fourth socket from one address is refused (4409), told why in its language; other addresses still enter', async () => {
    const mine = await Promise.all([1, 2, 3].map(() => FrameClient.connect(wsUrl(one), { 'x-forwarded-for': '198.51.100.7' })));
    const fourth = await FrameClient.connect(`${wsUrl(one)}?lang=en`, { 'x-forwarded-for': '198.51.100.7' });
    assert.equal((await fourth.closed).code, STATION_CLOSE.tooManyConnections);
    assert.deepEqual(fourth.frames, [
      { type: 'error', code: 'too_many_connections', message: 'Too many windows from this address are connected to the station. Close other windows or tabs and enter again.' },
    ]);
    const other = await enter(one, 'Other', centre.entrance!, '198.51.100.8');
    // one closes: the address may connect again
    await mine[0]!.close();
    await mine[0]!.closed;
    let again: FrameClient | null = null;
    for (let i = 0; i < 50 && !again; i++) {
      // the server forgets the closed socket when its close event runs: try until it has
      const ws = await FrameClient.connect(wsUrl(one), { 'x-forwarded-for': '198.51.100.7' });
      ws.send({ type: 'ping' });
      const answer = await Promise.race([ws.next((f) => f.type === 'pong'), ws.closed]);
      if ('type' in answer) again = ws;
    }
    assert.ok(again, 'a socket closed frees its place');
    await Promise.all([...mine.slice(1).map((w) => w.close()), again.close(), other.ws.close()]);
    await presence.tick();
  });

  test('a joined socket silent for longer than SILENT_MS is closed (4408) and its visitor leaves; pings keep one open', async () => {
    const quiet = await enter(one, 'Quiet', centre.guide!, '192.0.2.1');
    const pinging = await enter(one, 'Pinging', centre.guide!, '192.0.2.2');
    await presence.tick();
    await pinging.ws.next((f) => f.type === 'update' && ((f.enter as VisitorView[] | undefined) ?? []).some((v) => v.id === quiet.id));
    clock += SILENT_MS / 2;
    await sync(pinging.ws);
    clock += SILENT_MS / 2;
    await presence.tick();
    await sync(pinging.ws);
    assert.equal(presence.counts(DISTRICT).local, 2, 'exactly SILENT_MS is not yet too long');
    clock += 1000;
    const mark = pinging.ws.frames.length;
    await presence.tick();
    const closed = await quiet.ws.closed;
    assert.equal(closed.code, STATION_CLOSE.silent);
    await presence.tick();
    await pinging.ws.next((f) => f.type === 'update' && ((f.exit as { id: string; reason: string }[] | undefined) ?? []).some((e) => e.id === quiet.id && e.reason === 'left'), mark);
    assert.equal(pinging.ws.socket.readyState, pinging.ws.socket.OPEN, 'the one that pinged stays');
    await pinging.ws.close();
    await presence.tick();
  });
});
