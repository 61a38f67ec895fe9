import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';

// Payment events through the API on both engines: officials only, with the
// session's CSRF token; each known notice is marked paid, unknown ones are
// named, and a notice of another district is unknown. (What a payment
// withdraws from the delivery queue is delivery's to test:
// delivery/messages/messages.test.ts.)

forEachEngine('payments: API', (ctx) => {
  let server: TestServer;
  let official: TestClient;
  let desk: TestClient;
  let seocho: TestClient;
  const pay = (c: TestClient, payments: unknown[]) => c.json('/api/payments', 'POST', { payments }, { 'x-csrf-token': c.csrfToken ?? '' });
  const noticeNos: string[] = [];

  before(async () => {
    server = await startTestServer(ctx.db);
    const g = await createDistrictWithStaff(ctx.db, 'gangnam', ['tax_official', 'desk_agent'], { ko: '강남구', en: 'Gangnam-gu' });
    const s = await createDistrictWithStaff(ctx.db, 'seocho', ['tax_official'], { ko: '서초구', en: 'Seocho-gu' });
    official = new TestClient(server.url);
    await official.login(g.tax_official);
    desk = new TestClient(server.url);
    await desk.login(g.desk_agent);
    seocho = new TestClient(server.url);
    await seocho.login(s.tax_official);
    const notices = await createNotices(ctx.db, 'gangnam', await createTaxpayers(ctx.db, 'gangnam', [{}, {}]), { taxYear: 2026 });
    const { rows } = await ctx.db.query<{ notice_no: string }>('SELECT notice_no FROM notices WHERE id = ANY($1) ORDER BY id', [notices]);
    noticeNos.push(...rows.map((r) => r.notice_no));
  });
  after(async () => {
    await server?.close();
  });

  const paidAt = async (no: string) => {
    const at = (await ctx.db.query<{ paid_at: Date | string | null }>('SELECT paid_at FROM notices WHERE notice_no = $1', [no])).rows[0]!.paid_at;
    return at === null ? null : new Date(at);
  };

  test('guards: no session 401, a desk agent 403, CSRF required; bad input 400', async () => {
    const one = [{ noticeNo: noticeNos[0], taxYear: 2026, paidAt: '2026-07-12T10:00:00+09:00', amount: 1 }];
    assert.equal((await pay(new TestClient(server.url), one)).status, 401);
    assert.equal((await pay(desk, one)).status, 403);
    const noToken = await official.json('/api/payments', 'POST', { payments: one });
    assert.equal(noToken.status, 403);
    assert.equal(((await noToken.json()) as { code: string }).code, 'csrf_failed');
    assert.equal((await pay(official, [{ ...one[0], paidAt: 'yesterday' }])).status, 400);
    assert.equal((await pay(official, [])).status, 400);
    assert.equal(await paidAt(noticeNos[0]!), null, 'nothing recorded');
  });

  test('a known notice is marked paid, an unknown one is named; another district’s notice is unknown there', async () => {
    const paid = await pay(official, [
      { noticeNo: noticeNos[0], taxYear: 2026, paidAt: '2026-07-12T10:00:00+09:00', amount: 356000 },
      { noticeNo: 'NOPE', taxYear: 2026, paidAt: '2026-07-12T10:00:00+09:00', amount: 1 },
    ]);
    assert.equal(paid.status, 200);
    assert.deepEqual(await paid.json(), { recorded: 1, unknownNotices: ['NOPE'], withdrawnMessages: 0 });
    assert.equal((await paidAt(noticeNos[0]!))?.toISOString(), '2026-07-12T01:00:00.000Z');

    const theirs = await pay(seocho, [{ noticeNo: noticeNos[1], taxYear: 2026, paidAt: '2026-07-12T10:00:00+09:00', amount: 1 }]);
    assert.deepEqual(await theirs.json(), { recorded: 0, unknownNotices: [noticeNos[1]], withdrawnMessages: 0 });
    assert.equal(await paidAt(noticeNos[1]!), null);
  });
});
