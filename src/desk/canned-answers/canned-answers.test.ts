import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { apiCall, formPost, getPage, useDeskServer } from '../desk.test-support.ts';

// Canned answers over real HTTP on both engines: the JSON API the live
// console reads (admins write, agents read) and the staff pages, plain HTML
// forms (bad input answers with an error summary and changes nothing); one
// district never sees or touches another's.

const CANNED = '/console/desk/canned-answers';
const cannedRows = async (q: Queryable, district: string) =>
  (await q.query<{ id: number; title: string; body_ko: string; body_en: string }>('SELECT id::int AS id, title, body_ko, body_en FROM desk_canned_answers WHERE district_code = $1 ORDER BY id', [district])).rows;

forEachEngine('canned answers over the JSON API', (ctx) => {
  const desk = useDeskServer(ctx, ['admin', 'desk_agent']);

  test('canned answers: admins add, change and remove; agents read; each district sees only its own', async () => {
    const created = await apiCall(desk.gangnam.admin, '/api/desk/canned-answers', 'POST', { title: '납부 방법', bodyKo: '위택스에서 납부할 수 있습니다.', bodyEn: 'You can pay on Wetax.' });
    assert.equal(created.status, 201);
    const { id } = (await created.json()) as { id: number };
    assert.equal((await apiCall(desk.gangnam.admin, '/api/desk/canned-answers', 'POST', { title: '납부 방법', bodyKo: 'x', bodyEn: 'y' })).status, 409);
    assert.equal((await apiCall(desk.gangnam.admin, '/api/desk/canned-answers', 'POST', { title: '', bodyKo: 'x', bodyEn: 'y' })).status, 400);
    assert.equal((await apiCall(desk.gangnam.desk_agent, '/api/desk/canned-answers', 'POST', { title: 'agent', bodyKo: 'x', bodyEn: 'y' })).status, 403);
    assert.equal((await apiCall(desk.gangnam.admin, '/api/desk/canned-answers', 'POST', { title: 'second', bodyKo: 'x', bodyEn: 'y' })).status, 201);
    assert.equal((await desk.gangnam.admin.json('/api/desk/canned-answers', 'POST', { title: 'no token', bodyKo: 'x', bodyEn: 'y' })).status, 403);
    await apiCall(desk.seocho.admin, '/api/desk/canned-answers', 'POST', { title: '서초 안내', bodyKo: '서초구', bodyEn: 'Seocho' });

    const changed = await apiCall(desk.gangnam.admin, `/api/desk/canned-answers/${id}`, 'PUT', { title: '납부 방법', bodyKo: '위택스 또는 가상계좌로 납부할 수 있습니다.', bodyEn: 'Pay on Wetax or by bank transfer.' });
    assert.equal(changed.status, 200);
    const gList = (await (await apiCall(desk.gangnam.desk_agent, '/api/desk/canned-answers', 'GET')).json()) as { answers: { title: string; bodyKo: string }[] };
    assert.deepEqual(gList.answers.map((a) => a.title).sort(), ['second', '납부 방법']);
    assert.match(gList.answers.find((a) => a.title === '납부 방법')!.bodyKo, /가상계좌/);
    const sList = (await (await apiCall(desk.seocho.desk_agent, '/api/desk/canned-answers', 'GET')).json()) as { answers: { title: string }[] };
    assert.deepEqual(sList.answers.map((a) => a.title), ['서초 안내'], 'a Seocho agent never sees Gangnam canned answers');
    assert.equal((await apiCall(desk.seocho.admin, `/api/desk/canned-answers/${id}`, 'PUT', { title: 'x', bodyKo: 'x', bodyEn: 'x' })).status, 404);
    assert.equal((await apiCall(desk.seocho.admin, `/api/desk/canned-answers/${id}`, 'DELETE')).status, 404);
    assert.equal((await apiCall(desk.gangnam.admin, `/api/desk/canned-answers/${id}`, 'DELETE')).status, 200);
    assert.equal((await apiCall(desk.gangnam.admin, `/api/desk/canned-answers/${id}`, 'DELETE')).status, 404);
  });
});

