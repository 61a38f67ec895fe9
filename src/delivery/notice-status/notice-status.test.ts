import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { paperJobDepsOf, runPaperJobs } from '../paper/paper-batch-jobs.service.ts';
import { forEachEngine } from '../../../test-support/engines.ts';
import { paymentCode } from '../../notices/payment-page/payment-code.ts';
import { api, messageOfNotice, noticeNo, postEmpty, startDeliveryConsoleScenario, type DeliveryConsoleScenario } from '../delivery-console.test-support.ts';

// A notice's status for the payment system and returned post (§33), over
// real HTTP on both engines; the resident payment page the status links to.

forEachEngine('notice status and returned post: API', (ctx) => {
  let s: DeliveryConsoleScenario;
  before(async () => {
    s = await startDeliveryConsoleScenario(ctx.db);
  });
  after(async () => {
    await s?.server.close();
  });

  test('status: amount, due date, the §31 effective due date with its article, delivery time and state', async () => {
    const status = await api(s.desk, `/api/notices/2026/${encodeURIComponent(await noticeNo(ctx.db, s.notices.a))}`);
    assert.equal(status.status, 200, 'desk agents read a notice’s status');
    const n = (await status.json()) as { amount: number; dueDate: string; effectiveDueDate: string; payBy: string; effectiveDueDateRule: { article: string }; deliveredAt: string; state: string };
    assert.deepEqual(
      [n.amount, n.dueDate, n.effectiveDueDate, n.payBy, n.effectiveDueDateRule.article, n.deliveredAt, n.state],
      [356000, '2026-07-31', '2026-08-11', '2026-08-11', '지방세기본법 제31조', '2026-07-27T15:30:00.000Z', 'delivered'],
    );
    const d = (await (await api(s.official, `/api/notices/2026/${encodeURIComponent(await noticeNo(ctx.db, s.notices.d))}`)).json()) as { effectiveDueDate: string | null; payBy: string; effectiveDueDateRule: unknown; state: string };
    assert.deepEqual([d.effectiveDueDate, d.payBy, d.effectiveDueDateRule, d.state], [null, '2026-07-31', null, 'pending']);
    assert.equal((await api(s.official, '/api/notices/2026/NOPE-1')).status, 404);
    assert.equal((await api(s.official, '/api/notices/1800/X')).status, 400);
    assert.equal((await api(s.expert, '/api/notices/2026/NOPE-1')).status, 403);
  });

  test('returned post (§33): a paper notice goes to public notice; one not on paper is named unknown', async () => {
    assert.equal((await postEmpty(s.official, '/api/paper-batches')).status, 202);
    assert.equal(await runPaperJobs(paperJobDepsOf(s.server.deps)), 1, 'the batch asked for is made (as serve’s worker would)');
    const cNo = await noticeNo(ctx.db, s.notices.c);
    const dNo = await noticeNo(ctx.db, s.notices.d);
    assert.equal((await api(s.official, '/api/notices/returned-post', 'POST', { taxYear: 2026, noticeNos: [] })).status, 400);
    assert.equal((await api(s.desk, '/api/notices/returned-post', 'POST', { taxYear: 2026, noticeNos: [cNo] })).status, 403);
    const returned = await api(s.official, '/api/notices/returned-post', 'POST', { taxYear: 2026, noticeNos: [cNo, dNo] });
    assert.deepEqual(await returned.json(), { recorded: 1, unknown: [dNo] });
    const c = await messageOfNotice(ctx.db, s.notices.c);
    const t = (await (await api(s.official, `/api/messages/${c.id}/timeline`)).json()) as { message: { publicNoticeAt: string | null; deemedServedOn: string | null }; events: { event: string }[] };
    assert.ok(t.message.publicNoticeAt);
    assert.ok(t.message.deemedServedOn);
    assert.deepEqual(t.events.map((e) => e.event).slice(-2), ['paper_reissued', 'public_notice']);
    const status = (await (await api(s.official, `/api/notices/2026/${encodeURIComponent(cNo)}`)).json()) as { publicNoticeAt: string | null; deemedServedOn: string | null };
    assert.ok(status.publicNoticeAt && status.deemedServedOn);
  });

  test('district isolation: a Seocho official cannot read Gangnam’s notices or record their post', async () => {
    const aNo = await noticeNo(ctx.db, s.notices.a);
    assert.equal((await api(s.seocho, `/api/notices/2026/${encodeURIComponent(aNo)}`)).status, 404);
    const returned = await api(s.seocho, '/api/notices/returned-post', 'POST', { taxYear: 2026, noticeNos: [aNo] });
    assert.deepEqual(await returned.json(), { recorded: 0, unknown: [aNo] });
  });

  test('the resident payment page: public with the notice’s code, no personal data, the §31 date, 404 when unknown', async () => {
    const aNo = await noticeNo(ctx.db, s.notices.a);
    const code = (district: string, no: string) => paymentCode(s.server.deps.cipher, district, no);
    const page = await s.anonymous.request(`/pay/gangnam/${encodeURIComponent(aNo)}?lang=en&code=${code('gangnam', aNo)}`);
    assert.equal(page.status, 200);
    const text = await page.text();
    assert.match(text, /KRW 356,000/);
    assert.match(text, /Original due date/);
    assert.match(text, /11 August 2026/);
    assert.match(text, /26012345678901/);
    assert.doesNotMatch(text, /납세자|\+82|example\.kr|테헤란로/, 'no name, contact or address');
    const ko = await (await s.anonymous.request(`/pay/gangnam/${encodeURIComponent(aNo)}?lang=ko&code=${code('gangnam', aNo)}`)).text();
    assert.match(ko, /356,000원/);
    assert.match(ko, /2026\. 8\. 11\./);
    const missing = await s.anonymous.request(`/pay/gangnam/NOPE-0?lang=en&code=${code('gangnam', 'NOPE-0')}`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /Notice not found/);
    assert.equal((await s.anonymous.request(`/pay/seocho/${encodeURIComponent(aNo)}?code=${code('seocho', aNo)}`)).status, 404, 'another district’s link does not resolve');
    const status = (await (await api(s.official, `/api/notices/2026/${encodeURIComponent(aNo)}`)).json()) as { paymentPage: string };
    const followed = await s.anonymous.request(status.paymentPage);
    assert.equal(followed.status, 200, 'the payment system’s link opens the page');
    assert.match(await followed.text(), /356,000원|KRW 356,000/);
  });
});
