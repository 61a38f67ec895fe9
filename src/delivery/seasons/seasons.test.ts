import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { paymentCode } from '../../notices/payment-page/payment-code.ts';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { issueSeason } from '../queue/queue.ts';
import { failAttempts, markDelivered } from '../dispatch/attempts.repository.ts';
import { loadLawRules } from '../law/law-rules.ts';

// The delivery API and console over real HTTP on both engines. Delivery is
// driven without a simulator: attempts are delivered or failed through the
// engine's own state functions, as receipts would.

async function liveAttempt(q: Queryable, messageId: number): Promise<number> {
  const { rows } = await q.query<{ id: number }>(`SELECT id FROM delivery_attempts WHERE message_id = $1 AND state = 'queued'`, [messageId]);
  assert.ok(rows[0], `message ${messageId} has a queued attempt`);
  return rows[0].id;
}

async function messageOfNotice(q: Queryable, noticeId: number): Promise<{ id: number; state: string }> {
  const { rows } = await q.query<{ id: number; state: string }>(`SELECT id, state FROM messages WHERE notice_id = $1 AND kind = 'notice'`, [noticeId]);
  return rows[0]!;
}

async function noticeNo(q: Queryable, noticeId: number): Promise<string> {
  return (await q.query<{ notice_no: string }>('SELECT notice_no FROM notices WHERE id = $1', [noticeId])).rows[0]!.notice_no;
}

function form(fields: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) p.append(k, one);
  return p.toString();
}

