import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { forEachEngine } from '../../../test-support/engines.ts';
import { signedWebhookHeaders } from '../../delivery/providers/gateway-signature.ts';
import { startMessengerSimulator, inboundBody, type MessengerSimulator } from '../../delivery/simulator/messenger-sim.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { postMessage, closeConversation } from '../conversations/conversations.service.ts';
import { OPEN_HOURS, SEOLLAL, SeoulClock } from '../desk.test-support.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { ATTACHMENT_MAX_BYTES } from '../attachments/attachments.ts';
import { forwardMessengerReplies } from './messenger.service.ts';

// The messenger channel over real HTTP against the messenger gateway simulator
// on both engines: signatures, shapes, one conversation per resident, replies
// out through the gateway, attachments, district isolation.

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-test-image-bytes')]);
const OOH = '[test] out of hours';

forEachEngine('messenger channel', (ctx) => {
  let server: TestServer;
  let sim: MessengerSimulator;
  let gangnamAdmin: TestClient;
  let gangnamAgent: TestClient;
  let seochoAgent: TestClient;
  let webhook: string;
  const clock = new SeoulClock(OPEN_HOURS);

  before(async () => {
    server = await startTestServer(ctx.db);
    sim = await startMessengerSimulator();
    const g = await createDistrictWithStaff(ctx.db, 'gangnam', ['admin', 'desk_agent'], { ko: '강남구', en: 'Gangnam-gu' });
    const s = await createDistrictWithStaff(ctx.db, 'seocho', ['admin', 'desk_agent'], { ko: '서초구', en: 'Seocho-gu' });
    server.deps.clock = clock.now;
    // A recognisable out-of-hours message, for the test that closes the desk.
    await ctx.db.query(`INSERT INTO desk_settings (district_code, out_of_hours_ko, out_of_hours_en) VALUES ('gangnam', $1, $1)`, [OOH]);
    gangnamAdmin = new TestClient(server.url);
    await gangnamAdmin.login(g.admin);
    gangnamAgent = new TestClient(server.url);
    await gangnamAgent.login(g.desk_agent);
    seochoAgent = new TestClient(server.url);
    await seochoAgent.login(s.desk_agent);
    const put = await gangnamAdmin.json('/api/desk/messenger/channel', 'PUT', { gatewayUrl: sim.url, apiKey: sim.apiKey, webhookSecret: sim.webhookSecret }, { 'x-csrf-token': gangnamAdmin.csrfToken! });
    assert.equal(put.status, 200, await put.clone().text());
    assert.equal(((await put.json()) as { webhookPath: string }).webhookPath, '/api/webhooks/messenger/gangnam');
    webhook = `${server.url}/api/webhooks/messenger/gangnam`;
  });
  after(async () => {
    await server?.close();
    await sim?.close();
  });

  const repliesTo = (userKey: string) => sim.replies(userKey).filter((r) => r.text !== OOH);

  test('channel settings: admins only, with CSRF, valid input', async () => {
    const body = { gatewayUrl: sim.url, apiKey: sim.apiKey, webhookSecret: sim.webhookSecret };
    assert.equal((await gangnamAgent.json('/api/desk/messenger/channel', 'PUT', body, { 'x-csrf-token': gangnamAgent.csrfToken! })).status, 403);
    assert.equal((await gangnamAdmin.json('/api/desk/messenger/channel', 'PUT', body)).status, 403, 'no CSRF token');
    assert.equal((await gangnamAdmin.json('/api/desk/messenger/channel', 'PUT', { ...body, webhookSecret: 'short' }, { 'x-csrf-token': gangnamAdmin.csrfToken! })).status, 400);
  });

  test('unsigned, forged, stale and malformed webhook calls are refused', async () => {
    const raw = JSON.stringify(inboundBody({ userKey: 'u-forger', text: 'hello' }, 'forged-1'));
    const unsigned = await fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    assert.equal(unsigned.status, 401);
    assert.equal(((await unsigned.json()) as { code: string }).code, 'messenger_unsigned');
    const forged = await fetch(webhook, { method: 'POST', headers: signedWebhookHeaders('not-the-shared-secret-at-all', raw), body: raw });
    assert.equal(forged.status, 401);
    const stale = await fetch(webhook, { method: 'POST', headers: signedWebhookHeaders(sim.webhookSecret, raw, Date.now() - 10 * 60_000), body: raw });
    assert.equal(stale.status, 401);
    // the body of one call under the signature of another
    const other = JSON.stringify(inboundBody({ userKey: 'u-forger', text: 'changed' }, 'forged-1'));
    assert.equal((await fetch(webhook, { method: 'POST', headers: signedWebhookHeaders(sim.webhookSecret, raw), body: other })).status, 401);
    const notJson = 'not json';
    assert.equal((await fetch(webhook, { method: 'POST', headers: signedWebhookHeaders(sim.webhookSecret, notJson), body: notJson })).status, 400);
    const badShape = JSON.stringify({ event: 'message', user_key: 'u-forger', message_id: 'x', sent_at: new Date().toISOString(), type: 'photo' });
    const bad = await fetch(webhook, { method: 'POST', headers: signedWebhookHeaders(sim.webhookSecret, badShape), body: badShape });
    assert.equal(bad.status, 400);
    assert.ok(((await bad.json()) as { errors: { field: string }[] }).errors.some((p) => p.field === 'attachment'));
    const unknownDistrict = await fetch(`${server.url}/api/webhooks/messenger/nowhere`, { method: 'POST', headers: signedWebhookHeaders(sim.webhookSecret, raw), body: raw });
    assert.equal(unknownDistrict.status, 404);
    const { rows } = await ctx.db.query(`SELECT 1 FROM conversations WHERE resident_ref = 'u-forger'`);
    assert.equal(rows.length, 0, 'nothing refused was stored');
  });

  test('a resident message opens a messenger conversation; the same gateway message twice is stored once; agent replies go out through the gateway', async () => {
    const first = await sim.sendInbound(webhook, { userKey: 'u-kim', text: '연락처를 바꾸고 싶어요' });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const { conversation_id: conversationId, duplicate } = first.body as { conversation_id: number; duplicate: boolean };
    assert.equal(duplicate, false);
    const again = await sim.sendInbound(webhook, { userKey: 'u-kim', text: '연락처를 바꾸고 싶어요', messageId: first.messageId });
    assert.deepEqual(again.body, { conversation_id: conversationId, duplicate: true });
    const second = await sim.sendInbound(webhook, { userKey: 'u-kim', text: '010으로 바꿨습니다' });
    assert.equal((second.body as { conversation_id: number }).conversation_id, conversationId, 'one open conversation per resident');

    const { rows: conv } = await ctx.db.query<{ source: string; district_code: string }>('SELECT source, district_code FROM conversations WHERE id = $1', [conversationId]);
    assert.deepEqual(conv[0], { source: 'messenger', district_code: 'gangnam' });
    const { rows: msgs } = await ctx.db.query<{ body: string }>(`SELECT body FROM desk_messages WHERE conversation_id = $1 AND author_type = 'resident' ORDER BY id`, [conversationId]);
    assert.deepEqual(msgs.map((m) => m.body), ['연락처를 바꾸고 싶어요', '010으로 바꿨습니다']);

    const deps = deskDepsFrom(server.deps);
    await postMessage(deps, { conversationId, author: { type: 'agent', id: 'gangnam.desk-agent' }, kind: 'text', body: '네, 이름과 생년월일을 알려 주세요.' });
    await postMessage(deps, { conversationId, author: { type: 'agent', id: 'gangnam.desk-agent' }, kind: 'note', body: 'internal: check the roll' });
    await forwardMessengerReplies(deps);
    const replies = await sim.waitForReplies('u-kim', 1);
    assert.deepEqual(repliesTo('u-kim').map((r) => r.text), ['네, 이름과 생년월일을 알려 주세요.'], 'notes stay internal');
    assert.ok(replies.every((r) => r.idempotency_key.startsWith('desk-')));
    await forwardMessengerReplies(deps);
    assert.equal(repliesTo('u-kim').length, 1, 'a reply is sent once');

    await closeConversation(deps, { conversationId, by: { type: 'agent', id: 'gangnam.desk-agent' } });
    await forwardMessengerReplies(deps);
    // The serve process's own loop may have claimed the closing text first (replies are claimed with SKIP LOCKED): wait for it.
    await sim.waitForReplies('u-kim', 2);
    assert.match(repliesTo('u-kim').at(-1)!.text, /상담이 종료되었습니다/);
    const next = await sim.sendInbound(webhook, { userKey: 'u-kim', text: '하나 더요' });
    assert.notEqual((next.body as { conversation_id: number }).conversation_id, conversationId, 'after close, a new conversation');
  });

  test('a failed send is retried with the same idempotency key; the serve loop sends replies without being called', async () => {
    const opened = await sim.sendInbound(webhook, { userKey: 'u-lee', text: '안녕하세요' });
    const conversationId = (opened.body as { conversation_id: number }).conversation_id;
    const deps = deskDepsFrom(server.deps);
    sim.failNext(1);
    const { messageId } = await postMessage(deps, { conversationId, author: { type: 'agent', id: 'a' }, kind: 'text', body: '잠시만요' });
    // the forwarder of the serve process may or may not have run yet: force the first try into failure, then let a retry be due
    await forwardMessengerReplies(deps);
    await ctx.db.query(`UPDATE desk_messenger_outbound SET claimed_at = now() - interval '1 minute' WHERE desk_message_id = $1 AND state <> 'sent'`, [messageId]);
    await sim.waitForReplies('u-lee', 1);
    // the gateway has the reply; the serve loop records it as sent just after
    const outboundState = async () => (await ctx.db.query<{ state: string }>('SELECT state FROM desk_messenger_outbound WHERE desk_message_id = $1', [messageId])).rows[0]!.state;
    for (let i = 0; i < 200 && (await outboundState()) !== 'sent'; i++) await delay(50);
    assert.equal(await outboundState(), 'sent');
    assert.equal(repliesTo('u-lee').filter((r) => r.idempotency_key === `desk-${messageId}`).length, 1);
  });

  test('attachments: images and PDF by their bytes, at most 5 MB; refused ones get a bilingual answer; other districts cannot download', async () => {
    const ok = await sim.sendInbound(webhook, { userKey: 'u-park', attachment: { name: '고지서.png', contentType: 'image/png', bytes: PNG } });
    assert.equal(ok.status, 200);
    const conversationId = (ok.body as { conversation_id: number }).conversation_id;
    const { rows } = await ctx.db.query<{ payload: { attachmentId: number; contentType: string } }>(
      `SELECT payload FROM desk_messages WHERE conversation_id = $1 AND kind = 'attachment'`, [conversationId],
    );
    assert.equal(rows.length, 1);
    const { attachmentId, contentType } = rows[0]!.payload;
    assert.equal(contentType, 'image/png');
    const download = await gangnamAgent.request(`/api/desk/attachments/${attachmentId}`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'image/png');
    assert.match(download.headers.get('content-disposition')!, /^attachment;/);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), PNG);
    assert.equal((await seochoAgent.request(`/api/desk/attachments/${attachmentId}`)).status, 404, 'Seocho never sees a Gangnam attachment');

    const script = await sim.sendInbound(webhook, { userKey: 'u-park', attachment: { name: 'photo.png', contentType: 'image/png', bytes: Buffer.from('<script>alert(1)</script>') } });
    assert.equal(script.status, 200);
    const refused = (script.body as { refused: { code: string; ko: string; en: string } }).refused;
    assert.equal(refused.code, 'attachment_type');
    assert.match(refused.ko, /PDF/);
    assert.match(refused.en, /PDF/);
    const mismatch = await sim.sendInbound(webhook, { userKey: 'u-park', attachment: { name: 'a.pdf', contentType: 'application/pdf', bytes: PNG } });
    assert.equal((mismatch.body as { refused: { code: string } }).refused.code, 'attachment_mismatch');
    const big = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1);
    PNG.copy(big);
    const tooBig = await sim.sendInbound(webhook, { userKey: 'u-park', attachment: { name: 'big.png', contentType: 'image/png', bytes: big } });
    assert.equal((tooBig.body as { refused: { code: string } }).refused.code, 'attachment_size');
    const { rows: stored } = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM desk_attachments WHERE conversation_id = $1', [conversationId]);
    assert.equal(stored[0]!.n, 1, 'refused files are not stored');
    await forwardMessengerReplies(deps());
    const expected = (await sim.waitForReplies('u-park', 3)).length >= 3 && repliesTo('u-park').length < 3 ? 4 : 3;
    await sim.waitForReplies('u-park', expected);
    const texts = repliesTo('u-park').map((r) => r.text);
    assert.equal(texts.length, 3, 'one answer per refused file');
    assert.ok(texts.every((t) => /PNG, JPEG, GIF, WebP|5MB/.test(t)), 'the resident hears why each file was refused');
  });

  test('a refund question gets the link to the refund application, once', async () => {
    const asked = await sim.sendInbound(webhook, { userKey: 'u-choi', text: '환급 신청은 어떻게 하나요?' });
    await sim.sendInbound(webhook, { userKey: 'u-choi', text: '환급금은 언제 들어오나요?' });
    const conversationId = (asked.body as { conversation_id: number }).conversation_id;
    const { rows } = await ctx.db.query<{ body: string }>(`SELECT body FROM desk_messages WHERE conversation_id = $1 AND payload->>'auto' = 'refund_link'`, [conversationId]);
    assert.equal(rows.length, 1);
    assert.match(rows[0]!.body, /\/r\/guide\/refund/);
  });

  test('a conversation opened while the desk is closed gets the out-of-hours message through the gateway; an open desk sends none', async () => {
    clock.set(SEOLLAL);
    try {
      const closed = await sim.sendInbound(webhook, { userKey: 'u-night', text: '지금 상담 되나요?' });
      const conversationId = (closed.body as { conversation_id: number }).conversation_id;
      const { rows } = await ctx.db.query<{ body: string; payload: { reason: string; offlineForm: string } }>(
        `SELECT body, payload FROM desk_messages WHERE conversation_id = $1 AND payload->>'auto' = 'out_of_hours'`, [conversationId],
      );
      assert.deepEqual(rows.map((r) => [r.body, r.payload.reason, r.payload.offlineForm]), [[OOH, 'holiday', '/r/desk/offline']]);
      await forwardMessengerReplies(deps());
      assert.ok((await sim.waitForReplies('u-night', 1)).some((r) => r.text === OOH), 'the notice goes out through the gateway');
      await sim.sendInbound(webhook, { userKey: 'u-night', text: '내일 다시 올게요' });
      const again = await ctx.db.query(`SELECT 1 FROM desk_messages WHERE conversation_id = $1 AND payload->>'auto' = 'out_of_hours'`, [conversationId]);
      assert.equal(again.rows.length, 1, 'once per conversation, when it opens');
    } finally {
      clock.set(OPEN_HOURS);
    }
    const open = await sim.sendInbound(webhook, { userKey: 'u-day', text: '안녕하세요' });
    const { rows } = await ctx.db.query(`SELECT 1 FROM desk_messages WHERE conversation_id = $1 AND payload->>'auto' = 'out_of_hours'`, [
      (open.body as { conversation_id: number }).conversation_id,
    ]);
    assert.equal(rows.length, 0);
  });

  const deps = () => deskDepsFrom(server.deps);
});
