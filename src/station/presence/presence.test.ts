import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { FrameClient, type Frame } from '../../../test-support/frame-client.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { LISTEN_APPLICATION_NAME } from '../../platform/db/listen-connection.ts';
import { openPostgres } from '../../platform/db/postgres.ts';
import type { StationPresence } from './presence.socket.ts';
import { presenceOf } from './presence.routes.ts';
import { MAX_STATION_FRAME_BYTES, STATION_CLOSE, type MoveEntry, type VisitorView } from './presence.frames.ts';
import { NODE_TIMEOUT_MS } from './presence.events.ts';

// The station's presence socket over a real server and real WebSockets, on
// both engines. Ticks are taken by hand (presence.tick()) and the clock is
// the test's, so nothing waits on time: a test sends, ticks, and waits for
// the frames it expects. That a frame did NOT come is shown by a later frame
// that did (frames of one socket arrive in order).

const DISTRICT = 'seocho';

interface Visitor {
  ws: FrameClient;
  id: string;
  welcome: Frame;
}

const updates = (ws: FrameClient, from = 0) => ws.frames.slice(from).filter((f) => f.type === 'update');
const entered = (ws: FrameClient, id: string, from = 0) => updates(ws, from).some((f) => ((f.enter as VisitorView[] | undefined) ?? []).some((v) => v.id === id));
const movesOf = (ws: FrameClient, id: string, from = 0) =>
  updates(ws, from).flatMap((f) => ((f.moves as MoveEntry[] | undefined) ?? []).filter((m) => m[0] === id).map((m) => [m[1], m[2]]));
const exitOf = (ws: FrameClient, id: string, from = 0) =>
  updates(ws, from).flatMap((f) => ((f.exit as { id: string; reason: string }[] | undefined) ?? []).filter((e) => e.id === id).map((e) => e.reason));