forEachEngine('delivery console and API', (ctx) => {
  let server: TestServer;
  let official: TestClient;
  let desk: TestClient;
  let expert: TestClient;
  let seocho: TestClient;
  let anonymous: TestClient;
  const api = (c: TestClient, path: string, method = 'GET', body?: unknown) =>
    c.json(path, method, body, c.csrfToken ? { 'x-csrf-token': c.csrfToken } : {});
  const postEmpty = (c: TestClient, path: string) => c.request(path, { method: 'POST', headers: { 'x-csrf-token': c.csrfToken ?? '' } });
  const post = (c: TestClient, path: string, fields: Record<string, string | string[]>) =>
    c.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: form({ _csrf: c.csrfToken ?? '', ...fields }) });

  // Gangnam: A delivered by SMS late (§31), B returned (dead prefix), C paper only, D pending (to be paid).
  const n: Record<'a' | 'b' | 'c' | 'd', number> = { a: 0, b: 0, c: 0, d: 0 };
  let seasonId = 0;
  let previousSeasonId = 0;

  before(async () => {
    server = await startTestServer(ctx.db, { TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-console-')) });
    const g = await createDistrictWithStaff(ctx.db, 'gangnam', ['tax_official', 'desk_agent', 'expert'], { ko: '강남구', en: 'Gangnam-gu' });
    const s = await createDistrictWithStaff(ctx.db, 'seocho', ['tax_official'], { ko: '서초구', en: 'Seocho-gu' });
    official = new TestClient(server.url);
    await official.login(g.tax_official);
    desk = new TestClient(server.url);
    await desk.login(g.desk_agent);
    expert = new TestClient(server.url);
    await expert.login(g.expert);
    seocho = new TestClient(server.url);
    await seocho.login(s.tax_official);
    anonymous = new TestClient(server.url);

    // Last year's season of the same tax item, for the comparison.
    const old = await createTaxpayers(ctx.db, 'gangnam', [{ mobile: '+821055500001', enrol: ['sms'] }]);
    await createNotices(ctx.db, 'gangnam', old, { taxYear: 2025, period: 1, dueDate: '2025-07-31' });
    previousSeasonId = (await issueSeason(ctx.db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2025, period: 1, createdBy: 'test' })).seasonId;

    const ids = await createTaxpayers(ctx.db, 'gangnam', [
      { mobile: '+821055501234', email: 'a@example.kr', enrol: ['sms'] },
      { mobile: '+821699990000', enrol: ['sms'] },
      { mobile: '+821055509999', enrol: [] },
      { mobile: '+821055507777', enrol: ['sms'] },
    ]);
    const notices = await createNotices(ctx.db, 'gangnam', ids, { taxYear: 2026, period: 1, dueDate: '2026-07-31', amount: 356000 });
    [n.a, n.b, n.c, n.d] = notices as [number, number, number, number];
  });
  after(async () => {
    await server?.close();
  });

  test('guards: no session 401, a role without delivery 403, CSRF required on changes', async () => {
    assert.equal((await api(anonymous, '/api/seasons')).status, 401);
    assert.equal((await api(anonymous, '/api/seasons', 'POST', { taxItem: 'property_tax', taxYear: 2026 })).status, 401);
    const forbidden = await api(expert, '/api/seasons');
    assert.equal(forbidden.status, 403);
    assert.equal(((await forbidden.json()) as { code: string }).code, 'forbidden');
    const noToken = await official.json('/api/messages/resend', 'POST', { ids: [1], reason: 'x' });
    assert.equal(noToken.status, 403);
    assert.equal(((await noToken.json()) as { code: string }).code, 'csrf_failed');
    assert.equal((await api(desk, '/api/seasons', 'POST', { taxItem: 'property_tax', taxYear: 2026 })).status, 403);
  });

  test('POST /api/seasons: bad input 400, nothing to issue 422 (bilingual), then issues and sends', async () => {
    const bad = await api(official, '/api/seasons', 'POST', { taxItem: 'dog_tax', taxYear: 'soon' });
    assert.equal(bad.status, 400);
    const badBody = (await bad.json()) as { code: string; errors: { field: string }[] };
    assert.equal(badBody.code, 'validation_failed');
    assert.deepEqual(badBody.errors.map((e) => e.field).sort(), ['taxItem', 'taxYear']);

    const past = await api(official, '/api/seasons', 'POST', { taxItem: 'property_tax', taxYear: 2026, period: 1, sendAfter: '2020-01-01T00:00:00+09:00' });
    assert.equal(past.status, 400);
    assert.equal(((await past.json()) as { code: string }).code, 'send_after_past');

    const nothing = await official.json('/api/seasons', 'POST', { taxItem: 'vehicle_tax', taxYear: 2026, period: 1 }, { 'x-csrf-token': official.csrfToken!, 'accept-language': 'en' });
    assert.equal(nothing.status, 422);
    const nothingBody = (await nothing.json()) as { code: string; detail: string };
    assert.equal(nothingBody.code, 'no_notices_to_issue');
    assert.match(nothingBody.detail, /Vehicle tax 2026 1st instalment/);

    const issued = await api(official, '/api/seasons', 'POST', { taxItem: 'property_tax', taxYear: 2026, period: 1 });
    assert.equal(issued.status, 201);
    const body = (await issued.json()) as { seasonId: number; issued: number; electronic: number; paperOnly: number; summaryUrl: string };
    assert.equal(body.issued, 4);
    assert.equal(body.electronic, 3);
    assert.equal(body.paperOnly, 1);
    seasonId = body.seasonId;
    assert.equal(body.summaryUrl, `/api/seasons/${seasonId}/summary`);

    const list = (await (await api(official, '/api/seasons')).json()) as { seasons: { id: number; notices: number; taxYear: number }[] };
    assert.deepEqual(list.seasons.map((s) => [s.id, s.taxYear, s.notices]), [[seasonId, 2026, 4], [previousSeasonId, 2025, 1]]);

    const summary = (await (await api(official, `/api/seasons/${seasonId}/summary`)).json()) as Record<string, unknown>;
    assert.equal(summary.notices, 4);
    assert.equal(summary.applicants, 3);
    assert.equal(summary.pending, 4);
    assert.equal(summary.awaiting_paper, 1);
    assert.equal((await api(official, '/api/seasons/999999/summary')).status, 404);
    assert.equal((await api(official, '/api/seasons/abc/summary')).status, 400);
  });

  test('stats: rate per channel, delivered per Seoul day, failure causes, previous season; timeline with §31', async () => {
    const rules = await loadLawRules(ctx.db);
    const a = await messageOfNotice(ctx.db, n.a);
    const b = await messageOfNotice(ctx.db, n.b);
    // A arrives 4 days before its due date (15:30 UTC is past midnight in Seoul): §31 moves the due date.
    await markDelivered(ctx.db, [{ attemptId: await liveAttempt(ctx.db, a.id), occurredAt: new Date('2026-07-27T15:30:00Z') }], rules);
    await failAttempts(ctx.db, [{ attemptId: await liveAttempt(ctx.db, b.id), cause: 'dead_prefix', detail: 'number not in service' }], 'sim-sms');
    const prevMsg = (await ctx.db.query<{ id: number }>(`SELECT id FROM messages WHERE season_id = $1`, [previousSeasonId])).rows[0]!;
    await markDelivered(ctx.db, [{ attemptId: await liveAttempt(ctx.db, prevMsg.id), occurredAt: new Date('2025-07-10T01:00:00Z') }], rules);

    const stats = (await (await api(official, `/api/seasons/${seasonId}/stats`)).json()) as {
      channels: { channel: string; attempted: number; delivered: number; rate: number }[];
      deliveredPerDay: { day: string; delivered: number }[];
      failureCauses: { cause: string; count: number }[];
      paperCostKrw: number;
      summary: { returned: number; awaiting_paper: number };
      previous: { season: { id: number; taxYear: number }; summary: { electronic_delivery_rate: number } } | null;
    };
    assert.deepEqual(stats.channels, [{ channel: 'sms', attempted: 3, delivered: 1, rate: 0.3333 }]);
    assert.deepEqual(stats.deliveredPerDay, [{ day: '2026-07-28', delivered: 1 }]);
    assert.deepEqual(stats.failureCauses, [{ cause: 'dead_prefix', count: 1 }]);
    assert.equal(stats.paperCostKrw, 0);
    assert.equal(stats.summary.returned, 1);
    assert.equal(stats.summary.awaiting_paper, 2);
    assert.equal(stats.previous?.season.id, previousSeasonId);
    assert.equal(stats.previous?.summary.electronic_delivery_rate, 1);

    const timeline = await api(desk, `/api/messages/${a.id}/timeline`);
    assert.equal(timeline.status, 200, 'a desk agent may read a timeline');
    const t = (await timeline.json()) as {
      message: { deliveredAt: string; effectiveDueDate: string; dueDate: string; state: string };
      attempts: { channel: string; state: string }[];
      events: { event: string; channel: string | null }[];
    };
    assert.equal(t.message.state, 'delivered');
    assert.equal(t.message.deliveredAt, '2026-07-27T15:30:00.000Z');
    assert.equal(t.message.dueDate, '2026-07-31');
    assert.equal(t.message.effectiveDueDate, '2026-08-11');
    assert.deepEqual(t.attempts.map((x) => [x.channel, x.state]), [['sms', 'delivered']]);
    assert.ok(t.events.some((e) => e.event === 'delivered' && e.channel === 'sms'));
    assert.equal((await api(desk, `/api/seasons/${seasonId}/stats`)).status, 403, 'desk agents read timelines, not seasons');

    const status = await api(official, `/api/notices/2026/${encodeURIComponent(await noticeNo(ctx.db, n.a))}`);
    assert.equal(status.status, 200);
    const s = (await status.json()) as { amount: number; dueDate: string; effectiveDueDate: string; payBy: string; effectiveDueDateRule: { article: string }; deliveredAt: string; state: string };
    assert.deepEqual(
      [s.amount, s.dueDate, s.effectiveDueDate, s.payBy, s.effectiveDueDateRule.article, s.deliveredAt, s.state],
      [356000, '2026-07-31', '2026-08-11', '2026-08-11', '지방세기본법 제31조', '2026-07-27T15:30:00.000Z', 'delivered'],
    );
    assert.equal((await api(official, '/api/notices/2026/NOPE-1')).status, 404);
    assert.equal((await api(official, '/api/notices/1800/X')).status, 400);
  });

  test('messages: filters and pages, no contact data; resend of a returned message, refusals for final ones', async () => {
    const a = await messageOfNotice(ctx.db, n.a);
    const b = await messageOfNotice(ctx.db, n.b);
    const listed = await api(official, `/api/messages?season=${seasonId}&state=awaiting_paper`);
    const text = await listed.text();
    assert.doesNotMatch(text, /\+82|010|example\.kr|mobile|email/i, 'no contact data in the list');
    const body = JSON.parse(text) as { total: number; messages: { id: number; taxpayerName: string; lastFailureCause: string | null }[] };
    assert.equal(body.total, 2);
    assert.ok(body.messages.every((m) => m.taxpayerName.startsWith('납세자')));
    const byCause = (await (await api(official, `/api/messages?season=${seasonId}&cause=dead_prefix`)).json()) as { messages: { id: number }[] };
    assert.deepEqual(byCause.messages.map((m) => m.id), [b.id]);
    assert.equal((await api(official, '/api/messages?state=lost')).status, 400);
    assert.equal((await api(official, '/api/messages?page=0')).status, 400);

    assert.equal((await api(official, '/api/messages/resend', 'POST', { ids: [], reason: 'x' })).status, 400);
    assert.equal((await api(official, '/api/messages/resend', 'POST', { ids: [b.id] })).status, 400, 'a reason is required');
    const resent = await api(official, '/api/messages/resend', 'POST', { ids: [b.id, a.id], reason: 'mobile number corrected' });
    assert.equal(resent.status, 200);
    assert.deepEqual(await resent.json(), { resent: [b.id], refused: [{ messageId: a.id, reason: 'final' }] });
    const after = (await (await api(official, `/api/messages/${b.id}/timeline`)).json()) as { message: { state: string }; events: { event: string }[]; attempts: { state: string }[] };
    assert.equal(after.message.state, 'pending');
    assert.deepEqual(after.events.map((e) => e.event).slice(-1), ['resend']);
    assert.deepEqual(after.attempts.map((x) => x.state), ['failed', 'queued']);
  });

  test('paper batch: made from the console API, downloads of the PDF and the manifest; payments withdraw; §33 returned post', async () => {
    const made = await postEmpty(official, '/api/paper-batches');
    assert.equal(made.status, 201);
    const { batch } = (await made.json()) as { batch: { id: number; notices: number; costKrw: number; pdfUrl: string; manifestUrl: string } };
    assert.equal(batch.notices, 1, 'only the paper-only notice waits for paper (B was resent)');
    assert.ok(batch.costKrw > 0);
    const pdf = await official.request(batch.pdfUrl);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.match(pdf.headers.get('content-disposition') ?? '', /attachment; filename="paper-batch-\d+\.pdf"/);
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
    const manifest = await official.request(batch.manifestUrl);
    assert.equal(manifest.status, 200);
    const cNo = await noticeNo(ctx.db, n.c);
    assert.ok((await manifest.text()).includes(cNo));
    const again = await postEmpty(official, '/api/paper-batches');
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { batch: null, withdrawnPaid: 0 });
    const summary = (await (await api(official, `/api/seasons/${seasonId}/summary`)).json()) as { paper: number; paper_cost_krw: number };
    assert.equal(summary.paper, 1);
    assert.equal(summary.paper_cost_krw, batch.costKrw);

    // A payment event withdraws the pending notice D.
    const dNo = await noticeNo(ctx.db, n.d);
    assert.equal((await api(official, '/api/payments', 'POST', { payments: [{ noticeNo: dNo, taxYear: 2026, paidAt: 'yesterday', amount: 1 }] })).status, 400);
    const paid = await api(official, '/api/payments', 'POST', { payments: [{ noticeNo: dNo, taxYear: 2026, paidAt: '2026-07-12T10:00:00+09:00', amount: 356000 }, { noticeNo: 'NOPE', taxYear: 2026, paidAt: '2026-07-12T10:00:00+09:00', amount: 1 }] });
    assert.equal(paid.status, 200);
    assert.deepEqual(await paid.json(), { recorded: 1, unknownNotices: ['NOPE'], withdrawnMessages: 1 });
    assert.equal((await messageOfNotice(ctx.db, n.d)).state, 'withdrawn');
    const live = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.notice_id = $1 AND a.state IN ('queued', 'sending', 'accepted')`,
      [n.d],
    );
    assert.equal(live.rows[0]!.n, 0, 'its attempts are cancelled');

    // §33: C's paper notice came back.
    assert.equal((await api(official, '/api/notices/returned-post', 'POST', { taxYear: 2026, noticeNos: [] })).status, 400);
    const returned = await api(official, '/api/notices/returned-post', 'POST', { taxYear: 2026, noticeNos: [cNo, dNo] });
    assert.deepEqual(await returned.json(), { recorded: 1, unknown: [dNo] });
    const c = await messageOfNotice(ctx.db, n.c);
    const t = (await (await api(official, `/api/messages/${c.id}/timeline`)).json()) as { message: { publicNoticeAt: string | null; deemedServedOn: string | null }; events: { event: string }[] };
    assert.ok(t.message.publicNoticeAt);
    assert.ok(t.message.deemedServedOn);
    assert.deepEqual(t.events.map((e) => e.event).slice(-2), ['paper_reissued', 'public_notice']);
  });

  test('district isolation: a Seocho official cannot read or act on Gangnam’s season, messages, batches or templates', async () => {
    const a = await messageOfNotice(ctx.db, n.a);
    const batches = (await (await api(official, '/api/paper-batches')).json()) as { batches: { id: number }[] };
    const batchId = batches.batches[0]!.id;
    for (const path of [
      `/api/seasons/${seasonId}/summary`,
      `/api/seasons/${seasonId}/stats`,
      `/api/messages?season=${seasonId}`,
      `/api/messages/${a.id}/timeline`,
      `/api/paper-batches/${batchId}/pdf`,
      `/api/paper-batches/${batchId}/manifest`,
      `/api/notices/2026/${encodeURIComponent(await noticeNo(ctx.db, n.a))}`,
    ]) {
      assert.equal((await api(seocho, path)).status, 404, path);
    }
    assert.deepEqual(((await (await api(seocho, '/api/seasons')).json()) as { seasons: unknown[] }).seasons, []);
    assert.deepEqual(((await (await api(seocho, '/api/messages')).json()) as { total: number }).total, 0);
    assert.deepEqual(((await (await api(seocho, '/api/paper-batches')).json()) as { batches: unknown[] }).batches, []);
    const resend = await api(seocho, '/api/messages/resend', 'POST', { ids: [a.id], reason: 'x' });
    assert.deepEqual(await resend.json(), { resent: [], refused: [{ messageId: a.id, reason: 'not_found' }] });
    const pay = await api(seocho, '/api/payments', 'POST', { payments: [{ noticeNo: await noticeNo(ctx.db, n.b), taxYear: 2026, paidAt: '2026-07-12T10:00:00+09:00', amount: 1 }] });
    assert.equal(((await pay.json()) as { recorded: number }).recorded, 0);
    assert.equal((await messageOfNotice(ctx.db, n.b)).state, 'pending');

    const saved = await api(official, '/api/templates/notice/sms/ko', 'PUT', { body: '[강남구] {{tax_item}} {{amount}} {{link}}', subject: '강남구 고지' });
    assert.equal(saved.status, 200);
    assert.equal(((await saved.json()) as { source: string }).source, 'district');
    const theirs = (await (await api(seocho, '/api/templates/notice/sms/ko')).json()) as { source: string; body: string };
    assert.equal(theirs.source, 'builtin');
    assert.doesNotMatch(theirs.body, /강남구/);
    const page = await seocho.request(`/console/seasons/${seasonId}`, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 404);
    assert.equal((await seocho.request(`/console/messages/${a.id}`, { headers: { accept: 'text/html' } })).status, 404);
  });

  test('templates: an unknown variable is refused with the variable named (API and form), preview, reset', async () => {
    const refused = await api(official, '/api/templates/notice/kakao/en', 'PUT', { kakaoTemplateCode: 'TS_NOTICE_EN', body: 'Pay {{amount}} by {{due_dat}}', buttons: [] });
    assert.equal(refused.status, 422);
    const problem = (await refused.json()) as { code: string; detail: string; errors: { field: string; reason: string }[] };
    assert.equal(problem.code, 'template_unknown_variable');
    assert.match(problem.detail, /\{\{due_dat\}\}/);
    assert.deepEqual(problem.errors, [{ field: 'body', reason: 'unknown variable {{due_dat}}' }]);

    const preview = await api(official, '/api/templates/notice/sms/en/preview', 'POST', { body: 'Pay {{amount}} by {{effective_due_date}}' });
    assert.equal(preview.status, 200);
    assert.deepEqual(await preview.json(), { channel: 'sms', content: { kind: 'sms', text: 'Pay KRW 1,284,500 by 31 July 2026' } });

    const formRefused = await post(official, '/console/templates/notice/sms/ko?lang=en', { action: 'save', subject: 'x', body: '{{amount}} {{nickname}}' });
    assert.equal(formRefused.status, 422);
    const html = await formRefused.text();
    assert.match(html, /<title>Error: /);
    assert.match(html, /data-error-summary/);
    assert.match(html, /<a href="#tpl-body">Unknown variable \{\{nickname\}\}/);

    const formPreview = await post(official, '/console/templates/notice/sms/ko?lang=en', { action: 'preview', subject: 'x', body: '{{amount}} 납부' });
    assert.equal(formPreview.status, 200);
    assert.match(await formPreview.text(), /1,284,500원 납부/);

    const formSaved = await post(official, '/console/templates/notice/sms/ko', { action: 'save', subject: '고지', body: '{{amount}} 납부 {{link}}' });
    assert.equal(formSaved.status, 303);
    assert.match(formSaved.headers.get('location') ?? '', /done=saved/);
    const reset = await post(official, '/console/templates/notice/sms/ko/reset', {});
    assert.equal(reset.status, 303);
    assert.equal(((await (await api(official, '/api/templates/notice/sms/ko')).json()) as { source: string }).source, 'builtin');
    const del = await official.request('/api/templates/notice/sms/ko', { method: 'DELETE', headers: { 'x-csrf-token': official.csrfToken! } });
    assert.deepEqual(await del.json(), { reset: false });
    const all = (await (await api(official, '/api/templates')).json()) as { templates: unknown[] };
    assert.equal(all.templates.length, 4 * 4 * 2);
  });

  test('console pages: issue with a check-answers step, season page with live region and charts, message timeline', async () => {
    const list = await official.request('/console/seasons?lang=en', { headers: { accept: 'text/html' } });
    assert.equal(list.status, 200);
    const listHtml = await list.text();
    assert.match(listHtml, /Issue and send a season/);
    assert.match(listHtml, new RegExp(`/console/seasons/${seasonId}\\?lang=en`));

    const bad = await post(official, '/console/seasons/check?lang=en', { taxItem: '', taxYear: '26', period: '1', when: 'later', sendAt: 'tomorrow' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    for (const field of ['tax-item', 'tax-year', 'send-at']) assert.match(badHtml, new RegExp(`<a href="#${field}">`));

    const ids = await createTaxpayers(ctx.db, 'gangnam', [{ mobile: '+821055502222', enrol: ['sms'] }]);
    await createNotices(ctx.db, 'gangnam', ids, { taxItem: 'resident_tax', taxYear: 2026, period: 1, dueDate: '2026-08-31' });
    const check = await post(official, '/console/seasons/check?lang=en', { taxItem: 'resident_tax', taxYear: '2026', period: '1', when: 'now' });
    assert.equal(check.status, 200);
    const checkHtml = await check.text();
    assert.match(checkHtml, /Check your answers before sending/);
    assert.match(checkHtml, /Resident tax/);
    const before = (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM seasons WHERE tax_item = 'resident_tax'`)).rows[0]!.n;
    assert.equal(before, 0, 'the check step sends nothing');

    const sent = await post(official, '/console/seasons?lang=en', { taxItem: 'resident_tax', taxYear: '2026', period: '1', when: 'now', sendAt: '' });
    assert.equal(sent.status, 303);
    const location = sent.headers.get('location') ?? '';
    assert.match(location, /^\/console\/seasons\/\d+\?lang=en&issued=1$/);
    const seasonPage = await official.request(location, { headers: { accept: 'text/html' } });
    const seasonHtml = await seasonPage.text();
    assert.match(seasonHtml, /The season was issued/);
    assert.match(seasonHtml, /aria-live="polite"/);
    assert.match(seasonHtml, /0 of 1 notices final, 1 being sent, 0 waiting for paper/);

    const main = await (await official.request(`/console/seasons/${seasonId}?lang=ko`, { headers: { accept: 'text/html' } })).text();
    assert.equal((main.match(/<svg /g) ?? []).length, 5, 'five charts');
    assert.match(main, /<caption>채널별 도달률<\/caption>/);
    assert.match(main, /50%/, 'A delivered, B failed then resent; D was paid and its cancelled attempt does not count');
    assert.match(main, /dead_prefix/);
    assert.match(main, /지난 회차/);
    assert.doesNotMatch(main, /\+8210|example\.kr/);

    const b = await messageOfNotice(ctx.db, n.b);
    const noSel = await post(official, `/console/seasons/${seasonId}/resend?lang=en`, { reason: '' });
    assert.equal(noSel.status, 400);
    assert.match(await noSel.text(), /Select at least one message to resend/);
    const resend = await post(official, `/console/seasons/${seasonId}/resend?lang=en`, { ids: [String(b.id)], reason: 'again' });
    assert.equal(resend.status, 303);
    assert.match(resend.headers.get('location') ?? '', /resent=0&refused=/, 'B has a live attempt: refused, in flight');

    const batch = await post(official, `/console/seasons/${seasonId}/paper-batches?lang=en`, {});
    assert.equal(batch.status, 303);
    assert.match(batch.headers.get('location') ?? '', /batch=0/);

    const a = await messageOfNotice(ctx.db, n.a);
    const msg = await desk.request(`/console/messages/${a.id}?lang=en`, { headers: { accept: 'text/html' } });
    assert.equal(msg.status, 200);
    const msgHtml = await msg.text();
    assert.match(msgHtml, /11 August 2026/);
    assert.match(msgHtml, /지방세기본법 제31조/);
    assert.match(msgHtml, /Delivery attempts/);
    assert.doesNotMatch(msgHtml, /Resend this message/, 'desk agents read only');
  });

  test('the resident payment page: public with the notice’s code, no personal data, the §31 date, 404 when unknown', async () => {
    const aNo = await noticeNo(ctx.db, n.a);
    const code = (district: string, no: string) => paymentCode(server.deps.cipher, district, no);
    const page = await anonymous.request(`/pay/gangnam/${encodeURIComponent(aNo)}?lang=en&code=${code('gangnam', aNo)}`);
    assert.equal(page.status, 200);
    const text = await page.text();
    assert.match(text, /KRW 356,000/);
    assert.match(text, /Original due date/);
    assert.match(text, /11 August 2026/);
    assert.match(text, /26012345678901/);
    assert.doesNotMatch(text, /납세자|\+82|example\.kr|테헤란로/, 'no name, contact or address');
    const ko = await (await anonymous.request(`/pay/gangnam/${encodeURIComponent(aNo)}?lang=ko&code=${code('gangnam', aNo)}`)).text();
    assert.match(ko, /356,000원/);
    assert.match(ko, /2026년 8월 11일/);
    const missing = await anonymous.request(`/pay/gangnam/NOPE-0?lang=en&code=${code('gangnam', 'NOPE-0')}`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /Notice not found/);
    assert.equal((await anonymous.request(`/pay/seocho/${encodeURIComponent(aNo)}?code=${code('seocho', aNo)}`)).status, 404, 'another district’s link does not resolve');
    const status = (await (await api(official, `/api/notices/2026/${encodeURIComponent(aNo)}`)).json()) as { paymentPage: string };
    const followed = await anonymous.request(status.paymentPage);
    assert.equal(followed.status, 200, 'the payment system’s link opens the page');
    assert.match(await followed.text(), /356,000원|KRW 356,000/);
  });
});
