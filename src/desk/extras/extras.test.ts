import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../platform/http/test-server.ts';
import { closeConversation, openConversation, postMessage } from '../conversations.service.ts';
import { deskDepsFrom } from './desk-deps.ts';
import { saveOfflineMessage } from './extras.service.ts';

// The desk's extras over HTTP on both engines: canned answers (admins write,
// agents read, each district its own), offline messages answered through the
// delivery engine, satisfaction and transcripts after the close, structured
// contact-update requests applied with an audit entry, the dashboard; and
// district isolation throughout.

const KEY = Buffer.alloc(32, 7).toString('base64');

forEachEngine('desk extras', (ctx) => {
  let server: TestServer;
  let gAdmin: TestClient;
  let gAgent: TestClient;
  let sAdmin: TestClient;
  let sAgent: TestClient;
  before(async () => {
    server = await startTestServer(ctx.db, { TAXSTATION_ENCRYPTION_KEY: KEY });
    const g = await createDistrictWithStaff(ctx.db, 'gangnam', ['admin', 'desk_agent'], { ko: '강남구', en: 'Gangnam-gu' });
    const s = await createDistrictWithStaff(ctx.db, 'seocho', ['admin', 'desk_agent'], { ko: '서초구', en: 'Seocho-gu' });
    [gAdmin, gAgent, sAdmin, sAgent] = [new TestClient(server.url), new TestClient(server.url), new TestClient(server.url), new TestClient(server.url)];
    await gAdmin.login(g.admin);
    await gAgent.login(g.desk_agent);
    await sAdmin.login(s.admin);
    await sAgent.login(s.desk_agent);
  });
  after(async () => {
    await server?.close();
  });

  const call = (c: TestClient, path: string, method: string, body?: unknown) =>
    body === undefined
      ? c.request(path, { method, headers: method === 'GET' ? {} : { 'x-csrf-token': c.csrfToken ?? '' } })
      : c.json(path, method, body, { 'x-csrf-token': c.csrfToken ?? '' });
  const deps = () => deskDepsFrom(server.deps);

  test('canned answers: admins add, change and remove; agents read; each district sees only its own', async () => {
    const created = await call(gAdmin, '/api/desk/canned-answers', 'POST', { title: '납부 방법', bodyKo: '위택스에서 납부할 수 있습니다.', bodyEn: 'You can pay on Wetax.' });
    assert.equal(created.status, 201);
    const { id } = (await created.json()) as { id: number };
    assert.equal((await call(gAdmin, '/api/desk/canned-answers', 'POST', { title: '납부 방법', bodyKo: 'x', bodyEn: 'y' })).status, 409);
    assert.equal((await call(gAdmin, '/api/desk/canned-answers', 'POST', { title: '', bodyKo: 'x', bodyEn: 'y' })).status, 400);
    assert.equal((await call(gAgent, '/api/desk/canned-answers', 'POST', { title: 'agent', bodyKo: 'x', bodyEn: 'y' })).status, 403);
    assert.equal((await call(gAdmin, '/api/desk/canned-answers', 'POST', { title: 'second', bodyKo: 'x', bodyEn: 'y' })).status, 201);
    assert.equal((await gAdmin.json('/api/desk/canned-answers', 'POST', { title: 'no token', bodyKo: 'x', bodyEn: 'y' })).status, 403);
    await call(sAdmin, '/api/desk/canned-answers', 'POST', { title: '서초 안내', bodyKo: '서초구', bodyEn: 'Seocho' });

    const changed = await call(gAdmin, `/api/desk/canned-answers/${id}`, 'PUT', { title: '납부 방법', bodyKo: '위택스 또는 가상계좌로 납부할 수 있습니다.', bodyEn: 'Pay on Wetax or by bank transfer.' });
    assert.equal(changed.status, 200);
    const gList = (await (await call(gAgent, '/api/desk/canned-answers', 'GET')).json()) as { answers: { title: string; bodyKo: string }[] };
    assert.deepEqual(gList.answers.map((a) => a.title).sort(), ['second', '납부 방법']);
    assert.match(gList.answers.find((a) => a.title === '납부 방법')!.bodyKo, /가상계좌/);
    const sList = (await (await call(sAgent, '/api/desk/canned-answers', 'GET')).json()) as { answers: { title: string }[] };
    assert.deepEqual(sList.answers.map((a) => a.title), ['서초 안내'], 'a Seocho agent never sees Gangnam canned answers');
    assert.equal((await call(sAdmin, `/api/desk/canned-answers/${id}`, 'PUT', { title: 'x', bodyKo: 'x', bodyEn: 'x' })).status, 404);
    assert.equal((await call(sAdmin, `/api/desk/canned-answers/${id}`, 'DELETE')).status, 404);
    assert.equal((await call(gAdmin, `/api/desk/canned-answers/${id}`, 'DELETE')).status, 200);
    assert.equal((await call(gAdmin, `/api/desk/canned-answers/${id}`, 'DELETE')).status, 404);
  });

  test('an offline message is answered once, through the delivery engine, to the contact the resident gave; other districts cannot see it', async () => {
    const saved = await saveOfflineMessage(deps(), { district: 'gangnam', name: '김민지', replyChannel: 'email', contact: 'minji@example.kr', question: '재산세 분할납부가 되나요?', locale: 'ko' }, 'minji@example.kr');
    assert.match(saved.reference, /^DQ-[A-Z2-9]{8}$/);
    const open = (await (await call(gAgent, '/api/desk/offline-messages', 'GET')).json()) as { messages: { id: number; question: string }[] };
    assert.deepEqual(open.messages.map((m) => m.id), [saved.id]);
    assert.deepEqual(((await (await call(sAgent, '/api/desk/offline-messages', 'GET')).json()) as { messages: unknown[] }).messages, []);
    assert.equal((await call(sAgent, `/api/desk/offline-messages/${saved.id}/answer`, 'POST', { answer: 'x' })).status, 404);
    assert.equal((await call(gAgent, `/api/desk/offline-messages/${saved.id}/answer`, 'POST', { answer: '' })).status, 400);

    const answered = await call(gAgent, `/api/desk/offline-messages/${saved.id}/answer`, 'POST', { answer: '250만 원 이상이면 분할납부할 수 있습니다.' });
    assert.equal(answered.status, 201);
    const { messageId } = (await answered.json()) as { messageId: number };
    const { rows } = await ctx.db.query<{ topic: string; plan: string[]; recipient_enc: Uint8Array; variables_enc: Uint8Array; kind: string }>(
      'SELECT topic, plan, recipient_enc, variables_enc, kind FROM messages WHERE id = $1', [messageId],
    );
    assert.equal(rows[0]!.topic, 'desk_reply');
    assert.deepEqual(rows[0]!.plan, ['email']);
    assert.equal(rows[0]!.kind, 'guidance');
    assert.deepEqual(JSON.parse(testCipher.decrypt(Buffer.from(rows[0]!.recipient_enc))), { email: 'minji@example.kr' });
    assert.match(JSON.parse(testCipher.decrypt(Buffer.from(rows[0]!.variables_enc))).answer, /분할납부/);
    const attempts = await ctx.db.query('SELECT channel FROM delivery_attempts WHERE message_id = $1', [messageId]);
    assert.deepEqual(attempts.rows, [{ channel: 'email' }]);
    assert.equal((await call(gAgent, `/api/desk/offline-messages/${saved.id}/answer`, 'POST', { answer: 'again' })).status, 409);
  });

  test('satisfaction and transcript after the close, by resume token; not before, not twice, not with a bad token', async () => {
    const d = deps();
    const { conversationId, resumeToken } = await openConversation(d, { districtCode: 'gangnam', source: 'web', residentRef: 'r-1', locale: 'ko' });
    await postMessage(d, { conversationId, author: { type: 'resident', id: 'r-1' }, kind: 'text', body: '<script>alert(1)</script> 안녕하세요' });
    await postMessage(d, { conversationId, author: { type: 'agent', id: 'a' }, kind: 'note', body: 'INTERNAL NOTE' });
    await postMessage(d, { conversationId, author: { type: 'agent', id: 'a' }, kind: 'text', body: '무엇을 도와드릴까요?' });
    const resident = new TestClient(server.url);
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 5 })).status, 409, 'not before the close');
    await closeConversation(d, { conversationId, by: { type: 'resident', id: 'r-1' } });
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 6 })).status, 400);
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken: 'x'.repeat(32), rating: 4 })).status, 404);
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 4, comment: '친절했어요' })).status, 201);
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 1 })).status, 409);
    const { rows: sat } = await ctx.db.query('SELECT rating, comment, district_code FROM desk_satisfaction WHERE conversation_id = $1', [conversationId]);
    assert.deepEqual(sat, [{ rating: 4, comment: '친절했어요', district_code: 'gangnam' }]);

    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'not-an-email' })).status, 400);
    const sent = await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'Resident@Example.kr' });
    assert.equal(sent.status, 201);
    const { rows } = await ctx.db.query<{ message_id: number }>('SELECT message_id FROM desk_transcripts WHERE conversation_id = $1', [conversationId]);
    const { rows: m } = await ctx.db.query<{ topic: string; recipient_enc: Uint8Array; variables_enc: Uint8Array }>('SELECT topic, recipient_enc, variables_enc FROM messages WHERE id = $1', [rows[0]!.message_id]);
    assert.equal(m[0]!.topic, 'desk_transcript');
    const transcript = JSON.parse(testCipher.decrypt(Buffer.from(m[0]!.variables_enc))).transcript as string;
    assert.match(transcript, /나: <script>alert\(1\)<\/script> 안녕하세요/);
    assert.match(transcript, /상담원: 무엇을 도와드릴까요\?/);
    assert.doesNotMatch(transcript, /INTERNAL NOTE/, 'internal notes never reach the resident');
    await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'resident@example.kr' });
    await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'resident@example.kr' });
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'resident@example.kr' })).status, 429);
  });

  test('a structured contact-update request is applied with one action through the official path: audit entry with source chat, taxpayer linked', async () => {
    const d = deps();
    const [taxpayerId] = await createTaxpayers(ctx.db, 'gangnam', [{ mobile: '+821612345678', enrol: ['sms'] }]);
    const { rows: tp } = await ctx.db.query<{ name: string; taxpayer_no: string }>('SELECT name, taxpayer_no FROM taxpayers WHERE id = $1', [taxpayerId]);
    const { conversationId, resumeToken } = await openConversation(d, { districtCode: 'gangnam', source: 'messenger', residentRef: 'kakao-user-9', locale: 'ko' });
    const resident = new TestClient(server.url);
    assert.equal((await resident.json('/r/desk/contact-form', 'POST', { resumeToken, name: tp[0]!.name, birthDate: '1980-02-30', mobile: '010-2345-6789' })).status, 400, 'no such date');
    assert.equal((await resident.json('/r/desk/contact-form', 'POST', { resumeToken, name: tp[0]!.name, birthDate: '1980-01-01' })).status, 400, 'nothing to change');
    const badContacts = await resident.json('/r/desk/contact-form', 'POST', { resumeToken, name: tp[0]!.name, birthDate: '1980-01-01', mobile: '016-234-5678', email: 'not-an-address' }, { accept: 'application/json' });
    assert.equal(badContacts.status, 400, 'a dead prefix and a malformed address are refused when sent, not when applied');
    const badBody = (await badContacts.json()) as { errors: { field: string; reason: string }[] };
    assert.deepEqual(badBody.errors.map((e) => e.field).sort(), ['email', 'mobile']);
    assert.match(badBody.errors.find((e) => e.field === 'mobile')!.reason, /010/, 'in the conversation language, naming what to enter');
    const misspelt = await resident.json('/r/desk/contact-form', 'POST', { resumeToken, name: tp[0]!.name, birthDate: '1980-01-01', email: 'kim@hanmail.com' }, { accept: 'application/json' });
    assert.equal(misspelt.status, 400, 'a misspelt provider domain is refused when sent, as it would be when applied');
    const misspeltBody = (await misspelt.json()) as { errors: { field: string; reason: string }[] };
    assert.deepEqual(misspeltBody.errors.map((e) => e.field), ['email']);
    assert.match(misspeltBody.errors[0]!.reason, /hanmail\.net/, 'with the address it probably meant');
    const posted = await resident.json('/r/desk/contact-form', 'POST', { resumeToken, name: tp[0]!.name, birthDate: '1980-01-01', mobile: '010-2345-6789', email: 'new@example.kr', channels: ['sms', 'email'] });
    assert.equal(posted.status, 201);
    const { messageId } = (await posted.json()) as { messageId: number };

    const path = `/api/desk/conversations/${conversationId}/contact-requests/${messageId}/apply`;
    assert.equal((await call(sAgent, path, 'POST', {})).status, 404, 'a Seocho agent cannot reach a Gangnam conversation');
    assert.equal((await call(gAgent, path, 'POST', { taxpayerNo: 'NOPE' })).status, 404);
    const applied = await call(gAgent, path, 'POST', {});
    assert.equal(applied.status, 200, await applied.clone().text());
    const result = (await applied.json()) as { taxpayerId: number; changedFields: string[] };
    assert.equal(result.taxpayerId, taxpayerId);
    assert.deepEqual(result.changedFields.sort(), ['email', 'enrol_email', 'mobile']);
    assert.equal((await call(gAgent, path, 'POST', {})).status, 409, 'applied once');

    const { rows: audit } = await ctx.db.query<{ actor_type: string; reason: string; source: string; details: { changed: string[]; new: { mobile: string } } }>(
      `SELECT actor_type, reason, source, details FROM audit_log WHERE entity_type = 'taxpayer' AND entity_id = $1 AND action = 'taxpayer.contact_updated'`, [String(taxpayerId)],
    );
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.source, 'chat');
    assert.equal(audit[0]!.actor_type, 'staff');
    assert.equal(audit[0]!.reason, `chat request #${conversationId}`);
    assert.doesNotMatch(JSON.stringify(audit[0]!.details), /2345-6789|new@example/, 'masked in the audit entry');
    const { rows: conv } = await ctx.db.query<{ taxpayer_id: number }>('SELECT taxpayer_id::int AS taxpayer_id FROM conversations WHERE id = $1', [conversationId]);
    assert.equal(conv[0]!.taxpayer_id, taxpayerId);
    const { rows: contact } = await ctx.db.query<{ mobile_enc: Uint8Array; contact_source: string }>('SELECT mobile_enc, contact_source FROM taxpayers WHERE id = $1', [taxpayerId]);
    assert.equal(testCipher.decrypt(Buffer.from(contact[0]!.mobile_enc)), '+821023456789');
    assert.equal(contact[0]!.contact_source, 'chat');
  });

  test('dashboard figures are per district', async () => {
    const g = (await (await call(gAgent, '/api/desk/dashboard', 'GET')).json()) as { conversations: number; satisfaction: { answers: number; byRating: number[] }; perHour: { conversations: number }[] };
    assert.ok(g.conversations >= 2);
    assert.deepEqual(g.satisfaction.byRating, [0, 0, 0, 1, 0]);
    assert.equal(g.perHour.reduce((a, h) => a + h.conversations, 0), g.conversations);
    const s = (await (await call(sAgent, '/api/desk/dashboard', 'GET')).json()) as { conversations: number; satisfaction: { answers: number } };
    assert.equal(s.conversations, 0, 'Seocho sees none of Gangnam');
    assert.equal(s.satisfaction.answers, 0);
    assert.equal((await call(gAgent, '/api/desk/dashboard?days=0', 'GET')).status, 400);
  });
});