forEachEngine('station presence', (ctx) => {
  let server: TestServer;
  let presence: StationPresence;
  let wsUrl: string;
  let clock = Date.parse('2026-12-07T01:00:00Z');
  let staffLogin: { official: string; other: string };

  before(async () => {
    const seocho = await createDistrictWithStaff(ctx.db, DISTRICT, ['tax_official']);
    const gangnam = await createDistrictWithStaff(ctx.db, 'gangnam', ['tax_official']);
    staffLogin = { official: seocho.tax_official, other: gangnam.tax_official };
    server = await startTestServer(ctx.db);
    server.deps.clock = () => new Date(clock);
    presence = presenceOf(server.deps)!;
    presence.manualTicks();
    wsUrl = `${server.url.replace('http', 'ws')}/r/station/socket`;
  });
  after(async () => {
    await server?.close();
  });

  /** Sends ping and waits for its pong: every frame sent before it has been handled. */
  async function sync(ws: FrameClient): Promise<void> {
    const from = ws.frames.length;
    ws.send({ type: 'ping' });
    await ws.next((f) => f.type === 'pong', from);
  }

  async function enter(nickname: string, x: number, y: number, options: { url?: string; cookie?: string; look?: string } = {}): Promise<Visitor> {
    const ws = await FrameClient.connect(options.url ?? wsUrl, options.cookie ? { cookie: options.cookie } : {});
    ws.send({ type: 'join', district: DISTRICT, nickname, look: options.look ?? 'blue', x, y });
    const welcome = await ws.next((f) => f.type === 'welcome' || f.type === 'error');
    assert.equal(welcome.type, 'welcome', JSON.stringify(welcome));
    return { ws, id: (welcome.you as VisitorView).id, welcome };
  }

  async function move(v: Visitor, x: number, y: number): Promise<void> {
    v.ws.send({ type: 'move', x, y });
    await sync(v.ws);
  }

  test('two visitors see each other join, move (one batched update a tick), chat to the room and nearby, and leave', async () => {
    const a = await enter('  하늘\u0007  ', 100, 100, { look: 'green' });
    assert.equal((a.welcome.you as VisitorView).nickname, '하늘', 'trimmed, control characters masked');
    assert.deepEqual(a.welcome.bounds, { width: 1280, height: 960 });
    const b = await enter('Minsu', 150, 120);
    await presence.tick();
    const bSeesA = await b.ws.next((f) => f.type === 'update' && entered(b.ws, a.id));
    assert.deepEqual((bSeesA.enter as VisitorView[]).find((v) => v.id === a.id), { id: a.id, nickname: '하늘', look: 'green', x: 100, y: 100 });
    await a.ws.next(() => entered(a.ws, b.id));

    // three moves within one tick: one update, with the last position only
    const mark = b.ws.frames.length;
    a.ws.send({ type: 'move', x: 110, y: 100 });
    a.ws.send({ type: 'move', x: 120, y: 104.4 });
    await move(a, 130, 108);
    await presence.tick();
    await b.ws.next((f) => f.type === 'update', mark);
    assert.deepEqual(movesOf(b.ws, a.id, mark), [[130, 108]]);
    assert.equal(updates(b.ws, mark).length, 1);

    a.ws.send({ type: 'chat', scope: 'room', text: '안녕하세요' });
    const chat = await b.ws.next((f) => f.type === 'chat' && f.text === '안녕하세요');
    assert.deepEqual(chat.from, { id: a.id, nickname: '하늘' });
    assert.equal(chat.scope, 'room');
    b.ws.send({ type: 'chat', scope: 'nearby', text: 'nearby hello' });
    await a.ws.next((f) => f.type === 'chat' && f.text === 'nearby hello' && f.scope === 'nearby');
    await b.ws.next((f) => f.type === 'chat' && f.text === 'nearby hello', 0); // the sender sees its own line

    const before = b.ws.frames.length;
    a.ws.send({ type: 'leave' });
    await a.ws.next((f) => f.type === 'left');
    await presence.tick();
    await b.ws.next((f) => f.type === 'update' && exitOf(b.ws, a.id, before).length > 0, before);
    assert.deepEqual(exitOf(b.ws, a.id, before), ['left']);
    await Promise.all([a.ws.close(), b.ws.close()]);
  });

  test('interest: a far visitor gets no moves and no nearby chat, then enter when it comes close and exit when it goes', async () => {
    const a = await enter('Near', 40, 40);
    const far = await enter('Far', 1200, 900); // three cells across, two down: outside a's 3×3 cells
    await presence.tick();
    const mark = far.ws.frames.length;
    await move(a, 60, 60);
    await presence.tick();
    a.ws.send({ type: 'chat', scope: 'nearby', text: 'only near' });
    a.ws.send({ type: 'chat', scope: 'room', text: 'to the room' });
    await far.ws.next((f) => f.type === 'chat' && f.text === 'to the room', mark);
    assert.equal(entered(far.ws, a.id), false, 'never told about a');
    assert.deepEqual(movesOf(far.ws, a.id), [], 'no moves from outside its interest');
    assert.equal(far.ws.frames.some((f) => f.type === 'chat' && f.text === 'only near'), false, 'nearby chat stays near');

    // comes close: both are told the other entered, with its position
    await move(far, 300, 300);
    await presence.tick();
    const seen = await far.ws.next((f) => f.type === 'update' && entered(far.ws, a.id), mark);
    assert.deepEqual(((seen.enter as VisitorView[]).find((v) => v.id === a.id)!), { id: a.id, nickname: 'Near', look: 'blue', x: 60, y: 60 });
    await a.ws.next((f) => f.type === 'update' && entered(a.ws, far.id));
    // in interest now, but 5 tiles away is too far for nearby chat
    a.ws.send({ type: 'chat', scope: 'nearby', text: 'still too far to whisper' });
    a.ws.send({ type: 'chat', scope: 'room', text: 'marker' });
    await far.ws.next((f) => f.type === 'chat' && f.text === 'marker');
    assert.equal(far.ws.frames.some((f) => f.type === 'chat' && f.text === 'still too far to whisper'), false);

    // goes away again: exit (far), and its later moves are not sent
    const away = a.ws.frames.length;
    await move(far, 1250, 950);
    await presence.tick();
    await a.ws.next((f) => f.type === 'update' && exitOf(a.ws, far.id, away).length > 0, away);
    assert.deepEqual(exitOf(a.ws, far.id, away), ['far']);
    await move(far, 1240, 940);
    await presence.tick();
    far.ws.send({ type: 'chat', scope: 'room', text: 'marker 2' });
    await a.ws.next((f) => f.type === 'chat' && f.text === 'marker 2');
    assert.deepEqual(movesOf(a.ws, far.id, away), []);
    await Promise.all([a.ws.close(), far.ws.close()]);
  });

  test("staff of the district wear the badge; another district's staff and visitors do not", async () => {
    const cookieOf = async (login: string) => {
      const http = new TestClient(server.url);
      await http.login(login);
      return `ts_session=${http.cookies.get('ts_session')}`;
    };
    const official = await enter('세무과 직원', 500, 500, { cookie: await cookieOf(staffLogin.official) });
    assert.equal((official.welcome.you as VisitorView).staff, true);
    const visitor = await enter('Visitor', 520, 500);
    const other = await enter('Other office', 540, 500, { cookie: await cookieOf(staffLogin.other) });
    assert.equal((other.welcome.you as VisitorView).staff, undefined);
    await presence.tick();
    const seen = await visitor.ws.next((f) => f.type === 'update' && entered(visitor.ws, official.id) && entered(visitor.ws, other.id));
    const enter_ = seen.enter as VisitorView[];
    assert.equal(enter_.find((v) => v.id === official.id)!.staff, true);
    assert.equal(enter_.find((v) => v.id === other.id)!.staff, undefined);
    official.ws.send({ type: 'chat', scope: 'room', text: '도와드릴까요?' });
    const chat = await visitor.ws.next((f) => f.type === 'chat' && f.text === '도와드릴까요?');
    assert.deepEqual(chat.from, { id: official.id, nickname: '세무과 직원', staff: true });
    await Promise.all([official.ws.close(), visitor.ws.close(), other.ws.close()]);
  });

  test('bad frames are answered with what was wrong; out-of-bounds and unknown districts are refused', async () => {
    const ws = await FrameClient.connect(wsUrl);
    const errorAfter = async (frame: unknown) => {
      const from = ws.frames.length;
      ws.send(frame);
      return ws.next((f) => f.type === 'error', from);
    };
    assert.deepEqual(await errorAfter('{not json'), { type: 'error', code: 'bad_frame', field: '', message: '요청의 형식이 올바르지 않습니다.' });
    assert.equal((await errorAfter({ type: 'join', district: DISTRICT, nickname: '', look: 'blue', x: 1, y: 1 })).message, '요청의 “별명” 값이 올바르지 않습니다. 페이지를 새로 고친 뒤 다시 해 주세요.');
    assert.equal((await errorAfter({ type: 'teleport' })).field, 'type');
    assert.equal((await errorAfter({ type: 'join', district: DISTRICT, nickname: 'x'.repeat(21), look: 'blue', x: 1, y: 1 })).field, 'nickname');
    assert.equal((await errorAfter({ type: 'join', district: DISTRICT, nickname: '\u0000\u0001', look: 'blue', x: 1, y: 1 })).field, 'nickname');
    assert.equal((await errorAfter({ type: 'join', district: DISTRICT, nickname: 'ok', look: 'dragon', x: 1, y: 1 })).field, 'look');
    assert.equal((await errorAfter({ type: 'join', district: DISTRICT, nickname: 'ok', look: 'blue', x: 'left', y: 1 })).field, 'x');
    assert.equal((await errorAfter({ type: 'move', x: 1, y: 1 })).code, 'not_joined');
    const unknown = await errorAfter({ type: 'join', district: 'atlantis', nickname: 'ok', look: 'blue', x: 1, y: 1, locale: 'en' });
    assert.deepEqual(unknown, { type: 'error', code: 'unknown_district', field: 'district', message: 'This district’s station was not found. Check the address.' });
    assert.equal((await errorAfter({ type: 'join', district: DISTRICT, nickname: 'ok', look: 'blue', x: 1281, y: 1 })).code, 'out_of_bounds');
    ws.send({ type: 'join', district: DISTRICT, nickname: 'ok', look: 'blue', x: 1280, y: 960 });
    await ws.next((f) => f.type === 'welcome');
    assert.equal((await errorAfter({ type: 'move', x: 10, y: 961 })).code, 'out_of_bounds');
    assert.equal((await errorAfter({ type: 'chat', scope: 'room', text: 'x'.repeat(301) })).field, 'text');
    assert.equal((await errorAfter({ type: 'chat', scope: 'room', text: ' \n ' })).field, 'text');
    assert.equal((await errorAfter({ type: 'join', district: DISTRICT, nickname: 'again', look: 'blue', x: 1, y: 1 })).code, 'already_joined');
    await ws.close();
  });

  test('a frame over the size limit closes the socket (1009)', async () => {
    const v = await enter('Big', 10, 10);
    v.ws.send({ type: 'chat', scope: 'room', text: 'x'.repeat(MAX_STATION_FRAME_BYTES) });
    assert.equal((await v.ws.closed).code, STATION_CLOSE.tooBig);
  });

  test('moves beyond 10 a second are dropped (and told), and a socket that keeps flooding is closed (4429)', async () => {
    const fast = await enter('Fast', 700, 700);
    const watcher = await enter('Watcher', 710, 700);
    await presence.tick();
    await watcher.ws.next(() => entered(watcher.ws, fast.id));
    const mark = watcher.ws.frames.length;
    // the clock stands still: 10 moves pass, the 11th and 12th are dropped
    for (let i = 1; i <= 12; i++) fast.ws.send({ type: 'move', x: 700 + i, y: 700 });
    await sync(fast.ws);
    const limited = fast.ws.frames.filter((f) => f.type === 'error' && f.code === 'rate_limited');
    assert.equal(limited.length, 1, 'told once, not once per dropped frame');
    await presence.tick();
    await watcher.ws.next((f) => f.type === 'update', mark);
    assert.deepEqual(movesOf(watcher.ws, fast.id, mark), [[710, 700]], 'the last move that passed');

    // a second later the bucket has refilled
    clock += 1000;
    await move(fast, 720, 700);
    await presence.tick();
    await watcher.ws.next(() => movesOf(watcher.ws, fast.id, mark).length === 2);

    // flooding on: dropped frames cost strikes, and the socket is closed
    for (let i = 0; i < 200; i++) fast.ws.send({ type: 'move', x: 1, y: 1 });
    assert.equal((await fast.ws.closed).code, STATION_CLOSE.abuse);
    await presence.tick();
    await watcher.ws.next(() => exitOf(watcher.ws, fast.id).includes('left'));
    await watcher.ws.close();
  });

  test('a page of another site is refused (1008)', async () => {
    const ws = await FrameClient.connect(wsUrl, { origin: 'https://evil.example' });
    assert.equal((await ws.closed).code, STATION_CLOSE.crossSite);
  });

  test(
    'two app servers on one PostgreSQL see each other’s visitors, moves and chat, also after losing their LISTEN connections; a server that stops is noticed',
    { skip: ctx.engine === 'pglite' ? 'PGlite is one process by design' : false },
    async () => {
      const db2 = openPostgres({ connectionString: ctx.test.url!, max: 4 });
      let clock2 = clock;
      const second = await startTestServer(db2);
      second.deps.clock = () => new Date(clock2);
      const presence2 = presenceOf(second.deps)!;
      presence2.manualTicks();
      const url2 = `${second.url.replace('http', 'ws')}/r/station/socket`;
      try {
        const waitOn = async (p: StationPresence, done: () => boolean) => {
          while (!done()) await p.heard();
        };
        const b = await enter('On two', 200, 200, { url: url2 });
        await presence2.tick(); // b's join goes out with server two's tick
        const a = await enter('On one', 220, 200);
        await waitOn(presence, () => presence.counts(DISTRICT).remote === 1);
        await presence.tick();
        await a.ws.next(() => entered(a.ws, b.id));
        // a's join went out with the tick
        await waitOn(presence2, () => presence2.where(DISTRICT, a.id) !== null);
        await presence2.tick();
        await b.ws.next(() => entered(b.ws, a.id));

        // a moves on server one; b on server two receives it after both ticks
        const mark = b.ws.frames.length;
        await move(a, 240, 210);
        await presence.tick();
        await waitOn(presence2, () => presence2.where(DISTRICT, a.id)?.x === 240);
        await presence2.tick();
        await b.ws.next(() => movesOf(b.ws, a.id, mark).length > 0, mark);
        assert.deepEqual(movesOf(b.ws, a.id, mark), [[240, 210]]);

        a.ws.send({ type: 'chat', scope: 'nearby', text: '옆 서버에서 안녕' });
        await b.ws.next((f) => f.type === 'chat' && f.text === '옆 서버에서 안녕');
        b.ws.send({ type: 'chat', scope: 'room', text: 'hello back' });
        await a.ws.next((f) => f.type === 'chat' && f.text === 'hello back');

        // both servers lose their LISTEN connection; a move made right then still reaches server two
        // (each server resyncs: it asks for the others' state, and a gap in a server's numbering is asked about)
        const killed = await ctx.db.query<{ n: number }>(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
          [LISTEN_APPLICATION_NAME],
        );
        assert.equal(killed.rows[0]!.n, 2, 'one listening connection per server');
        const mark2 = b.ws.frames.length;
        await move(a, 260, 220);
        await presence.tick();
        await waitOn(presence2, () => presence2.where(DISTRICT, a.id)?.x === 260);
        await presence2.tick();
        await b.ws.next(() => movesOf(b.ws, a.id, mark2).length > 0, mark2);
        assert.deepEqual(movesOf(b.ws, a.id, mark2).at(-1), [260, 220]);

        // server two leaves with a visitor of its own still there, without a word (as a crash would)
        const c = await enter('Also on two', 230, 230, { url: url2 });
        await presence2.tick();
        await waitOn(presence, () => presence.counts(DISTRICT).remote === 2);
        presence2.manualTicks();
        await second.close();
        const before = a.ws.frames.length;
        await presence.tick();
        assert.equal(presence.counts(DISTRICT).remote, 2, 'still waiting for the silent node');
        clock += NODE_TIMEOUT_MS + 1;
        await presence.tick();
        await a.ws.next(() => exitOf(a.ws, c.id, before).length > 0 && exitOf(a.ws, b.id, before).length > 0, before);
        assert.deepEqual([exitOf(a.ws, b.id, before), exitOf(a.ws, c.id, before)], [['left'], ['left']]);
        assert.equal(presence.counts(DISTRICT).remote, 0);
        clock2 = clock;
        await a.ws.close();
      } finally {
        await second.close();
        await db2.close();
      }
    },
  );
});
