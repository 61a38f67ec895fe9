import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { testCipher } from '../../../test-support/factories.ts';
import { TestClient } from '../../../test-support/test-server.ts';
import { closeConversation, openConversation, postMessage } from '../conversations/conversations.service.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { codesSince, lastMessageId, useDeskServer, wrongCode } from '../desk.test-support.ts';

// Transcripts over real HTTP on both engines: only after the close, only to
// an address confirmed by a code in this conversation (for the transcript or
// for the conversation's contact form), notes left out, at most three.

forEachEngine('desk transcripts', (ctx) => {
  const desk = useDeskServer(ctx, ['desk_agent']);
  const deps = () => deskDepsFrom(desk.server.deps);

  test('a transcript goes only to an address confirmed by a code in this conversation; the typed text never reaches an unconfirmed one', async () => {
    const d = deps();
    const { conversationId, resumeToken } = await openConversation(d, { districtCode: 'gangnam', source: 'web', residentRef: 'r-2', locale: 'ko' });
    await postMessage(d, { conversationId, author: { type: 'resident', id: 'r-2' }, kind: 'text', body: '<script>alert(1)</script> 안녕하세요' });
    await postMessage(d, { conversationId, author: { type: 'agent', id: 'a' }, kind: 'note', body: 'INTERNAL NOTE' });
    await postMessage(d, { conversationId, author: { type: 'agent', id: 'a' }, kind: 'text', body: '무엇을 도와드릴까요?' });
    const resident = new TestClient(desk.server.url);
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'resident@example.kr' })).status, 409, 'not before the close');
    await closeConversation(d, { conversationId, by: { type: 'resident', id: 'r-2' } });
    const transcripts = async () => (await ctx.db.query('SELECT 1 FROM desk_transcripts WHERE conversation_id = $1', [conversationId])).rowCount;
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'not-an-email' })).status, 400);

    // An address nobody confirmed gets a code, not the transcript.
    const before = await lastMessageId(ctx.db);
    const asked = await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'resident@Example.KR' });
    assert.equal(asked.status, 202);
    assert.deepEqual(await asked.json(), { queued: false, confirm: { field: 'email', to: 'r****@example.kr' } });
    assert.equal(await transcripts(), 0);
    const { rows: topics } = await ctx.db.query<{ topic: string }>('SELECT topic FROM messages WHERE id > $1', [before]);
    assert.deepEqual(topics.map((t) => t.topic), ['one_time_code'], 'only the fixed code message goes to the address, none of the typed text');
    const code = (await codesSince(ctx.db, before)).email!;
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
    const resident = new TestClient(desk.server.url);
    const before = await lastMessageId(ctx.db);
    const posted = await resident.json('/r/desk/contact-form', 'POST', { resumeToken, name: '박서준', birthDate: '1985-05-05', email: 'seojun@example.kr' });
    const { formId } = (await posted.json()) as { formId: number };
    assert.equal((await resident.json('/r/desk/contact-form/confirm', 'POST', { resumeToken, formId, codes: { email: (await codesSince(ctx.db, before)).email } })).status, 201);
    await closeConversation(d, { conversationId, by: { type: 'resident', id: 'r-3' } });
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'seojun@example.kr' })).status, 201);
    assert.equal((await resident.json('/r/desk/transcript', 'POST', { resumeToken, email: 'someone.else@example.kr' })).status, 202, 'another address still needs its code');
  });
});
