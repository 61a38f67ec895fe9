import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { checkItemForm } from './calendar-console.service.ts';

// The district's schedule kept in the console, on both engines: the first
// change copies the national schedule; add, edit, delete; a wrong form is
// refused naming each field with nothing stored; other districts keep the
// national schedule; only officials of the district; every change audited.

const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

forEachEngine('guide: the calendar in the console', (ctx) => {
  let server: TestServer;
  let staff: Record<string, string>;
  before(async () => {
    server = await startTestServer(ctx.db);
    staff = await createDistrictWithStaff(ctx.db, 'calcon', ['tax_official', 'desk_agent']);
    await createDistrictWithStaff(ctx.db, 'calother', ['tax_official']);
  });
  after(async () => {
    await server?.close();
  });

  test('add, edit and delete; the first change copies the national schedule; residents see it; others keep theirs', async () => {
    const official = new TestClient(server.url);
    await official.login(staff.tax_official!);
    const post = (path: string, fields: Record<string, string>) => official.request(`/console/guide/calendar${path}?lang=en`, form({ _csrf: official.csrfToken!, ...fields }));
    const first = await (await official.request('/console/guide/calendar?lang=en')).text();
    assert.match(first, /Residents see the national schedule now/);

    const added = await post('', { code: 'leisure_tax', month: '4', opensDay: '1', dueDay: '30', titleKo: '레저세', titleEn: 'Leisure tax', detailKo: '', detailEn: '' });
    assert.equal(added.status, 303);
    const after = await (await official.request('/console/guide/calendar?done=saved&lang=en')).text();
    assert.match(after, /Residents see your district’s own schedule/);
    assert.match(after, /Leisure tax/);
    assert.match(after, /Vehicle tax, first half/, 'the national items were copied');

    assert.equal((await post('/vehicle_tax_first_half', { month: '6', opensDay: '16', dueDay: '30', titleKo: '자동차세 1기', titleEn: 'Vehicle tax (June)', detailKo: '', detailEn: '' })).status, 303);
    assert.equal((await post('/registration_licence/delete', {})).status, 303);
    const resident = await (await new TestClient(server.url).request('/r/guide/calcon/calendar/list?year=2027&lang=en')).text();
    assert.match(resident, /Vehicle tax \(June\)/);
    assert.match(resident, /Leisure tax/);
    assert.doesNotMatch(resident, /Registration and licence tax/);
    const other = await (await new TestClient(server.url).request('/r/guide/calother/calendar/list?year=2027&lang=en')).text();
    assert.match(other, /Registration and licence tax/);
    assert.doesNotMatch(other, /Leisure tax/);

    const { rows } = await ctx.db.query<{ action: string; entity_id: string }>("SELECT action, entity_id FROM audit_log WHERE district_code = 'calcon' AND action LIKE 'guide.calendar%' ORDER BY id");
    assert.deepEqual(rows.map((r) => [r.action, r.entity_id]), [
      ['guide.calendar_item_added', 'leisure_tax'], ['guide.calendar_item_changed', 'vehicle_tax_first_half'], ['guide.calendar_item_removed', 'registration_licence'],
    ]);
  });

  test('a wrong form names each field and stores nothing; a taken identifier is refused', async () => {
    const official = new TestClient(server.url);
    await official.login(staff.tax_official!);
    const post = (fields: Record<string, string>) => official.request('/console/guide/calendar?lang=ko', form({ _csrf: official.csrfToken!, ...fields }));
    const before = (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM guide_calendar_items WHERE district_code = 'calcon'")).rows[0]!.n;
    const bad = await post({ code: 'Bad Code', month: '13', opensDay: '20', dueDay: '40', titleKo: '', titleEn: '', detailKo: '', detailEn: '' });
    assert.equal(bad.status, 400);
    const page = await bad.text();
    for (const id of ['item-code', 'item-month', 'item-due', 'item-title-ko', 'item-title-en']) assert.match(page, new RegExp(`href="#${id}"`), id);
    assert.match(page, /월은 1부터 12까지의 숫자이거나 비워 둡니다/);
    const late = await post({ code: 'late_open', month: '3', opensDay: '20', dueDay: '10', titleKo: '시험', titleEn: 'Test', detailKo: '', detailEn: '' });
    assert.match(await late.text(), /시작일은 기한보다 늦을 수 없습니다/);
    const taken = await post({ code: 'leisure_tax', month: '4', opensDay: '', dueDay: '30', titleKo: '레저세', titleEn: 'Leisure', detailKo: '', detailEn: '' });
    assert.equal(taken.status, 409);
    const afterCount = (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM guide_calendar_items WHERE district_code = 'calcon'")).rows[0]!.n;
    assert.equal(afterCount, before);
  });

  test('only officials: a desk agent is refused; another district’s item is not reachable', async () => {
    const desk = new TestClient(server.url);
    await desk.login(staff.desk_agent!);
    assert.equal((await desk.request('/console/guide/calendar')).status, 403);
    const other = new TestClient(server.url);
    await other.login('calother.tax-official');
    const removed = await other.request('/console/guide/calendar/leisure_tax/delete?lang=en', form({ _csrf: other.csrfToken! }));
    assert.equal(removed.status, 404, 'calother has no such item');
    const still = await (await new TestClient(server.url).request('/r/guide/calcon/calendar/list?year=2027&lang=en')).text();
    assert.match(still, /Leisure tax/);
  });

  test('the form check: any day from 1 to 31 with a first day not after it is accepted', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 31 }), fc.option(fc.integer({ min: 1, max: 12 })), (a, b, month) => {
      const [opens, due] = a <= b ? [a, b] : [b, a];
      const checked = checkItemForm({ code: 'x_1', month: month === null ? '' : String(month), opensDay: String(opens), dueDay: String(due), titleKo: '세', titleEn: 'Tax', detailKo: '', detailEn: '' });
      assert.ok('item' in checked && checked.item.dueDay === due && checked.item.opensDay === opens && checked.item.month === month);
    }));
  });
});
