import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { createStaffAccount } from '../../platform/auth/staff.repository.ts';
import { LISTEN_APPLICATION_NAME } from '../../platform/db/listen-connection.ts';
import { RESYNC } from '../../platform/realtime/bus.ts';
import { createDistrictWithStaff, startTestServer, TestClient, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { closeConversation, getConversation, openConversation, type DeskDeps } from '../conversations/conversations.service.ts';
import { FrameClient, isMessage, OPEN_HOURS, SeoulClock, type Frame } from '../desk.test-support.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { queueStanding, setAgentStatus } from '../conversations/queue.service.ts';
import { conversationTopic, districtTopic } from '../conversations/conversations.topics.ts';

// The desk over real HTTP and WebSocket on both engines.

forEachEngine('live desk', (ctx) => {
  let server: TestServer;
  let deps: DeskDeps;
  let wsUrl: string;
  let seocho: Record<string, string>;
  let gangnam: Record<string, string>;

  before(async () => {
    seocho = await createDistrictWithStaff(ctx.db, 'seocho', ['desk_agent', 'admin']);
    gangnam = await createDistrictWithStaff(ctx.db, 'gangnam', ['desk_agent']);
    server = await startTestServer(ctx.db, { TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
    server.deps.clock = new SeoulClock(OPEN_HOURS).now;
    deps = deskDepsFrom(server.deps);
    wsUrl = server.url.replace('http', 'ws');
  });
  after(async () => {
    await server?.close();
  });

  async function agent(username: string): Promise<{ http: TestClient; ws: FrameClient; id: number }> {
    const http = new TestClient(server.url);
    await http.login(username);
    const ws = await FrameClient.connect(`${wsUrl}/console/desk/socket`, { cookie: `ts_session=${http.cookies.get('ts_session')}` });
    const first = (await ws.next((f) => f.type === 'queue')) as Frame & { me: { id: number } };
    return { http, ws, id: first.me.id };
  }

  async function resident(district: string): Promise<{ ws: FrameClient; conversationId: number; token: string }> {
    const ws = await FrameClient.connect(`${wsUrl}/r/desk/socket`);
    ws.send({ type: 'start', district, locale: 'ko' });
    const session = await ws.next((f) => f.type === 'session');
    return { ws, conversationId: session.conversationId as number, token: session.resumeToken as string };
  }

  test('waiting conversations go first in, first out to the least-busy available agent under their limit', async () => {
    await ctx.db.query('INSERT INTO districts (code, name_ko, name_en) VALUES ($1, $1, $1)', ['fifo']);
    const a = await createStaffAccount(ctx.db, { districtCode: 'fifo', username: 'fifo.a', displayName: 'A', role: 'desk_agent', password: TEST_PASSWORD });
    const b = await createStaffAccount(ctx.db, { districtCode: 'fifo', username: 'fifo.b', displayName: 'B', role: 'desk_agent', password: TEST_PASSWORD });
    const open = () => openConversation(deps, { districtCode: 'fifo', source: 'web', residentRef: 'web:test', locale: 'ko' });
    const c1 = await open();
    const c2 = await open();
    const c3 = await open();
    const c4 = await open();
    assert.equal((await getConversation(ctx.db, c1.conversationId))!.state, 'waiting', 'no agent is available yet');
    assert.deepEqual(await queueStanding(ctx.db, c3.conversationId).then((s) => s?.position), 3);
    await setAgentStatus(deps, { staffId: a, districtCode: 'fifo' }, 'available', 1);
    await setAgentStatus(deps, { staffId: b, districtCode: 'fifo' }, 'available', 2);
    const who = async (c: { conversationId: number }) => (await getConversation(ctx.db, c.conversationId))!.assigned_staff_id;
    assert.equal(await who(c1), a, 'the oldest goes to the first agent on duty');
    assert.equal(await who(c2), b, 'then to the least busy');
    assert.equal(await who(c3), b, 'A is at the limit of 1');
    assert.equal(await who(c4), null, 'both are full: the fourth waits');
    assert.equal((await queueStanding(ctx.db, c4.conversationId))!.position, 1);
    assert.ok((await queueStanding(ctx.db, c4.conversationId))!.estimatedWaitSeconds > 0);
    await closeConversation(deps, { conversationId: c1.conversationId, by: { type: 'agent', id: String(a) } });
    assert.equal(await who(c4), a, 'a freed seat takes the next waiting conversation');
    assert.equal(await queueStanding(ctx.db, c4.conversationId), null, 'no longer in the queue');
  });

  test('a resident and an agent talk; notes stay internal; script arrives as text; the agent links a taxpayer', async () => {
    const ag = await agent(seocho.desk_agent!);
    await ag.http.json('/api/desk/status', 'PUT', { status: 'available' }, { 'x-csrf-token': ag.http.csrfToken! });
    const res = await resident('seocho');
    await res.ws.next((f) => f.type === 'state' && f.state === 'assigned');
    const script = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    res.ws.send({ type: 'send', body: script });
    ag.ws.send({ type: 'watch', conversationId: res.conversationId, after: 0 });
    const got = await ag.ws.next(isMessage(script));
    assert.equal(got.body, script, 'delivered verbatim as data; the clients set it with textContent');
    ag.ws.send({ type: 'send', conversationId: res.conversationId, body: 'internal only', note: true });
    ag.ws.send({ type: 'send', conversationId: res.conversationId, body: '안녕하세요, 서초구입니다.' });
    await ag.ws.next(isMessage('internal only'));
    await res.ws.next(isMessage('안녕하세요, 서초구입니다.'));
    assert.ok(!res.ws.frames.some((f) => f.body === 'internal only'), 'notes never reach the resident');
    const history = await ag.http.request(`/api/desk/conversations/${res.conversationId}`);
    const body = (await history.json()) as { messages: { kind: string; body: string }[] };
    assert.ok(body.messages.some((m) => m.kind === 'note'));
    const [taxpayerId] = await createTaxpayers(ctx.db, 'seocho', [{ mobile: '+821012345678' }], testCipher);
    const no = (await ctx.db.query<{ taxpayer_no: string }>('SELECT taxpayer_no FROM taxpayers WHERE id = $1', [taxpayerId])).rows[0]!.taxpayer_no;
    const linked = await ag.http.json(`/api/desk/conversations/${res.conversationId}/taxpayer`, 'POST', { taxpayerNo: no }, { 'x-csrf-token': ag.http.csrfToken! });
    assert.equal(linked.status, 200);
    const tp = ((await linked.json()) as { taxpayer: { id: number; mobileMasked: string } }).taxpayer;
    assert.equal(tp.id, taxpayerId);
    assert.doesNotMatch(tp.mobileMasked, /12345678/);
    const byName = await ag.http.json(`/api/desk/conversations/${res.conversationId}/taxpayer`, 'POST', { name: '납세자0', birthDate: '1980-01-01' }, { 'x-csrf-token': ag.http.csrfToken! });
    assert.equal(byName.status, 200);
    const noCsrf = await ag.http.json(`/api/desk/conversations/${res.conversationId}/close`, 'POST', {});
    assert.equal(noCsrf.status, 403);
    const closed = await ag.http.json(`/api/desk/conversations/${res.conversationId}/close`, 'POST', {}, { 'x-csrf-token': ag.http.csrfToken! });
    assert.equal(closed.status, 200);
    await res.ws.next((f) => f.type === 'state' && f.state === 'closed');
    await ag.http.json('/api/desk/status', 'PUT', { status: 'away' }, { 'x-csrf-token': ag.http.csrfToken! });
    await res.ws.close();
    await ag.ws.close();
  });

  test('a reconnecting resident gets exactly the messages they missed', async () => {
    const ag = await agent(seocho.admin!);
    const res = await resident('seocho');
    const pick = await ag.http.json(`/api/desk/conversations/${res.conversationId}/pick`, 'POST', {}, { 'x-csrf-token': ag.http.csrfToken! });
    assert.equal(pick.status, 200);
    ag.ws.send({ type: 'watch', conversationId: res.conversationId, after: 0 });
    for (const text of ['one', 'two']) ag.ws.send({ type: 'send', conversationId: res.conversationId, body: text });
    await res.ws.next(isMessage('two'));
    const seen = res.ws.messages();
    const lastId = Math.max(...seen.map((f) => f.id as number));
    await res.ws.close();
    for (const text of ['three', 'four', 'five']) ag.ws.send({ type: 'send', conversationId: res.conversationId, body: text });
    await ag.ws.next(isMessage('five'));
    const again = await FrameClient.connect(`${wsUrl}/r/desk/socket`);
    again.send({ type: 'resume', resume: res.token, after: lastId });
    await again.next(isMessage('five'));
    again.send({ type: 'send', body: 'six' });
    await again.next(isMessage('six'));
    const bodies = again.messages().map((f) => f.body);
    assert.deepEqual(bodies, ['three', 'four', 'five', 'six'], 'no loss, no duplicates, in order');
    const ids = again.messages().map((f) => f.id as number);
    assert.deepEqual(ids, [...ids].sort((x, y) => x - y));
    const bad = await FrameClient.connect(`${wsUrl}/r/desk/socket`);
    bad.send({ type: 'resume', resume: 'A'.repeat(32), after: 0 });
    assert.equal((await bad.next((f) => f.type === 'error')).code, 'resume_unknown');
    await Promise.all([again.close(), bad.close(), ag.ws.close()]);
  });

  test('after the bus resyncs, the resident and the watching agent get what no event announced, with fresh state and queue', async () => {
    const ag = await agent(seocho.admin!);
    const res = await resident('seocho');
    assert.equal((await ag.http.json(`/api/desk/conversations/${res.conversationId}/pick`, 'POST', {}, { 'x-csrf-token': ag.http.csrfToken! })).status, 200);
    ag.ws.send({ type: 'watch', conversationId: res.conversationId, after: 0 });
    await ag.ws.next((f) => f.type === 'watching' && f.conversationId === res.conversationId);
    ag.ws.send({ type: 'send', conversationId: res.conversationId, body: 'before the outage' });
    await res.ws.next(isMessage('before the outage'));
    // A row whose event was lost: stored while the listening connection was down.
    await ctx.db.query(`INSERT INTO desk_messages (conversation_id, author_type, author_id, kind, body) VALUES ($1, 'agent', $2, 'text', 'during the outage')`, [
      res.conversationId, String(ag.id),
    ]);
    const residentMark = res.ws.frames.length;
    const agentMark = ag.ws.frames.length;
    if (ctx.engine === 'postgres') {
      // the real outage: the bus reconnects and hands every subscriber RESYNC
      const { rows } = await ctx.db.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
        [LISTEN_APPLICATION_NAME],
      );
      assert.ok(rows[0]!.n >= 1);
    } else {
      // PGlite notifies in-process and never drops: hand the subscribers the bus's RESYNC on their topics
      await deps.bus.publish(conversationTopic(res.conversationId), RESYNC);
      await deps.bus.publish(districtTopic('seocho'), RESYNC);
    }
    await res.ws.next(isMessage('during the outage'), residentMark);
    await res.ws.next((f) => f.type === 'state' && f.state === 'assigned', residentMark);
    await ag.ws.next(isMessage('during the outage'), agentMark);
    await ag.ws.next((f) => f.type === 'queue' && (f.items as { id: number }[]).some((i) => i.id === res.conversationId), agentMark);
    ag.ws.send({ type: 'send', conversationId: res.conversationId, body: 'after the outage' });
    await res.ws.next(isMessage('after the outage'));
    const ids = res.ws.messages().map((f) => f.id as number);
    assert.equal(new Set(ids).size, ids.length, 'nothing twice');
    assert.deepEqual(res.ws.messages().filter((f) => f.authorType === 'agent').map((f) => f.body), ['before the outage', 'during the outage', 'after the outage']);
    await ag.http.json(`/api/desk/conversations/${res.conversationId}/close`, 'POST', {}, { 'x-csrf-token': ag.http.csrfToken! });
    await Promise.all([res.ws.close(), ag.ws.close()]);
  });

  test('an agent of one district never sees another district’s conversations, over HTTP or the socket', async () => {
    const res = await resident('gangnam');
    const ag = await agent(seocho.desk_agent!);
    const byHttp = await ag.http.request(`/api/desk/conversations/${res.conversationId}`, { headers: { accept: 'application/json' } });
    assert.equal(byHttp.status, 404);
    const queue = (await (await ag.http.request('/api/desk/queue')).json()) as { items: { id: number }[] };
    assert.ok(!queue.items.some((i) => i.id === res.conversationId));
    const pick = await ag.http.json(`/api/desk/conversations/${res.conversationId}/pick`, 'POST', {}, { 'x-csrf-token': ag.http.csrfToken! });
    assert.equal(pick.status, 409);
    assert.equal((await getConversation(ctx.db, res.conversationId))!.state, 'waiting');
    const mark = ag.ws.frames.length;
    ag.ws.send({ type: 'watch', conversationId: res.conversationId, after: 0 });
    assert.equal((await ag.ws.next((f) => f.type === 'error', mark)).code, 'conversation_not_found');
    ag.ws.send({ type: 'send', conversationId: res.conversationId, body: 'hello?', note: true });
    await ag.ws.next((f) => f.type === 'error', ag.ws.frames.length);
    res.ws.send({ type: 'send', body: '강남구에 질문' });
    const gangnamAgent = await agent(gangnam.desk_agent!);
    gangnamAgent.ws.send({ type: 'watch', conversationId: res.conversationId, after: 0 });
    await gangnamAgent.ws.next(isMessage('강남구에 질문'));
    assert.ok(!ag.ws.frames.some((f) => f.body === '강남구에 질문'));
    assert.ok(!ag.ws.frames.some((f) => f.type === 'queue' && (f.items as { id: number }[]).some((i) => i.id === res.conversationId)));
    const { rowCount } = await ctx.db.query('SELECT 1 FROM desk_messages WHERE conversation_id = $1 AND body = $2', [res.conversationId, 'hello?']);
    assert.equal(rowCount, 0);
    await Promise.all([res.ws.close(), ag.ws.close(), gangnamAgent.ws.close()]);
  });

  test('bad input: oversized messages and frames, unknown frames, floods, and an agent socket without a session', async () => {
    const res = await resident('seocho');
    res.ws.send({ type: 'send', body: 'x'.repeat(2001) });
    assert.equal((await res.ws.next((f) => f.type === 'error')).code, 'message_too_long');
    let mark = res.ws.frames.length;
    res.ws.send('not json');
    assert.equal((await res.ws.next((f) => f.type === 'error', mark)).code, 'bad_frame');
    mark = res.ws.frames.length;
    res.ws.send({ type: 'send', body: 'y', extra: '<b>' });
    res.ws.send({ type: 'nope' });
    assert.equal((await res.ws.next((f) => f.type === 'error', mark)).code, 'bad_frame');
    for (let i = 0; i < 25; i++) res.ws.send({ type: 'send', body: `flood ${i}` });
    await res.ws.next((f) => f.type === 'error' && f.code === 'rate_limited');
    const stored = await ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM desk_messages WHERE conversation_id = $1 AND author_type = 'resident'`, [res.conversationId]);
    assert.ok(Number(stored.rows[0]!.n) < 25, `flood stored ${stored.rows[0]!.n}`);
    res.ws.send(JSON.stringify({ type: 'send', body: 'z'.repeat(20_000) }));
    assert.equal((await res.ws.closed).code, 1009, 'frames over 16 KiB close the socket');
    // refused before the upgrade: the sign-in redirect (browsers) or 401 (programs)
    const refused = (e: { status?: number }) => e.status === 303 || e.status === 401;
    await assert.rejects(FrameClient.connect(`${wsUrl}/console/desk/socket`), refused);
    await assert.rejects(FrameClient.connect(`${wsUrl}/console/desk/socket`, { cookie: 'ts_session=' + 'a'.repeat(43), accept: 'application/json' }), (e: { status?: number }) => e.status === 401);
    const http = new TestClient(server.url);
    await http.login(seocho.desk_agent!);
    const crossSite = await FrameClient.connect(`${wsUrl}/console/desk/socket`, { cookie: `ts_session=${http.cookies.get('ts_session')}`, origin: 'https://evil.example' });
    assert.equal((await crossSite.closed).code, 1008, 'a cross-site page cannot ride the session cookie');
    assert.ok(!crossSite.frames.some((f) => f.type === 'queue'));
    const clerk = new TestClient(server.url);
    await createDistrictWithStaff(ctx.db, 'seocho', ['lecturer']);
    await clerk.login('seocho.lecturer');
    await assert.rejects(FrameClient.connect(`${wsUrl}/console/desk/socket`, { cookie: `ts_session=${clerk.cookies.get('ts_session')}`, accept: 'application/json' }), (e: { status?: number }) => e.status === 403);
    const anonymousApi = await fetch(`${server.url}/api/desk/queue`, { headers: { accept: 'application/json' } });
    assert.equal(anonymousApi.status, 401);
  });

  test('an agent socket ends with its session: sign-out closes it at once, expiry and a disabled account at the next frame, which does nothing', async () => {
    const { rows: conv } = await ctx.db.query<{ id: string }>(
      `INSERT INTO conversations (district_code, source, resident_ref, locale, resume_token_hash) VALUES ('seocho', 'web', 'web:session-test', 'ko', $1) RETURNING id`,
      [createHash('sha256').update(`session-test-${ctx.engine}`).digest()],
    );
    const conversationId = Number(conv[0]!.id);
    const notes = async (body: string) => (await ctx.db.query('SELECT 1 FROM desk_messages WHERE conversation_id = $1 AND body = $2', [conversationId, body])).rowCount;
    const ended = async (ws: FrameClient) => {
      assert.equal((await ws.closed).code, 4401);
      assert.ok(ws.frames.some((f) => f.type === 'error' && f.code === 'session_ended'), 'told why');
    };
    const sessionOf = (http: TestClient) => createHash('sha256').update(http.cookies.get('ts_session')!).digest();

    // A live session acts: a note is stored.
    const live = await agent(seocho.desk_agent!);
    live.ws.send({ type: 'watch', conversationId, after: 0 });
    await live.ws.next((f) => f.type === 'watching' && f.conversationId === conversationId);
    live.ws.send({ type: 'send', conversationId, body: 'note while signed in', note: true });
    await live.ws.next((f) => f.type === 'message' && f.body === 'note while signed in');

    // Sign-out: the socket of that session closes without waiting for a frame; another session of the same agent stays.
    const other = await agent(seocho.desk_agent!);
    const signedOut = await live.http.request('/logout', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${live.http.csrfToken}` });
    assert.equal(signedOut.status, 303);
    await ended(live.ws);
    other.ws.send({ type: 'watch', conversationId, after: 0 });
    await other.ws.next((f) => f.type === 'watching' && f.conversationId === conversationId);
    assert.equal(other.ws.socket.readyState, other.ws.socket.OPEN, 'the other session is untouched');

    // Expiry: the next frame finds the session gone, closes the socket and does nothing.
    await ctx.db.query(`UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [sessionOf(other.http)]);
    other.ws.send({ type: 'send', conversationId, body: 'note after expiry', note: true });
    await ended(other.ws);
    assert.equal(await notes('note after expiry'), 0);

    // A disabled account: the same at its next frame.
    const username = `seocho.disabled-${ctx.engine}`;
    const id = await createStaffAccount(ctx.db, { districtCode: 'seocho', username, displayName: 'D', role: 'desk_agent', password: TEST_PASSWORD });
    const doomed = await agent(username);
    await ctx.db.query('UPDATE staff_accounts SET disabled_at = now() WHERE id = $1', [id]);
    doomed.ws.send({ type: 'send', conversationId, body: 'note from a disabled account', note: true });
    await ended(doomed.ws);
    assert.equal(await notes('note from a disabled account'), 0);
    assert.equal(await notes('note while signed in'), 1);
  });

  test('the no-script page and the widget on resident pages', async () => {
    const page = await fetch(`${server.url}/r/desk?lang=en`);
    const text = await page.text();
    assert.match(text, /Live chat needs JavaScript/);
    assert.match(text, /href="\/r\/desk\/offline\?lang=en"/);
    const home = await (await fetch(`${server.url}/`)).text();
    assert.match(home, /data-desk-widget/);
    assert.match(home, /<script src="\/assets\/desk-widget\.js\?v=[0-9a-f]{12}" defer>/);
  });
});
