import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { closeConversation, openConversation, postMessage } from '../conversations/conversations.service.ts';
import { pickConversation } from '../conversations/queue.service.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { saveOfflineMessage } from './extras.service.ts';

// The desk's extras over HTTP on both engines: canned answers (admins write,
// agents read, each district its own), offline messages answered through the
// delivery engine, satisfaction and transcripts after the close (only to an
// address confirmed by a code), structured contact-update requests (sealed,
// confirmed by codes, applied by the assigned agent with an audit entry), the
// dashboard; and district isolation throughout.

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

  /** The one-time codes queued after a message id, by where they went ('phone' or 'email' → the latest code). */
  async function codesSince(afterId: number): Promise<Record<string, string>> {
    const { rows } = await ctx.db.query<{ recipient_enc: Uint8Array; variables_enc: Uint8Array }>(
      `SELECT recipient_enc, variables_enc FROM messages WHERE topic = 'one_time_code' AND id > $1 ORDER BY id`, [afterId],
    );
    const codes: Record<string, string> = {};
    for (const r of rows) codes[Object.keys(JSON.parse(testCipher.decrypt(Buffer.from(r.recipient_enc))))[0]!] = JSON.parse(testCipher.decrypt(Buffer.from(r.variables_enc))).code;
    return codes;
  }
  const lastMessageId = async () => Number((await ctx.db.query<{ n: string | null }>('SELECT max(id) AS n FROM messages')).rows[0]!.n ?? 0);
  const staffId = async (username: string) => Number((await ctx.db.query<{ id: string }>('SELECT id FROM staff_accounts WHERE username = $1', [username])).rows[0]!.id);
  const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

  test('satisfaction after the close, by resume token; not before, not twice, not with a bad token', async () => {
    const d = deps();
    const { conversationId, resumeToken } = await openConversation(d, { districtCode: 'gangnam', source: 'web', residentRef: 'r-1', locale: 'ko' });
    const resident = new TestClient(server.url);
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 5 })).status, 409, 'not before the close');
    await closeConversation(d, { conversationId, by: { type: 'resident', id: 'r-1' } });
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 6 })).status, 400);
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken: 'x'.repeat(32), rating: 4 })).status, 404);
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 4, comment: '친절했어요' })).status, 201);
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 1 })).status, 409);
    const { rows: sat } = await ctx.db.query('SELECT rating, comment, district_code FROM desk_satisfaction WHERE conversation_id = $1', [conversationId]);
    assert.deepEqual(sat, [{ rating: 4, comment: '친절했어요', district_code: 'gangnam' }]);
  });

  test('a transcript goes only to an address confirmed by a code in this conversation; the typed text never reaches an unconfirmed one', async () => {
    const d = deps();
    const { conversationId, resumeToken } = await openConversation(d, { districtCode: 'gangnam', source: 'web', residentRef: 'r-2', locale: 'ko' });
    await postMessage(d, { conversationId, author: { type: 'resident', id: 'r-2' }, kind: 'text', body: '<script>alert(1)</script> 안녕하세요' });
    await postMessage(d, { conversationId, author: { type: 'agent', id: 'a' }, kind: 'note', body: 'INTERNAL NOTE' });
    await postMessage(d, { conversationId, author: { type: 'agent', id: 'a' }, kind: 'text', body: '무엇을 도와드릴까요?' });
    const resident = new TestClient(server.url);
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'resident@example.kr' })).status, 409, 'not before the close');
    await closeConversation(d, { conversationId, by: { type: 'resident', id: 'r-2' } });
    const transcripts = async () => (await ctx.db.query('SELECT 1 FROM desk_transcripts WHERE conversation_id = $1', [conversationId])).rowCount;
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'not-an-email' })).status, 400);

    // An address nobody confirmed gets a code, not the transcript.
    const before = await lastMessageId();
    const asked = await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'resident@Example.KR' });
    assert.equal(asked.status, 202);
    assert.deepEqual(await asked.json(), { queued: false, confirm: { field: 'email', to: 'r****@example.kr' } });
    assert.equal(await transcripts(), 0);
    const { rows: topics } = await ctx.db.query<{ topic: string }>('SELECT topic FROM messages WHERE id > $1', [before]);
    assert.deepEqual(topics.map((t) => t.topic), ['one_time_code'], 'only the fixed code message goes to the address, none of the typed text');
    const code = (await codesSince(before)).email!;
    const wrong = await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'resident@example.kr', code: wrongCode(code) }, { accept: 'application/json' });
    assert.equal(wrong.status, 400);
    assert.match(((await wrong.json()) as { errors: { reason: string }[] }).errors[0]!.reason, /인증번호가 맞지 않습니다/, 'in the conversation language');
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'other@example.kr', code })).status, 400, 'the code confirms the address it was sent to, no other');
    assert.equal(await transcripts(), 0);

    const sent = await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'resident@example.kr', code });
    assert.equal(sent.status, 201);
    const { rows } = await ctx.db.query<{ message_id: number }>('SELECT message_id FROM desk_transcripts WHERE conversation_id = $1', [conversationId]);
    const { rows: m } = await ctx.db.query<{ topic: string; recipient_enc: Uint8Array; variables_enc: Uint8Array }>('SELECT topic, recipient_enc, variables_enc FROM messages WHERE id = $1', [rows[0]!.message_id]);
    assert.equal(m[0]!.topic, 'desk_transcript');
    assert.deepEqual(JSON.parse(testCipher.decrypt(Buffer.from(m[0]!.recipient_enc))), { email: 'resident@example.kr' });
    const transcript = JSON.parse(testCipher.decrypt(Buffer.from(m[0]!.variables_enc))).transcript as string;
    assert.match(transcript, /나: <script>alert\(1\)<\/script> 안녕하세요/);
    assert.match(transcript, /상담원: 무엇을 도와드릴까요\?/);
    assert.doesNotMatch(transcript, /INTERNAL NOTE/, 'internal notes never reach the resident');
    // Confirmed once: no new code for that address; at most three transcripts.
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'resident@example.kr' })).status, 201);
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'resident@example.kr' })).status, 201);
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'resident@example.kr' })).status, 429);
    // Codes to other addresses are capped too.
    for (const n of [1, 2]) assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: `x${n}@example.kr` })).status, 202);
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'x3@example.kr' })).status, 429);
  });

  test('an address confirmed for the conversation’s contact form takes the transcript without a new code', async () => {
    const d = deps();
    const { conversationId, resumeToken } = await openConversation(d, { districtCode: 'gangnam', source: 'web', residentRef: 'r-3', locale: 'en' });
    const resident = new TestClient(server.url);
    const before = await lastMessageId();
    const posted = await resident.json('/r/desk/contact-form', 'POST', { resumeToken, name: '박서준', birthDate: '1985-05-05', email: 'seojun@example.kr' });
    const { formId } = (await posted.json()) as { formId: number };
    assert.equal((await resident.json('/r/desk/contact-form/confirm', 'POST', { resumeToken, formId, codes: { email: (await codesSince(before)).email } })).status, 201);
    await closeConversation(d, { conversationId, by: { type: 'resident', id: 'r-3' } });
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'seojun@example.kr' })).status, 201);
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'someone.else@example.kr' })).status, 202, 'another address still needs its code');
  });

  test('the chat contact form: codes to the new contacts, typed in the widget before the agent sees it; only the assigned agent applies it, through the official path; the old contact is told', async () => {
    const d = deps();
    const [taxpayerId] = await createTaxpayers(ctx.db, 'gangnam', [{ mobile: '+821612345678', email: 'old@example.kr', enrol: ['sms'] }]);
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

    const before = await lastMessageId();
    const posted = await resident.json('/r/desk/contact-form', 'POST', { resumeToken, name: tp[0]!.name, birthDate: '1980-01-01', mobile: '010-2345-6789', email: 'new@example.kr', channels: ['sms', 'email'] });
    assert.equal(posted.status, 202, 'codes sent; the form waits for them');
    const answer = (await posted.json()) as { formId: number; messageId: number | null; awaiting: { field: string; to: string }[] };
    assert.equal(answer.messageId, null);
    assert.deepEqual(answer.awaiting, [{ field: 'mobile', to: '010-****-6789' }, { field: 'email', to: 'n****@example.kr' }]);
    const codes = await codesSince(before);
    assert.deepEqual(Object.keys(codes).sort(), ['email', 'phone'], 'a code to the new number and one to the new address');
    const forms = async () => (await ctx.db.query(`SELECT 1 FROM desk_messages WHERE conversation_id = $1 AND kind = 'form'`, [conversationId])).rowCount;
    assert.equal(await forms(), 0, 'the agent sees nothing before the codes');

    const wrong = await resident.json('/r/desk/contact-form/confirm', 'POST', { resumeToken, formId: answer.formId, codes: { mobile: wrongCode(codes.phone!), email: codes.email } }, { accept: 'application/json' });
    assert.equal(wrong.status, 400);
    assert.deepEqual(((await wrong.json()) as { errors: { field: string }[] }).errors.map((e) => e.field), ['code.mobile']);
    assert.equal(await forms(), 0);
    const resent = await resident.json('/r/desk/contact-form/resend', 'POST', { resumeToken, formId: answer.formId });
    assert.equal(resent.status, 202);
    assert.deepEqual(((await resent.json()) as { awaiting: { field: string }[] }).awaiting.map((a) => a.field), ['mobile'], 'the e-mail was confirmed: only the mobile gets a new code');
    const newCodes = await codesSince(before);
    assert.equal((await resident.json('/r/desk/contact-form/confirm', 'POST', { resumeToken, formId: answer.formId, codes: { mobile: newCodes.phone } })).status, 201);
    assert.equal(await forms(), 1);
    const { rows: formMessage } = await ctx.db.query<{ id: number }>(`SELECT id FROM desk_messages WHERE conversation_id = $1 AND kind = 'form'`, [conversationId]);
    const messageId = Number(formMessage[0]!.id);
    assert.equal((await resident.json('/r/desk/contact-form/confirm', 'POST', { resumeToken, formId: answer.formId, codes: {} })).status, 409, 'sent once');

    // The agent console shows what it needs, contacts masked.
    const shown = (await (await call(gAgent, `/api/desk/conversations/${conversationId}`, 'GET')).json()) as { messages: { id: number; payload: Record<string, unknown> }[] };
    assert.deepEqual(shown.messages.find((m) => m.id === messageId)!.payload, {
      form: 'contact_update', formId: answer.formId, name: tp[0]!.name, birthDate: '1980-01-01', mobile: '010-****-6789', email: 'n****@example.kr', channels: ['sms', 'email'], confirmed: true,
    });

    const path = `/api/desk/conversations/${conversationId}/contact-requests/${messageId}/apply`;
    assert.equal((await call(sAgent, path, 'POST', {})).status, 404, 'a Seocho agent cannot reach a Gangnam conversation');
    const unassigned = await call(gAgent, path, 'POST', {});
    assert.equal(unassigned.status, 403, 'the conversation is waiting, assigned to nobody');
    assert.equal(((await unassigned.json()) as { code: string }).code, 'not_assigned');
    assert.equal((await call(gAdmin, `/api/desk/conversations/${conversationId}/pick`, 'POST', {})).status, 200);
    const otherAgent = await call(gAgent, path, 'POST', {});
    assert.equal(otherAgent.status, 403, 'assigned to another agent');
    assert.match(((await otherAgent.json()) as { detail: string }).detail, /assigned|맡은/);
    assert.equal((await ctx.db.query(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'taxpayer.contact_updated'`, [String(taxpayerId)])).rowCount, 0);
    assert.equal((await call(gAdmin, `/api/desk/conversations/${conversationId}/transfer`, 'POST', { toStaffId: await staffId('gangnam.desk-agent') })).status, 200);

    assert.equal((await call(gAgent, path, 'POST', { taxpayerNo: 'NOPE' })).status, 404);
    const applied = await call(gAgent, path, 'POST', {});
    assert.equal(applied.status, 200, await applied.clone().text());
    const result = (await applied.json()) as { taxpayerId: number; changedFields: string[] };
    assert.equal(result.taxpayerId, taxpayerId);
    assert.deepEqual(result.changedFields.sort(), ['email', 'enrol_email', 'mobile']);
    assert.equal((await call(gAgent, path, 'POST', {})).status, 409, 'applied once');

    const { rows: audit } = await ctx.db.query<{ actor_type: string; reason: string; source: string; details: { changed: string[]; confirmed_by_code: string[] } }>(
      `SELECT actor_type, reason, source, details FROM audit_log WHERE entity_type = 'taxpayer' AND entity_id = $1 AND action = 'taxpayer.contact_updated'`, [String(taxpayerId)],
    );
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.source, 'chat');
    assert.equal(audit[0]!.actor_type, 'staff');
    assert.equal(audit[0]!.reason, `chat request #${conversationId}`);
    assert.deepEqual(audit[0]!.details.confirmed_by_code, ['mobile', 'email']);
    assert.doesNotMatch(JSON.stringify(audit[0]!.details), /2345-6789|new@example/, 'masked in the audit entry');
    const { rows: conv } = await ctx.db.query<{ taxpayer_id: number }>('SELECT taxpayer_id::int AS taxpayer_id FROM conversations WHERE id = $1', [conversationId]);
    assert.equal(conv[0]!.taxpayer_id, taxpayerId);
    const { rows: contact } = await ctx.db.query<{ mobile_enc: Uint8Array; contact_source: string }>('SELECT mobile_enc, contact_source FROM taxpayers WHERE id = $1', [taxpayerId]);
    assert.equal(testCipher.decrypt(Buffer.from(contact[0]!.mobile_enc)), '+821023456789');
    assert.equal(contact[0]!.contact_source, 'chat');
    // The old number and the old address are told, without the new ones.
    const { rows: told } = await ctx.db.query<{ recipient_enc: Uint8Array; variables_enc: Uint8Array }>(`SELECT recipient_enc, variables_enc FROM messages WHERE taxpayer_id = $1 AND topic = 'contact_changed' ORDER BY id`, [taxpayerId]);
    assert.deepEqual(told.map((t) => JSON.parse(testCipher.decrypt(Buffer.from(t.recipient_enc)))), [{ phone: '+821612345678' }, { email: 'old@example.kr' }]);
    assert.doesNotMatch(told.map((t) => testCipher.decrypt(Buffer.from(t.variables_enc))).join(''), /2345|6789|new@/);
  });

  test('the contact form cannot flood a phone: at most six codes an hour for the forms of one conversation', async () => {
    const d = deps();
    const { resumeToken } = await openConversation(d, { districtCode: 'gangnam', source: 'web', residentRef: 'web:flood', locale: 'en' });
    const resident = new TestClient(server.url);
    const form = { resumeToken, name: 'Flood', birthDate: '1980-01-01', mobile: '010-4444-5555', email: 'victim@example.kr' };
    for (let i = 0; i < 3; i++) assert.equal((await resident.json('/r/desk/contact-form', 'POST', form)).status, 202);
    assert.equal((await resident.json('/r/desk/contact-form', 'POST', form)).status, 429);
    const { rows } = await ctx.db.query<{ formId: number }>(`SELECT max(id)::int AS "formId" FROM desk_contact_forms WHERE conversation_id = (SELECT id FROM conversations WHERE resident_ref = 'web:flood')`);
    assert.equal((await resident.json('/r/desk/contact-form/resend', 'POST', { resumeToken, formId: rows[0]!.formId })).status, 429);
  });

  test('the contact form is sealed at rest: the raw rows hold none of what the resident typed', async () => {
    const d = deps();
    const { conversationId, resumeToken } = await openConversation(d, { districtCode: 'gangnam', source: 'web', residentRef: 'web:sealed', locale: 'en' });
    const resident = new TestClient(server.url);
    const before = await lastMessageId();
    const typed = { name: '홍길동Plain', birthDate: '1977-07-17', mobile: '010-8765-4321', email: 'gildong.plain@example.kr' };
    const posted = await resident.json('/r/desk/contact-form', 'POST', { resumeToken, ...typed, channels: ['email'] });
    assert.equal(posted.status, 202);
    const { formId } = (await posted.json()) as { formId: number };
    const codes = await codesSince(before);
    assert.equal((await resident.json('/r/desk/contact-form/confirm', 'POST', { resumeToken, formId, codes: { mobile: codes.phone, email: codes.email } })).status, 201);
    const raw = [
      ...(await ctx.db.query(`SELECT * FROM desk_messages WHERE conversation_id = $1`, [conversationId])).rows,
      ...(await ctx.db.query(`SELECT * FROM desk_contact_forms WHERE conversation_id = $1`, [conversationId])).rows,
      ...(await ctx.db.query(`SELECT * FROM one_time_codes WHERE scope = $1`, [`desk_form:${formId}`])).rows,
    ];
    const text = JSON.stringify(raw, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
    for (const plain of ['홍길동', 'Plain', '1977-07-17', '19770717', '8765', '4321', 'gildong', 'plain@']) assert.ok(!text.includes(plain), `the raw rows hold ${plain}`);
    // The resident's own copy says nothing personal either.
    const { rows } = await ctx.db.query<{ payload: unknown }>(`SELECT payload FROM desk_messages WHERE conversation_id = $1 AND kind = 'form'`, [conversationId]);
    assert.deepEqual(rows[0]!.payload, { form: 'contact_update', formId });
  });

  test('forms stored in plain text before sealing are masked by migration 0014, shown masked, and cannot be applied', async () => {
    const d = deps();
    const { conversationId } = await openConversation(d, { districtCode: 'gangnam', source: 'web', residentRef: 'web:legacy', locale: 'ko' });
    await pickConversation(d, { staffId: await staffId('gangnam.desk-agent'), districtCode: 'gangnam' }, conversationId);
    const { rows: inserted } = await ctx.db.query<{ id: string }>(
      `INSERT INTO desk_messages (conversation_id, author_type, author_id, kind, body, payload) VALUES ($1, 'resident', 'web:legacy', 'form', '연락처 변경 요청', $2) RETURNING id`,
      [conversationId, JSON.stringify({ form: 'contact_update', name: '김옛날', birthDate: '1960-03-04', mobile: '010-1111-2233', email: 'old.plain@example.kr', channels: ['sms'] })],
    );
    const messageId = Number(inserted[0]!.id);
    const migration = readFileSync(new URL('../../../migrations/0014_confirmed_contact_changes.sql', import.meta.url), 'utf8');
    const redact = /UPDATE desk_messages[\s\S]*?;/.exec(migration)![0];
    await ctx.db.exec(redact);
    const { rows } = await ctx.db.query<{ payload: unknown }>('SELECT payload FROM desk_messages WHERE id = $1', [messageId]);
    assert.deepEqual(rows[0]!.payload, { form: 'contact_update', legacy: true, name: '김**', birthDate: '1960-**-**', mobile: '010-****-2233', email: 'o****@example.kr', channels: ['sms'] });
    const shown = (await (await call(gAgent, `/api/desk/conversations/${conversationId}`, 'GET')).json()) as { messages: { id: number; payload: Record<string, unknown> }[] };
    assert.equal(shown.messages.find((m) => m.id === messageId)!.payload.legacy, true);
    const refused = await call(gAgent, `/api/desk/conversations/${conversationId}/contact-requests/${messageId}/apply`, 'POST', {});
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as { code: string }).code, 'form_unconfirmed');
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
