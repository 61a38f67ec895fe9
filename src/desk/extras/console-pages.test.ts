import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { closeConversation, openConversation } from '../conversations/conversations.service.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { saveOfflineMessage } from './extras.service.ts';

// The desk's staff pages over real HTTP on both engines, as plain HTML
// forms: canned answers (admins write, agents read), the dashboard and the
// offline messages; bad input answers with an error summary and changes
// nothing; one district never sees another's data.

const KEY = Buffer.alloc(32, 7).toString('base64');
const CANNED = '/console/desk/canned-answers';
const OFFLINE = '/console/desk/offline-messages';

forEachEngine('desk console pages', (ctx) => {
  let server: TestServer;
  let gAdmin: TestClient;
  let gAgent: TestClient;
  let gOfficial: TestClient;
  let sAdmin: TestClient;
  let sAgent: TestClient;
  before(async () => {
    server = await startTestServer(ctx.db, { TAXSTATION_ENCRYPTION_KEY: KEY });
    const g = await createDistrictWithStaff(ctx.db, 'gangnam', ['admin', 'desk_agent', 'tax_official'], { ko: '강남구', en: 'Gangnam-gu' });
    const s = await createDistrictWithStaff(ctx.db, 'seocho', ['admin', 'desk_agent'], { ko: '서초구', en: 'Seocho-gu' });
    [gAdmin, gAgent, gOfficial, sAdmin, sAgent] = [new TestClient(server.url), new TestClient(server.url), new TestClient(server.url), new TestClient(server.url), new TestClient(server.url)];
    await gAdmin.login(g.admin);
    await gAgent.login(g.desk_agent);
    await gOfficial.login(g.tax_official);
    await sAdmin.login(s.admin);
    await sAgent.login(s.desk_agent);
  });
  after(async () => {
    await server?.close();
  });

  /** A form post as a browser sends it, with the session's CSRF token unless it is left out (null). */
  const post = (c: TestClient, path: string, fields: Record<string, string>, csrf: string | null = c.csrfToken ?? null) =>
    c.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...(csrf === null ? {} : { _csrf: csrf }), ...fields }).toString(),
    });
  const page = async (c: TestClient, path: string) => {
    const r = await c.request(path);
    return { status: r.status, html: await r.text() };
  };
  const cannedRows = async (district: string) =>
    (await ctx.db.query<{ id: number; title: string; body_ko: string; body_en: string }>('SELECT id::int AS id, title, body_ko, body_en FROM desk_canned_answers WHERE district_code = $1 ORDER BY id', [district])).rows;

  test('canned answers: an admin adds, changes and removes them, each with a confirmation; bad input gives the error summary and changes nothing', async () => {
    const empty = await page(gAdmin, `${CANNED}?lang=en`);
    assert.equal(empty.status, 200);
    assert.match(empty.html, /<h1>Canned answers<\/h1>/);
    assert.match(empty.html, /There are no canned answers yet/);
    assert.match(empty.html, /id="canned-add"/);

    const bad = await post(gAdmin, `${CANNED}?lang=en`, { title: '  ', bodyKo: '위택스에서 납부할 수 있습니다.', bodyEn: '' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /<title>Error: Canned answers/);
    assert.match(badHtml, /class="error-summary"/);
    assert.match(badHtml, /href="#canned-title">Enter a title of 100 characters or fewer/);
    assert.match(badHtml, /href="#canned-body-en">Enter the answer in English/);
    assert.doesNotMatch(badHtml, /href="#canned-body-ko"/);
    assert.match(badHtml, />위택스에서 납부할 수 있습니다.<\/textarea>/, 'what was typed is kept');
    assert.match(badHtml, /id="canned-title" name="title" type="text" value="  "[^>]*aria-invalid="true"/);
    assert.deepEqual(await cannedRows('gangnam'), [], 'nothing saved');

    assert.equal((await post(gAdmin, `${CANNED}?lang=en`, { title: 'Paying', bodyKo: 'x', bodyEn: 'y' }, null)).status, 403, 'no CSRF token');
    assert.deepEqual(await cannedRows('gangnam'), []);

    const added = await post(gAdmin, `${CANNED}?lang=en`, { title: 'Paying', bodyKo: '위택스에서 납부할 수 있습니다.', bodyEn: 'Pay on <b>Wetax</b>.' });
    assert.equal(added.status, 303);
    const [row] = await cannedRows('gangnam');
    assert.equal(added.headers.get('location'), `${CANNED}?lang=en&done=added&id=${row!.id}`);
    const list = await page(gAdmin, added.headers.get('location')!);
    assert.match(list.html, /role="status" id="desk-flash"><p>The answer “Paying” was added.<\/p>/);
    assert.match(list.html, /Pay on &lt;b&gt;Wetax&lt;\/b&gt;\./, 'markup in an answer is shown as text');
    assert.match(list.html, new RegExp(`href="${CANNED}/${row!.id}\\?lang=en"`));

    const duplicate = await post(gAdmin, `${CANNED}?lang=en`, { title: 'Paying', bodyKo: 'a', bodyEn: 'b' });
    assert.equal(duplicate.status, 400);
    assert.match(await duplicate.text(), /href="#canned-title">A canned answer with this title exists/);
    assert.equal((await cannedRows('gangnam')).length, 1);

    const edit = await page(gAdmin, `${CANNED}/${row!.id}?lang=ko`);
    assert.equal(edit.status, 200);
    assert.match(edit.html, /<h1>답변 바꾸기: Paying<\/h1>/);
    assert.match(edit.html, /value="Paying"/);
    const badEdit = await post(gAdmin, `${CANNED}/${row!.id}?lang=ko`, { title: 'Paying', bodyKo: '', bodyEn: 'Pay on Wetax or by transfer.' });
    assert.equal(badEdit.status, 400);
    const badEditHtml = await badEdit.text();
    assert.match(badEditHtml, /<title>오류: /);
    assert.match(badEditHtml, /href="#canned-body-ko">한국어 답변을 2,000자 이내로 입력하세요/);
    assert.equal((await cannedRows('gangnam'))[0]!.body_en, 'Pay on <b>Wetax</b>.', 'a refused change changes nothing');

    const changed = await post(gAdmin, `${CANNED}/${row!.id}?lang=ko`, { title: 'Paying', bodyKo: '위택스나 가상계좌로 납부할 수 있습니다.', bodyEn: 'Pay on Wetax or by bank transfer.' });
    assert.equal(changed.status, 303);
    const afterChange = await page(gAdmin, changed.headers.get('location')!);
    assert.match(afterChange.html, /답변 ‘Paying’을 바꿨습니다./);
    assert.equal((await cannedRows('gangnam'))[0]!.body_en, 'Pay on Wetax or by bank transfer.');

    const confirm = await page(gAdmin, `${CANNED}/${row!.id}/remove?lang=en`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.html, /Remove the answer “Paying”\?/);
    assert.equal((await cannedRows('gangnam')).length, 1, 'the confirmation page removes nothing');
    const removed = await post(gAdmin, `${CANNED}/${row!.id}/remove?lang=en`, {});
    assert.equal(removed.status, 303);
    assert.match((await page(gAdmin, removed.headers.get('location')!)).html, /The answer was removed./);
    assert.deepEqual(await cannedRows('gangnam'), []);
    assert.equal((await post(gAdmin, `${CANNED}/${row!.id}/remove?lang=en`, {})).status, 404, 'gone');
  });

  test('canned answers: an agent reads but cannot change them, a tax official cannot open them, and Seocho never sees or touches Gangnam’s', async () => {
    await post(gAdmin, `${CANNED}?lang=en`, { title: 'Refunds', bodyKo: '환급 신청은 …', bodyEn: 'Apply for a refund …' });
    const [row] = await cannedRows('gangnam');
    const id = row!.id;

    const agentView = await page(gAgent, `${CANNED}?lang=en`);
    assert.equal(agentView.status, 200);
    assert.match(agentView.html, /<th scope="row">Refunds<\/th>/);
    assert.match(agentView.html, /Administrators add and change these answers/);
    assert.doesNotMatch(agentView.html, /id="canned-add"|canned-change-|canned-remove-/, 'no forms or links to change anything');
    assert.equal((await post(gAgent, `${CANNED}?lang=en`, { title: 'Agent', bodyKo: 'x', bodyEn: 'y' })).status, 403);
    assert.equal((await page(gAgent, `${CANNED}/${id}?lang=en`)).status, 403);
    assert.equal((await post(gAgent, `${CANNED}/${id}?lang=en`, { title: 'Agent', bodyKo: 'x', bodyEn: 'y' })).status, 403);
    assert.equal((await post(gAgent, `${CANNED}/${id}/remove?lang=en`, {})).status, 403);
    assert.deepEqual((await cannedRows('gangnam')).map((r) => r.title), ['Refunds'], 'an agent changed nothing');
    assert.equal((await page(gOfficial, `${CANNED}?lang=en`)).status, 403);

    const seocho = await page(sAdmin, `${CANNED}?lang=en`);
    assert.equal(seocho.status, 200);
    assert.doesNotMatch(seocho.html, /Refunds/);
    assert.doesNotMatch((await page(sAgent, `${CANNED}?lang=en`)).html, /Refunds/);
    assert.equal((await page(sAdmin, `${CANNED}/${id}?lang=en`)).status, 404);
    assert.equal((await post(sAdmin, `${CANNED}/${id}?lang=en`, { title: 'Seocho', bodyKo: 'x', bodyEn: 'y' })).status, 404);
    assert.equal((await page(sAdmin, `${CANNED}/${id}/remove?lang=en`)).status, 404);
    assert.equal((await post(sAdmin, `${CANNED}/${id}/remove?lang=en`, {})).status, 404);
    assert.deepEqual((await cannedRows('gangnam')).map((r) => [r.title, r.body_en]), [['Refunds', 'Apply for a refund …']]);
    assert.deepEqual(await cannedRows('seocho'), []);
  });

  test('dashboard: waiting and handling time, satisfaction and volume per hour of the district, in figures and accessible charts, for a chosen period', async () => {
    const deps = deskDepsFrom(server.deps);
    const { conversationId, resumeToken } = await openConversation(deps, { districtCode: 'gangnam', source: 'web', residentRef: 'r-dash', locale: 'ko' });
    await closeConversation(deps, { conversationId, by: { type: 'resident', id: 'r-dash' } });
    // Fixed times make the figures exact: 2 minutes waiting, 5 minutes handled.
    await ctx.db.query(
      `UPDATE conversations SET created_at = now() - interval '10 minutes', assigned_at = now() - interval '8 minutes', closed_at = now() - interval '3 minutes' WHERE id = $1`,
      [conversationId],
    );
    assert.equal((await new TestClient(server.url).json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 4 })).status, 201);
    const { rows } = await ctx.db.query<{ hour: number }>(`SELECT extract(hour FROM created_at AT TIME ZONE 'Asia/Seoul')::int AS hour FROM conversations WHERE id = $1`, [conversationId]);
    const hour = String(rows[0]!.hour).padStart(2, '0');

    const en = await page(gAgent, '/console/desk/dashboard?lang=en&days=30');
    assert.equal(en.status, 200);
    assert.match(en.html, /<h1>Desk dashboard<\/h1>/);
    assert.match(en.html, /Conversations of Gangnam-gu over the last 30 days/);
    assert.match(en.html, /<option value="30" selected>Last 30 days<\/option>/);
    assert.match(en.html, /data-field="conversations">1</);
    assert.match(en.html, /data-field="wait-average">2 min 0 s</);
    assert.match(en.html, /data-field="handling-average">5 min 0 s</);
    assert.match(en.html, /data-field="satisfaction">4.0 \(1 answers\)</);
    assert.match(en.html, new RegExp(`Busiest hour: ${hour}:00–`));
    for (const chart of ['chart-times', 'chart-satisfaction', 'chart-hours']) {
      assert.match(en.html, new RegExp(`<figure class="dc-chart" aria-labelledby="${chart}-title">\\s*<figcaption[^>]*>[^<]+</figcaption>\\s*<svg[^>]*aria-hidden="true"`), `${chart} is an SVG for the eye`);
    }
    assert.match(en.html, new RegExp(`<tr><th scope="row">${hour}:00–[^<]+</th><td class="num">1</td></tr>`), 'the hours chart has its table');
    assert.match(en.html, /<tr><th scope="row">4 of 5<\/th><td class="num">1<\/td><\/tr>/);

    const ko = await page(gOfficial, '/console/desk/dashboard?lang=ko');
    assert.equal(ko.status, 200, 'tax officials see the dashboard');
    assert.match(ko.html, /data-field="wait-average">2분 0초</);
    assert.match(ko.html, /<option value="7" selected>최근 7일<\/option>/);

    const seocho = await page(sAgent, '/console/desk/dashboard?lang=en');
    assert.equal(seocho.status, 200);
    assert.match(seocho.html, /data-field="conversations">0</, 'Seocho sees none of Gangnam’s conversations');
    assert.match(seocho.html, /data-field="satisfaction">No answers</);
    assert.match(seocho.html, /No data for this period/);
    assert.doesNotMatch(seocho.html, /Busiest hour/);

    assert.equal((await page(gAgent, '/console/desk/dashboard?days=0')).status, 400);
    assert.equal((await page(gAgent, '/console/desk/dashboard?days=91')).status, 400);
  });

  test('offline messages: listed for the district, answered once through the delivery engine with a confirmation; an empty answer is refused and sends nothing', async () => {
    const deps = deskDepsFrom(server.deps);
    const g = await saveOfflineMessage(deps, { district: 'gangnam', name: '김민지', replyChannel: 'email', contact: 'minji@example.kr', question: '재산세 <분할납부>가 되나요?', locale: 'ko' }, 'minji@example.kr');
    const s = await saveOfflineMessage(deps, { district: 'seocho', name: '박서준', replyChannel: 'sms', contact: '+821012345678', question: '자동차세 연납', locale: 'ko' }, '+821012345678');
    const answeredAt = async (id: number) => (await ctx.db.query<{ answered_at: Date | null }>('SELECT answered_at FROM desk_offline_messages WHERE id = $1', [id])).rows[0]!.answered_at;
    const replies = async () => (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE topic = 'desk_reply'`)).rows[0]!.n;

    const list = await page(gAgent, `${OFFLINE}?lang=en`);
    assert.equal(list.status, 200);
    assert.match(list.html, new RegExp(`<th scope="row">${g.reference}</th><td>김민지</td><td>E-mail</td>`));
    assert.match(list.html, /재산세 &lt;분할납부&gt;가 되나요\?/);
    assert.doesNotMatch(list.html, new RegExp(s.reference), 'not Seocho’s');
    assert.doesNotMatch(list.html, /minji@example/, 'the contact stays sealed');
    assert.doesNotMatch((await page(sAgent, `${OFFLINE}?lang=en`)).html, new RegExp(g.reference));
    assert.equal((await page(sAgent, `${OFFLINE}/${g.id}?lang=en`)).status, 404);
    assert.equal((await post(sAgent, `${OFFLINE}/${g.id}?lang=en`, { answer: 'from Seocho' })).status, 404);
    assert.equal((await page(gOfficial, `${OFFLINE}?lang=en`)).status, 403);

    const form = await page(gAgent, `${OFFLINE}/${g.id}?lang=en`);
    assert.equal(form.status, 200);
    assert.match(form.html, new RegExp(`<h1>Answer ${g.reference}</h1>`));
    const empty = await post(gAgent, `${OFFLINE}/${g.id}?lang=en`, { answer: '   ' });
    assert.equal(empty.status, 400);
    const emptyHtml = await empty.text();
    assert.match(emptyHtml, /<title>Error: /);
    assert.match(emptyHtml, /href="#offline-answer">Enter an answer of 1,500 characters or fewer/);
    assert.equal((await post(gAgent, `${OFFLINE}/${g.id}?lang=en`, { answer: 'x'.repeat(1501) })).status, 400);
    assert.equal((await post(gAgent, `${OFFLINE}/${g.id}?lang=en`, { answer: 'no token' }, null)).status, 403);
    assert.equal(await answeredAt(g.id), null, 'still waiting');
    assert.equal(await replies(), 0, 'nothing sent');

    const sent = await post(gAgent, `${OFFLINE}/${g.id}?lang=en`, { answer: '250만 원을 넘으면 분할납부할 수 있습니다.' });
    assert.equal(sent.status, 303);
    const { rows } = await ctx.db.query<{ message_id: number }>('SELECT message_id::int AS message_id FROM desk_offline_messages WHERE id = $1', [g.id]);
    const messageId = rows[0]!.message_id;
    assert.equal(sent.headers.get('location'), `${OFFLINE}?lang=en&answered=${g.id}&message=${messageId}`);
    const done = await page(gAgent, sent.headers.get('location')!);
    assert.match(done.html, new RegExp(`The answer to ${g.reference} is queued to go out by E-mail \\(delivery message ${messageId}\\)`));
    assert.doesNotMatch(done.html, new RegExp(`<th scope="row">${g.reference}`), 'no longer waiting');
    const { rows: m } = await ctx.db.query<{ topic: string; plan: string[] }>('SELECT topic, plan FROM messages WHERE id = $1', [messageId]);
    assert.deepEqual(m[0], { topic: 'desk_reply', plan: ['email'] });

    const answered = await page(gAgent, `${OFFLINE}?lang=ko&state=answered`);
    assert.match(answered.html, /250만 원을 넘으면 분할납부할 수 있습니다./);
    assert.match(answered.html, /aria-current="page">답변함</);
    const again = await post(gAgent, `${OFFLINE}/${g.id}?lang=en`, { answer: 'twice' });
    assert.equal(again.status, 409);
    assert.match(await again.text(), /This message has already been answered/);
    assert.equal(await replies(), 1, 'answered once');
  });

  test('the live console and the desk pages link to each other, by role', async () => {
    const agent = await page(gAgent, '/console/desk?lang=en');
    assert.equal(agent.status, 200);
    for (const link of ['/console/desk/dashboard', CANNED, OFFLINE]) assert.match(agent.html, new RegExp(`<a href="${link}\\?lang=en"`));
    assert.match(agent.html, /<a href="\/console\/desk\?lang=en" aria-current="page">Live desk<\/a>/);
    assert.match(agent.html, /<label class="label" for="desk-canned-select">Canned answer<\/label>/);
    assert.match(agent.html, /data-canned="read"/);
    assert.match((await page(gOfficial, '/console/desk?lang=en')).html, /data-canned="none"/, 'no canned-answer picker for a role that cannot read them');
    const official = await page(gOfficial, '/console/desk/dashboard?lang=en');
    assert.match(official.html, /<a href="\/console\/desk\/dashboard\?lang=en" aria-current="page">Dashboard<\/a>/);
    assert.doesNotMatch(official.html, /href="\/console\/desk\/(canned-answers|offline-messages)/, 'no links to pages a tax official cannot open');
  });
});
