import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { testCipher } from '../../../test-support/factories.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { apiCall, formPost, getPage, useDeskServer } from '../desk.test-support.ts';
import { saveOfflineMessage } from './offline-messages.service.ts';

// Offline messages on the staff side over real HTTP on both engines: the
// JSON API and the staff pages list the district's messages and answer each
// once through the delivery engine, to the contact the resident gave; an
// empty answer is refused and sends nothing; other districts see none of them.
// The resident's form is offline-form.test.ts.

const OFFLINE = '/console/desk/offline-messages';

forEachEngine('offline messages over the JSON API', (ctx) => {
  const desk = useDeskServer(ctx, ['desk_agent']);
  const deps = () => deskDepsFrom(desk.server.deps);

  test('an offline message is answered once, through the delivery engine, to the contact the resident gave; other districts cannot see it', async () => {
    const saved = await saveOfflineMessage(deps(), { district: 'gangnam', name: '김민지', replyChannel: 'email', contact: 'minji@example.kr', question: '재산세 분할납부가 되나요?', locale: 'ko' }, 'minji@example.kr');
    assert.match(saved.reference, /^DQ-[A-Z2-9]{8}$/);
    const open = (await (await apiCall(desk.gangnam.desk_agent, '/api/desk/offline-messages', 'GET')).json()) as { messages: { id: number; question: string }[] };
    assert.deepEqual(open.messages.map((m) => m.id), [saved.id]);
    assert.deepEqual(((await (await apiCall(desk.seocho.desk_agent, '/api/desk/offline-messages', 'GET')).json()) as { messages: unknown[] }).messages, []);
    assert.equal((await apiCall(desk.seocho.desk_agent, `/api/desk/offline-messages/${saved.id}/answer`, 'POST', { answer: 'x' })).status, 404);
    assert.equal((await apiCall(desk.gangnam.desk_agent, `/api/desk/offline-messages/${saved.id}/answer`, 'POST', { answer: '' })).status, 400);

    const answered = await apiCall(desk.gangnam.desk_agent, `/api/desk/offline-messages/${saved.id}/answer`, 'POST', { answer: '250만 원 이상이면 분할납부할 수 있습니다.' });
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
    assert.equal((await apiCall(desk.gangnam.desk_agent, `/api/desk/offline-messages/${saved.id}/answer`, 'POST', { answer: 'again' })).status, 409);
  });
});

forEachEngine("offline messages' staff pages", (ctx) => {
  const desk = useDeskServer(ctx, ['desk_agent', 'tax_official']);

  test('offline messages: listed for the district, answered once through the delivery engine with a confirmation; an empty answer is refused and sends nothing', async () => {
    const deps = deskDepsFrom(desk.server.deps);
    const g = await saveOfflineMessage(deps, { district: 'gangnam', name: '김민지', replyChannel: 'email', contact: 'minji@example.kr', question: '재산세 <분할납부>가 되나요?', locale: 'ko' }, 'minji@example.kr');
    const s = await saveOfflineMessage(deps, { district: 'seocho', name: '박서준', replyChannel: 'sms', contact: '+821012345678', question: '자동차세 연납', locale: 'ko' }, '+821012345678');
    const answeredAt = async (id: number) => (await ctx.db.query<{ answered_at: Date | null }>('SELECT answered_at FROM desk_offline_messages WHERE id = $1', [id])).rows[0]!.answered_at;
    const replies = async () => (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE topic = 'desk_reply'`)).rows[0]!.n;

    const list = await getPage(desk.gangnam.desk_agent, `${OFFLINE}?lang=en`);
    assert.equal(list.status, 200);
    assert.match(list.html, new RegExp(`<th scope="row">${g.reference}</th><td>김민지</td><td>E-mail</td>`));
    assert.match(list.html, /재산세 &lt;분할납부&gt;가 되나요\?/);
    assert.doesNotMatch(list.html, new RegExp(s.reference), 'not Seocho’s');
    assert.doesNotMatch(list.html, /minji@example/, 'the contact stays sealed');
    assert.doesNotMatch((await getPage(desk.seocho.desk_agent, `${OFFLINE}?lang=en`)).html, new RegExp(g.reference));
    assert.equal((await getPage(desk.seocho.desk_agent, `${OFFLINE}/${g.id}?lang=en`)).status, 404);
    assert.equal((await formPost(desk.seocho.desk_agent, `${OFFLINE}/${g.id}?lang=en`, { answer: 'from Seocho' })).status, 404);
    assert.equal((await getPage(desk.gangnam.tax_official, `${OFFLINE}?lang=en`)).status, 403);

    const form = await getPage(desk.gangnam.desk_agent, `${OFFLINE}/${g.id}?lang=en`);
    assert.equal(form.status, 200);
    assert.match(form.html, new RegExp(`<h1>Answer ${g.reference}</h1>`));
    const empty = await formPost(desk.gangnam.desk_agent, `${OFFLINE}/${g.id}?lang=en`, { answer: '   ' });
    assert.equal(empty.status, 400);
    const emptyHtml = await empty.text();
    assert.match(emptyHtml, /<title>Error: /);
    assert.match(emptyHtml, /href="#offline-answer">Enter an answer of 1,500 characters or fewer/);
    assert.equal((await formPost(desk.gangnam.desk_agent, `${OFFLINE}/${g.id}?lang=en`, { answer: 'x'.repeat(1501) })).status, 400);
    assert.equal((await formPost(desk.gangnam.desk_agent, `${OFFLINE}/${g.id}?lang=en`, { answer: 'no token' }, null)).status, 403);
    assert.equal(await answeredAt(g.id), null, 'still waiting');
    assert.equal(await replies(), 0, 'nothing sent');

    const sent = await formPost(desk.gangnam.desk_agent, `${OFFLINE}/${g.id}?lang=en`, { answer: '250만 원을 넘으면 분할납부할 수 있습니다.' });
    assert.equal(sent.status, 303);
    const { rows } = await ctx.db.query<{ message_id: number }>('SELECT message_id::int AS message_id FROM desk_offline_messages WHERE id = $1', [g.id]);
    const messageId = rows[0]!.message_id;
    assert.equal(sent.headers.get('location'), `${OFFLINE}?lang=en&answered=${g.id}&message=${messageId}`);
    const done = await getPage(desk.gangnam.desk_agent, sent.headers.get('location')!);
    assert.match(done.html, new RegExp(`The answer to ${g.reference} is queued to go out by E-mail \\(delivery message ${messageId}\\)`));
    assert.doesNotMatch(done.html, new RegExp(`<th scope="row">${g.reference}`), 'no longer waiting');
    const { rows: m } = await ctx.db.query<{ topic: string; plan: string[] }>('SELECT topic, plan FROM messages WHERE id = $1', [messageId]);
    assert.deepEqual(m[0], { topic: 'desk_reply', plan: ['email'] });

    const answered = await getPage(desk.gangnam.desk_agent, `${OFFLINE}?lang=ko&state=answered`);
    assert.match(answered.html, /250만 원을 넘으면 분할납부할 수 있습니다./);
    assert.match(answered.html, /aria-current="page">답변함</);
    const again = await formPost(desk.gangnam.desk_agent, `${OFFLINE}/${g.id}?lang=en`, { answer: 'twice' });
    assert.equal(again.status, 409);
    assert.match(await again.text(), /This message has already been answered/);
    assert.equal(await replies(), 1, 'answered once');
  });
});