forEachEngine("canned answers' staff pages", (ctx) => {
  const desk = useDeskServer(ctx, ['admin', 'desk_agent', 'tax_official']);

  test('canned answers: an admin adds, changes and removes them, each with a confirmation; bad input gives the error summary and changes nothing', async () => {
    const empty = await getPage(desk.gangnam.admin, `${CANNED}?lang=en`);
    assert.equal(empty.status, 200);
    assert.match(empty.html, /<h1>Canned answers<\/h1>/);
    assert.match(empty.html, /There are no canned answers yet/);
    assert.match(empty.html, /id="canned-add"/);

    const bad = await formPost(desk.gangnam.admin, `${CANNED}?lang=en`, { title: '  ', bodyKo: '위택스에서 납부할 수 있습니다.', bodyEn: '' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /<title>Error: Canned answers/);
    assert.match(badHtml, /class="error-summary"/);
    assert.match(badHtml, /href="#canned-title">Enter a title of 100 characters or fewer/);
    assert.match(badHtml, /href="#canned-body-en">Enter the answer in English/);
    assert.doesNotMatch(badHtml, /href="#canned-body-ko"/);
    assert.match(badHtml, />위택스에서 납부할 수 있습니다.<\/textarea>/, 'what was typed is kept');
    assert.match(badHtml, /id="canned-title" name="title" type="text" value="  "[^>]*aria-invalid="true"/);
    assert.deepEqual(await cannedRows(ctx.db, 'gangnam'), [], 'nothing saved');

    assert.equal((await formPost(desk.gangnam.admin, `${CANNED}?lang=en`, { title: 'Paying', bodyKo: 'x', bodyEn: 'y' }, null)).status, 403, 'no CSRF token');
    assert.deepEqual(await cannedRows(ctx.db, 'gangnam'), []);

    const added = await formPost(desk.gangnam.admin, `${CANNED}?lang=en`, { title: 'Paying', bodyKo: '위택스에서 납부할 수 있습니다.', bodyEn: 'Pay on <b>Wetax</b>.' });
    assert.equal(added.status, 303);
    const [row] = await cannedRows(ctx.db, 'gangnam');
    assert.equal(added.headers.get('location'), `${CANNED}?lang=en&done=added&id=${row!.id}`);
    const list = await getPage(desk.gangnam.admin, added.headers.get('location')!);
    assert.match(list.html, /role="status" id="desk-flash"><p>The answer “Paying” was added.<\/p>/);
    assert.match(list.html, /Pay on &lt;b&gt;Wetax&lt;\/b&gt;\./, 'markup in an answer is shown as text');
    assert.match(list.html, new RegExp(`href="${CANNED}/${row!.id}\\?lang=en"`));

    const duplicate = await formPost(desk.gangnam.admin, `${CANNED}?lang=en`, { title: 'Paying', bodyKo: 'a', bodyEn: 'b' });
    assert.equal(duplicate.status, 400);
    assert.match(await duplicate.text(), /href="#canned-title">A canned answer with this title exists/);
    assert.equal((await cannedRows(ctx.db, 'gangnam')).length, 1);

    const edit = await getPage(desk.gangnam.admin, `${CANNED}/${row!.id}?lang=ko`);
    assert.equal(edit.status, 200);
    assert.match(edit.html, /<h1>답변 바꾸기: Paying<\/h1>/);
    assert.match(edit.html, /value="Paying"/);
    const badEdit = await formPost(desk.gangnam.admin, `${CANNED}/${row!.id}?lang=ko`, { title: 'Paying', bodyKo: '', bodyEn: 'Pay on Wetax or by transfer.' });
    assert.equal(badEdit.status, 400);
    const badEditHtml = await badEdit.text();
    assert.match(badEditHtml, /<title>오류: /);
    assert.match(badEditHtml, /href="#canned-body-ko">한국어 답변을 2,000자 이내로 입력하세요/);
    assert.equal((await cannedRows(ctx.db, 'gangnam'))[0]!.body_en, 'Pay on <b>Wetax</b>.', 'a refused change changes nothing');

    const changed = await formPost(desk.gangnam.admin, `${CANNED}/${row!.id}?lang=ko`, { title: 'Paying', bodyKo: '위택스나 가상계좌로 납부할 수 있습니다.', bodyEn: 'Pay on Wetax or by bank transfer.' });
    assert.equal(changed.status, 303);
    const afterChange = await getPage(desk.gangnam.admin, changed.headers.get('location')!);
    assert.match(afterChange.html, /답변 ‘Paying’을 바꿨습니다./);
    assert.equal((await cannedRows(ctx.db, 'gangnam'))[0]!.body_en, 'Pay on Wetax or by bank transfer.');

    const confirm = await getPage(desk.gangnam.admin, `${CANNED}/${row!.id}/remove?lang=en`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.html, /Remove the answer “Paying”\?/);
    assert.equal((await cannedRows(ctx.db, 'gangnam')).length, 1, 'the confirmation page removes nothing');
    const removed = await formPost(desk.gangnam.admin, `${CANNED}/${row!.id}/remove?lang=en`, {});
    assert.equal(removed.status, 303);
    assert.match((await getPage(desk.gangnam.admin, removed.headers.get('location')!)).html, /The answer was removed./);
    assert.deepEqual(await cannedRows(ctx.db, 'gangnam'), []);
    assert.equal((await formPost(desk.gangnam.admin, `${CANNED}/${row!.id}/remove?lang=en`, {})).status, 404, 'gone');
  });
  test('canned answers: an agent reads but cannot change them, a tax official cannot open them, and Seocho never sees or touches Gangnam’s', async () => {
    await formPost(desk.gangnam.admin, `${CANNED}?lang=en`, { title: 'Refunds', bodyKo: '환급 신청은 …', bodyEn: 'Apply for a refund …' });
    const [row] = await cannedRows(ctx.db, 'gangnam');
    const id = row!.id;

    const agentView = await getPage(desk.gangnam.desk_agent, `${CANNED}?lang=en`);
    assert.equal(agentView.status, 200);
    assert.match(agentView.html, /<th scope="row">Refunds<\/th>/);
    assert.match(agentView.html, /Administrators add and change these answers/);
    assert.doesNotMatch(agentView.html, /id="canned-add"|canned-change-|canned-remove-/, 'no forms or links to change anything');
    assert.equal((await formPost(desk.gangnam.desk_agent, `${CANNED}?lang=en`, { title: 'Agent', bodyKo: 'x', bodyEn: 'y' })).status, 403);
    assert.equal((await getPage(desk.gangnam.desk_agent, `${CANNED}/${id}?lang=en`)).status, 403);
    assert.equal((await formPost(desk.gangnam.desk_agent, `${CANNED}/${id}?lang=en`, { title: 'Agent', bodyKo: 'x', bodyEn: 'y' })).status, 403);
    assert.equal((await formPost(desk.gangnam.desk_agent, `${CANNED}/${id}/remove?lang=en`, {})).status, 403);
    assert.deepEqual((await cannedRows(ctx.db, 'gangnam')).map((r) => r.title), ['Refunds'], 'an agent changed nothing');
    assert.equal((await getPage(desk.gangnam.tax_official, `${CANNED}?lang=en`)).status, 403);

    const seocho = await getPage(desk.seocho.admin, `${CANNED}?lang=en`);
    assert.equal(seocho.status, 200);
    assert.doesNotMatch(seocho.html, /Refunds/);
    assert.doesNotMatch((await getPage(desk.seocho.desk_agent, `${CANNED}?lang=en`)).html, /Refunds/);
    assert.equal((await getPage(desk.seocho.admin, `${CANNED}/${id}?lang=en`)).status, 404);
    assert.equal((await formPost(desk.seocho.admin, `${CANNED}/${id}?lang=en`, { title: 'Seocho', bodyKo: 'x', bodyEn: 'y' })).status, 404);
    assert.equal((await getPage(desk.seocho.admin, `${CANNED}/${id}/remove?lang=en`)).status, 404);
    assert.equal((await formPost(desk.seocho.admin, `${CANNED}/${id}/remove?lang=en`, {})).status, 404);
    assert.deepEqual((await cannedRows(ctx.db, 'gangnam')).map((r) => [r.title, r.body_en]), [['Refunds', 'Apply for a refund …']]);
    assert.deepEqual(await cannedRows(ctx.db, 'seocho'), []);
  });
});
