import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';

// The guide's front page of a district and where it is reached from: the
// landing page, the refund guide; refund applications in the staff menu of
// those who process them.

forEachEngine('guide: a district’s front page', (ctx) => {
  let server: TestServer;
  let staff: Record<string, string>;
  before(async () => {
    server = await startTestServer(ctx.db);
    staff = await createDistrictWithStaff(ctx.db, 'hubgu', ['tax_official', 'desk_agent'], { ko: '허브구', en: 'Hub-gu' });
  });
  after(async () => {
    await server?.close();
  });

  test('the front page searches and leads to the calendar, reminders, refunds, booths, FAQ, lectures and the board', async () => {
    const page = await (await new TestClient(server.url).request('/r/guide/hubgu?lang=en')).text();
    assert.match(page, /<h1>Local-tax guide of Hub-gu<\/h1>/);
    assert.match(page, /<form method="get" action="\/r\/guide\/hubgu\/search" role="search"/);
    for (const href of ['/r/guide/hubgu/booths?lang=en', '/r/guide/hubgu/faq?lang=en', '/r/lectures?district=hubgu&lang=en', '/r/lectures/board/hubgu?lang=en', '/r/guide/hubgu/calendar?lang=en', '/r/guide/hubgu/calendar/list?lang=en', '/r/guide/hubgu/calendar/remind?lang=en', '/r/guide/hubgu/refund/apply?lang=en', '/r/guide/hubgu/refund/status?lang=en']) {
      assert.ok(page.includes(`href="${href.replace('&', '&amp;')}"`), href);
      assert.equal((await new TestClient(server.url).request(href)).status, 200, `${href} answers`);
    }
    assert.equal((await new TestClient(server.url).request('/r/guide/nowhere')).status, 404);
  });

  test('reached from the landing page and the refund guide; refunds in the menu of officials only', async () => {
    const landing = await (await new TestClient(server.url).request('/?lang=ko')).text();
    assert.match(landing, /<a href="\/r\/guide\/hubgu\?lang=ko">허브구 지방세 안내<\/a>/);
    const refundGuide = await (await new TestClient(server.url).request('/r/guide/refund?lang=ko')).text();
    assert.match(refundGuide, /href="\/r\/guide\/hubgu\/refund\/apply\?lang=ko">허브구에 환급 신청/);
    const official = new TestClient(server.url);
    await official.login(staff.tax_official!);
    assert.match(await (await official.request('/console?lang=en')).text(), /href="\/console\/guide\/refunds"[^>]*>Refund applications/);
    const desk = new TestClient(server.url);
    await desk.login(staff.desk_agent!);
    assert.doesNotMatch(await (await desk.request('/console?lang=en')).text(), /Refund applications/);
  });
});
