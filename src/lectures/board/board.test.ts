import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import type { FastifyRequest } from 'fastify';
import { boardLanding, boardNav } from './board.nav.ts';
import { questionsByIds } from './board.repository.ts';
import { BOARD, CONSOLE, referenceOf, Resident, staffPost } from './board.test-support.ts';

// The question board over real HTTP on both engines: a resident posts
// without signing in (bad input refused naming the field, nothing stored;
// personal data masked before it is stored; the contact sealed), officials
// of the district moderate, answer (the resident told through the delivery
// engine) and mark for a lecture, every step audited; another district's
// official and the wrong roles are refused; upvotes count once per browser;
// the monthly view ranks the month's fields by upvotes; posting is limited
// per client address.

forEachEngine('question board', (ctx) => {
  let server: TestServer;
  const staff = {} as Record<'official' | 'admin' | 'lecturer' | 'desk' | 'other', TestClient>;
  let address = 10;
  const resident = () => new Resident(server.url, `198.51.100.${address++}`);
  const count = async (sql: string, params: unknown[] = []) => (await ctx.db.query<{ n: number }>(sql, params)).rows[0]!.n;
  const row = async (reference: string) =>
    (await ctx.db.query<{ id: number; title: string; body: string; nickname: string; state: string; contact_field: string | null; contact_enc: Uint8Array | null; masked_kinds: string[]; answer_message_id: number | null }>(
      'SELECT id::int AS id, title, body, nickname, state, contact_field, contact_enc, masked_kinds, answer_message_id::int AS answer_message_id FROM lecture_board_questions WHERE reference = $1', [reference])).rows[0]!;

  before(async () => {
    server = await startTestServer(ctx.db);
    await createDistrictWithStaff(ctx.db, 'seocho', ['tax_official', 'admin', 'lecturer', 'desk_agent'], { ko: '서초구', en: 'Seocho-gu' });
    await createDistrictWithStaff(ctx.db, 'gangnam', ['tax_official'], { ko: '강남구', en: 'Gangnam-gu' });
    for (const [key, username] of [['official', 'seocho.tax-official'], ['admin', 'seocho.admin'], ['lecturer', 'seocho.lecturer'], ['desk', 'seocho.desk-agent'], ['other', 'gangnam.tax-official']] as const) {
      staff[key] = new TestClient(server.url);
      await staff[key].login(username);
    }
  });
  after(async () => {
    await server?.close();
  });

  const valid = { nickname: '서초주민', title: '재산세 분할납부 문의', body: '재산세가 250만 원을 넘으면 나눠 낼 수 있나요?', field: 'property' };

  async function postValid(fields: Partial<typeof valid> & { contact?: string } = {}): Promise<{ reference: string; id: number }> {
    const response = await resident().ask('seocho', { ...valid, ...fields });
    assert.equal(response.status, 303);
    const reference = referenceOf(response.headers.get('location'));
    return { reference, id: (await row(reference)).id };
  }

  test('bad input: each wrong field named in the error summary, the answers kept, nothing stored', async () => {
    const r = resident();
    const cases: [Record<string, string>, string[], RegExp][] = [
      [{ nickname: '', title: ' ', body: '', field: '', contact: '' }, ['nickname', 'title', 'body', 'field'], /Enter a nickname/],
      [{ ...valid, title: 'x'.repeat(101) }, ['title'], /Enter a title of 100 characters or fewer/],
      [{ ...valid, body: 'y'.repeat(2001) }, ['body'], /2,000 characters/],
      [{ ...valid, nickname: 'n'.repeat(31) }, ['nickname'], /30 characters/],
      [{ ...valid, field: 'gift' }, ['field'], /Choose a tax from the list/],
      [{ ...valid, contact: '016-123-4567' }, ['contact'], /mobile number starting with 010 or an e-mail address/],
      [{ ...valid, contact: 'someone@' }, ['contact'], /or leave it empty/],
    ];
    for (const [fields, named, message] of cases) {
      const response = await r.ask('seocho', fields);
      assert.equal(response.status, 400, JSON.stringify(fields).slice(0, 80));
      const html = await response.text();
      assert.match(html, /<title>Error: /);
      assert.match(html, message);
      for (const field of named) assert.match(html, new RegExp(`href="#${field}"`), field);
      assert.equal([...html.matchAll(/<li><a href="#/g)].length, named.length, 'only the wrong fields');
    }
    const kept = await r.ask('seocho', { ...valid, contact: '016-123-4567' });
    assert.match(await kept.text(), /value="016-123-4567"/, 'the answers are kept');
    const korean = await r.ask('seocho', { ...valid, field: 'gift' }, 'ko');
    assert.match(await korean.text(), /목록에서 세목을 고르세요/);
    // no token (a form from elsewhere) or an unknown district: refused too
    assert.equal((await r.post(`${BOARD}/seocho/ask?lang=en`, valid)).status, 400);
    assert.equal((await new Resident(server.url, '198.51.100.250').post(`${BOARD}/seocho/ask?lang=en`, { ...valid, _token: 'x'.repeat(32) })).status, 400);
    assert.equal((await r.page(`${BOARD}/nowhere/ask?lang=en`)).status, 404);
    assert.equal(await count('SELECT count(*)::int AS n FROM lecture_board_questions'), 0, 'nothing stored');
  });

  test('a question is masked before it is stored, its contact sealed; it waits for moderation and the resident is told what was masked', async () => {
    const r = resident();
    const response = await r.ask('seocho', {
      nickname: '민지 010-5555-1234', title: '환급 계좌 110-123-456789 확인', field: 'acquisition', contact: '010-9876-5432',
      body: '주민번호 900101-1234567, 메일 minji.kim@naver.com 으로 연락 주세요. 2026-12-06까지 1,200,000원을 냈습니다.',
    });
    assert.equal(response.status, 303);
    const reference = referenceOf(response.headers.get('location'));
    const stored = await row(reference);
    assert.equal(stored.state, 'pending');
    assert.equal(stored.title, '환급 계좌 ***-***-****** 확인');
    assert.equal(stored.nickname, '민지 ***-****-****');
    assert.equal(stored.body, '주민번호 ******-*******, 메일 ***@*** 으로 연락 주세요. 2026-12-06까지 1,200,000원을 냈습니다.');
    assert.deepEqual([...stored.masked_kinds].sort(), ['account', 'email', 'mobile', 'rrn']);
    assert.equal(stored.contact_field, 'mobile');
    assert.equal(server.deps.cipher.decrypt(Buffer.from(stored.contact_enc!)), '+821098765432');
    assert.ok(!Buffer.from(stored.contact_enc!).toString('latin1').includes('9876'), 'sealed at rest');

    const done = await r.page(`${response.headers.get('location')}`);
    assert.equal(done.status, 200);
    assert.match(done.html, new RegExp(`<strong id="reference">${reference}</strong>`));
    assert.match(done.html, /An official will check it before it is published/);
    assert.match(done.html, /looks like a resident registration number, mobile number, e-mail address, account number\. We masked it/);
    assert.match(done.html, /We will tell you at the contact you gave/);
    assert.doesNotMatch(done.html, /9876|010-5555|minji\.kim|1234567/, 'nothing personal on the page');
    const ko = await r.page(`${BOARD}/seocho/posted/${reference}?lang=ko`);
    assert.match(ko.html, /주민등록번호, 휴대전화 번호, 이메일 주소, 계좌번호로 보이는 내용이 있어 별표\(\*\)로 가린 뒤 저장했습니다/);
    assert.equal((await r.page(`${BOARD}/gangnam/posted/${reference}?lang=en`)).status, 404, 'not under another district');

    assert.doesNotMatch((await r.page(`${BOARD}/seocho?lang=en`)).html, new RegExp(`q/${stored.id}`), 'not listed before moderation');
    assert.equal((await r.page(`${BOARD}/seocho/q/${stored.id}?lang=en`)).status, 404, 'not readable before moderation');
    const { rows: audit } = await ctx.db.query<{ action: string; actor_type: string; details: unknown }>(`SELECT action, actor_type, details FROM audit_log WHERE entity_type = 'lecture_board_question' AND entity_id = $1`, [String(stored.id)]);
    assert.deepEqual(audit.map((a) => [a.action, a.actor_type]), [['lecture_board.question_posted', 'taxpayer']]);
    assert.doesNotMatch(JSON.stringify(audit), /9876|minji/);
  });

  test('roles and districts: another district’s official finds nothing, a desk agent is refused, a lecturer reads but does not moderate', async () => {
    const { reference, id } = await postValid();
    const queue = await staff.official.request(`${CONSOLE}?lang=en`);
    assert.equal(queue.status, 200);
    assert.match(await queue.text(), new RegExp(`id="open-${id}">${reference}</a>`));
    assert.doesNotMatch(await (await staff.other.request(`${CONSOLE}?lang=en`)).text(), new RegExp(reference), 'Gangnam’s queue does not show it');
    assert.equal((await staff.other.request(`${CONSOLE}/${id}?lang=en`)).status, 404);
    for (const step of ['publish', 'reject', 'answer']) {
      assert.equal((await staffPost(staff.other, `${CONSOLE}/${id}/${step}?lang=en`, { reason: 'x', answer: 'x' })).status, 404, step);
      assert.equal((await staffPost(staff.lecturer, `${CONSOLE}/${id}/${step}?lang=en`, { reason: 'x', answer: 'x' })).status, 403, step);
      assert.equal((await staffPost(staff.desk, `${CONSOLE}/${id}/${step}?lang=en`, { reason: 'x', answer: 'x' })).status, 403, step);
    }
    assert.equal((await staff.desk.request(`${CONSOLE}?lang=en`)).status, 403);
    assert.equal((await staffPost(staff.other, `${CONSOLE}/${id}/lecture?lang=en`, { marked: '1' })).status, 404);
    const lecturerPage = await staff.lecturer.request(`${CONSOLE}/${id}?lang=en`);
    assert.equal(lecturerPage.status, 200);
    const lecturerHtml = await lecturerPage.text();
    assert.match(lecturerHtml, /Tax officials and administrators publish, reject and answer/);
    assert.doesNotMatch(lecturerHtml, /id="publish"/);
    assert.equal((await staffPost(staff.official, `${CONSOLE}/${id}/publish?lang=en`, {}, null)).status, 403, 'no CSRF token');
    const anonymous = await new TestClient(server.url).request(`${CONSOLE}?lang=en`);
    assert.ok([401, 303].includes(anonymous.status));
    assert.equal((await row(reference)).state, 'pending', 'nothing changed');
  });

  test('publish, then answer in writing: the resident who left a contact is told through the delivery engine; every step audited', async () => {
    const { reference, id } = await postValid({ contact: 'reader@example.kr', title: '자동차세 연납 문의', field: 'vehicle' });
    const published = await staffPost(staff.official, `${CONSOLE}/${id}/publish?lang=en`);
    assert.equal(published.status, 303);
    assert.equal(published.headers.get('location'), `${CONSOLE}/${id}?lang=en&done=published`);
    assert.match(await (await staff.official.request(published.headers.get('location')!)).text(), new RegExp(`Question ${reference} is published`));
    assert.equal((await staffPost(staff.official, `${CONSOLE}/${id}/publish?lang=en`)).status, 409, 'once');

    const r = resident();
    assert.match((await r.page(`${BOARD}/seocho?lang=en`)).html, new RegExp(`href="${BOARD}/seocho/q/${id}\\?lang=en">자동차세 연납 문의</a>`));
    const before = await r.page(`${BOARD}/seocho/q/${id}?lang=en`);
    assert.equal(before.status, 200);
    assert.match(before.html, /No answer yet/);
    assert.doesNotMatch(before.html, /reader@example|LQ-/, 'neither the contact nor the reference is public');

    const empty = await staffPost(staff.official, `${CONSOLE}/${id}/answer?lang=en`, { answer: '   ' });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /href="#answer">Enter an answer of 4,000 characters or fewer/);
    assert.equal((await staffPost(staff.official, `${CONSOLE}/${id}/answer?lang=en`, { answer: 'a'.repeat(4001) })).status, 400);
    assert.equal(await count(`SELECT count(*)::int AS n FROM messages WHERE topic = 'lecture_board_answered'`), 0, 'nothing sent');

    const answered = await staffPost(staff.official, `${CONSOLE}/${id}/answer?lang=en`, { answer: '1월에 연납하면 5% 공제됩니다.\n\n3월·6월·9월에도 신청할 수 있습니다.' });
    assert.equal(answered.status, 303);
    const stored = await row(reference);
    assert.ok(stored.answer_message_id);
    assert.equal(answered.headers.get('location'), `${CONSOLE}/${id}?lang=en&done=answered&message=${stored.answer_message_id}`);
    assert.equal(stored.contact_enc, null, 'the contact is erased once used');
    const { rows: messages } = await ctx.db.query<{ topic: string; plan: string[]; kind: string; recipient_enc: Uint8Array; variables_enc: Uint8Array }>(
      'SELECT topic, plan, kind, recipient_enc, variables_enc FROM messages WHERE id = $1', [stored.answer_message_id]);
    assert.equal(messages[0]!.topic, 'lecture_board_answered');
    assert.deepEqual(messages[0]!.plan, ['email']);
    assert.equal(messages[0]!.kind, 'guidance');
    assert.deepEqual(JSON.parse(server.deps.cipher.decrypt(Buffer.from(messages[0]!.recipient_enc))), { email: 'reader@example.kr' });
    const variables = JSON.parse(server.deps.cipher.decrypt(Buffer.from(messages[0]!.variables_enc))) as Record<string, string>;
    assert.equal(variables.reference, reference);
    assert.match(variables.link!, new RegExp(`${BOARD}/seocho/q/${id}$`));
    assert.equal((await staffPost(staff.official, `${CONSOLE}/${id}/answer?lang=en`, { answer: 'twice' })).status, 409);

    const after = await r.page(`${BOARD}/seocho/q/${id}?lang=ko`);
    assert.match(after.html, /<p>1월에 연납하면 5% 공제됩니다.<\/p><p>3월·6월·9월에도 신청할 수 있습니다.<\/p>/);
    assert.match(after.html, /답변 완료/);
    const { rows: audit } = await ctx.db.query<{ action: string; actor_id: string }>(`SELECT action, actor_id FROM audit_log WHERE entity_type = 'lecture_board_question' AND entity_id = $1 ORDER BY id`, [String(id)]);
    assert.deepEqual(audit.map((a) => a.action), ['lecture_board.question_posted', 'lecture_board.question_published', 'lecture_board.question_answered']);
  });

  test('answering a question still waiting publishes it; without a contact nothing is sent', async () => {
    const { reference, id } = await postValid({ title: '주민세 사업소분' , field: 'resident' });
    const answered = await staffPost(staff.admin, `${CONSOLE}/${id}/answer?lang=en`, { answer: '7월에 신고·납부합니다.' });
    assert.equal(answered.status, 303);
    assert.equal(answered.headers.get('location'), `${CONSOLE}/${id}?lang=en&done=answered`);
    const stored = await row(reference);
    assert.equal(stored.state, 'published');
    assert.equal(stored.answer_message_id, null);
    assert.equal((await resident().page(`${BOARD}/seocho/q/${id}?lang=en`)).status, 200);
  });

  test('reject with a reason: an empty reason is refused naming the field; a rejected question stays private and cannot be answered', async () => {
    const { reference, id } = await postValid({ title: '광고 글', contact: '010-2222-3333' });
    const empty = await staffPost(staff.official, `${CONSOLE}/${id}/reject?lang=en`, { reason: '' });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /href="#reason">Enter the reason for rejecting it/);
    const rejected = await staffPost(staff.official, `${CONSOLE}/${id}/reject?lang=en`, { reason: '세금과 관계없는 광고입니다.' });
    assert.equal(rejected.status, 303);
    const stored = await row(reference);
    assert.equal(stored.state, 'rejected');
    assert.equal(stored.contact_enc, null, 'a rejected question keeps no contact');
    assert.equal((await resident().page(`${BOARD}/seocho/q/${id}?lang=en`)).status, 404);
    assert.match((await resident().page(`${BOARD}/seocho/posted/${reference}?lang=en`)).html, /not published\. Reason: 세금과 관계없는 광고입니다\./);
    assert.equal((await staffPost(staff.official, `${CONSOLE}/${id}/answer?lang=en`, { answer: 'x' })).status, 409);
    assert.equal((await staffPost(staff.official, `${CONSOLE}/${id}/publish?lang=en`)).status, 409);
    const { rows } = await ctx.db.query<{ reason: string }>(`SELECT reason FROM audit_log WHERE action = 'lecture_board.question_rejected' AND entity_id = $1`, [String(id)]);
    assert.equal(rows[0]!.reason, 'rejected: 세금과 관계없는 광고입니다.');
    assert.match(await (await staff.official.request(`${CONSOLE}?state=rejected&lang=en`)).text(), new RegExp(reference));
  });

  test('upvotes: once per browser (a second changes nothing), only on published questions, with the form’s token', async () => {
    const { id } = await postValid({ title: '취득세 감면' });
    const a = resident();
    const token = (await a.page(`${BOARD}/seocho/ask?lang=en`)).token!;
    assert.equal((await a.post(`${BOARD}/seocho/q/${id}/upvote?lang=en`, { _token: token })).status, 404, 'not published yet');
    await staffPost(staff.official, `${CONSOLE}/${id}/publish?lang=en`);
    const first = await a.upvote('seocho', id);
    assert.equal(first.status, 303);
    assert.equal(first.headers.get('location'), `${BOARD}/seocho/q/${id}?lang=en&upvote=thanks`);
    const page = await a.page(first.headers.get('location')!);
    assert.match(page.html, /Thank you for your upvote/);
    assert.match(page.html, /1 upvote\(s\)/);
    assert.match(page.html, /You upvoted this/);
    assert.doesNotMatch(page.html, /id="upvote"/, 'no second button');
    const again = await a.post(`${BOARD}/seocho/q/${id}/upvote?lang=en`, { _token: token });
    assert.equal(again.headers.get('location'), `${BOARD}/seocho/q/${id}?lang=en&upvote=already`);
    assert.match((await a.page(again.headers.get('location')!)).html, /already upvoted this question/);
    assert.equal((await resident().upvote('seocho', id)).status, 303);
    assert.equal(await count('SELECT upvotes AS n FROM lecture_board_questions WHERE id = $1', [id]), 2);
    assert.equal(await count('SELECT count(*)::int AS n FROM lecture_board_upvotes WHERE question_id = $1', [id]), 2);
    assert.equal((await a.post(`${BOARD}/seocho/q/${id}/upvote?lang=en`, {})).status, 400, 'no token');
    assert.equal((await a.post(`${BOARD}/gangnam/q/${id}/upvote?lang=en`, { _token: 'x' })).status, 400);
    const { rows } = await ctx.db.query<{ voter_hash: Uint8Array }>('SELECT voter_hash FROM lecture_board_upvotes WHERE question_id = $1 LIMIT 1', [id]);
    await assert.rejects(ctx.db.query(`INSERT INTO lecture_board_upvotes (question_id, district_code, voter_hash) VALUES ($1, 'seocho', $2)`, [id, rows[0]!.voter_hash]), /lecture_board_one_upvote|unique/i);
    await assert.rejects(ctx.db.query(`UPDATE lecture_board_questions SET state = 'archived' WHERE id = $1`, [id]), /check/i, 'one state from the list');
  });

  test('mark for a coming lecture (lecturers too); the monthly view ranks the month’s fields by upvotes; the lecture videos read published questions by id', async () => {
    const at = (iso: string) => { server.deps.clock = () => new Date(iso); };
    try {
      at('2026-10-31T16:30:00Z'); // 2026-11-01 01:30 in Seoul
      const nov = await postValid({ title: '11월 재산세', field: 'property' });
      await staffPost(staff.official, `${CONSOLE}/${nov.id}/publish?lang=en`);
      at('2026-11-30T10:00:00Z'); // still November in Seoul (19:00)
      const property = await postValid({ title: '재산세 과세표준', field: 'property' });
      const vehicle1 = await postValid({ title: '자동차세 연납 환급', field: 'vehicle' });
      const vehicle2 = await postValid({ title: '자동차세 이전 시 정산', field: 'vehicle' });
      for (const q of [property, vehicle1, vehicle2]) await staffPost(staff.official, `${CONSOLE}/${q.id}/publish?lang=en`);
      at('2026-11-30T16:00:00Z'); // 2026-12-01 in Seoul
      const december = await postValid({ title: '12월 질문', field: 'local_income' });
      await staffPost(staff.official, `${CONSOLE}/${december.id}/publish?lang=en`);
      for (let i = 0; i < 3; i++) await resident().upvote('seocho', property.id);
      for (let i = 0; i < 2; i++) await resident().upvote('seocho', vehicle1.id);
      for (let i = 0; i < 2; i++) await resident().upvote('seocho', vehicle2.id);

      const marked = await staffPost(staff.lecturer, `${CONSOLE}/${vehicle1.id}/lecture?lang=en`, { marked: '1' });
      assert.equal(marked.status, 303);
      assert.equal(marked.headers.get('location'), `${CONSOLE}/${vehicle1.id}?lang=en&done=marked`);
      assert.match((await resident().page(`${BOARD}/seocho/q/${vehicle1.id}?lang=en`)).html, /This question will be answered in a coming lecture/);
      const propertyMarked = await staffPost(staff.official, `${CONSOLE}/${property.id}/lecture?lang=en`, { marked: '1' });
      assert.equal(propertyMarked.status, 303);
      assert.equal((await staffPost(staff.lecturer, `${CONSOLE}/${property.id}/lecture?lang=en`, { marked: '0' })).headers.get('location'), `${CONSOLE}/${property.id}?lang=en&done=unmarked`);
      assert.doesNotMatch((await resident().page(`${BOARD}/seocho/q/${property.id}?lang=en`)).html, /coming lecture/, 'the mark is removed');
      const { rows: marks } = await ctx.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'lecture_board.%lecture%' ORDER BY id`, [String(property.id)]);
      assert.deepEqual(marks.map((m) => m.action), ['lecture_board.marked_for_lecture', 'lecture_board.lecture_mark_removed']);
      const pending = await postValid({ title: '대기 중' });
      assert.equal((await staffPost(staff.official, `${CONSOLE}/${pending.id}/lecture?lang=en`, { marked: '1' })).status, 409, 'only a published question');

      const monthly = await staff.lecturer.request(`${CONSOLE}/monthly?month=2026-11&lang=en`);
      assert.equal(monthly.status, 200);
      const html = await monthly.text();
      const fields = [...html.matchAll(/<tr data-field="(\w+)">\s*<td>(\d+)<\/td><th scope="row">[^<]+<\/th><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td>/g)].map((m) => m.slice(1).join(' '));
      // vehicle: 4 upvotes over 2 questions (1 for a lecture); property: 3 upvotes over 2 (the one of 1 November in Seoul counts, December's does not)
      assert.deepEqual(fields, ['vehicle 1 4 2 1', 'property 2 3 2 0']);
      assert.ok(html.indexOf('자동차세 연납 환급') < html.indexOf('자동차세 이전 시 정산'), 'the most upvoted first within a field (then the earlier)');
      assert.doesNotMatch(html, /12월 질문/);
      assert.match(await (await staff.official.request(`${CONSOLE}/monthly?lang=en`)).text(), /data-field="local_income"/, 'this month by default');
      const bad = await staff.official.request(`${CONSOLE}/monthly?month=2026-13&lang=en`);
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /href="#month">Enter the month as a year and month/);
      assert.doesNotMatch(await (await staff.other.request(`${CONSOLE}/monthly?month=2026-11&lang=en`)).text(), /data-field=/, 'Gangnam has none');

      const top = await resident().page(`${BOARD}/seocho?sort=top&lang=en`);
      assert.ok(top.html.indexOf('재산세 과세표준') < top.html.indexOf('자동차세 연납 환급'), 'most upvoted first');
      const byField = await resident().page(`${BOARD}/seocho?field=vehicle&lang=en`);
      assert.doesNotMatch(byField.html, /재산세 과세표준/);

      assert.deepEqual(await questionsByIds(ctx.db, 'seocho', [vehicle1.id, pending.id, property.id, 999_999]), [
        { id: vehicle1.id, title: '자동차세 연납 환급', field: 'vehicle' },
        { id: property.id, title: '재산세 과세표준', field: 'property' },
      ]);
      assert.deepEqual(await questionsByIds(ctx.db, 'gangnam', [vehicle1.id]), [], 'another district’s');
    } finally {
      delete server.deps.clock;
    }
  });

  test('posting is limited per client address: the sixth question within the hour is refused and not stored', async () => {
    const r = resident();
    for (let i = 0; i < 5; i++) assert.equal((await r.ask('seocho', { ...valid, title: `질문 ${i}` })).status, 303);
    const refused = await r.ask('seocho', { ...valid, title: '여섯 번째' });
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.match(await refused.text(), /Too many requests/);
    assert.equal(await count(`SELECT count(*)::int AS n FROM lecture_board_questions WHERE title = '여섯 번째'`), 0);
    assert.equal((await resident().ask('seocho', { ...valid, title: '다른 주소' })).status, 303, 'another address may post');
  });

  test('what the board offers the shell: a staff menu entry for officials and lecturers, and the landing page’s links to each district’s board', async () => {
    assert.deepEqual(boardNav, { href: CONSOLE, label: { ko: '질문 게시판 관리', en: 'Question board' }, roles: ['admin', 'tax_official', 'lecturer'] });
    const section = (await boardLanding({ locale: 'en' } as FastifyRequest, server.deps)).value;
    assert.match(section, /<h2 id="question-board">Tax question board<\/h2>/);
    assert.match(section, new RegExp(`<a href="${BOARD}/seocho\\?lang=en">Seocho-gu tax question board</a>`));
    assert.match(section, /Gangnam-gu tax question board/);
  });
});
