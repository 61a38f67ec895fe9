import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { markDelivered } from '../dispatch/attempts.repository.ts';
import { loadLawRules } from '../law/law-rules.ts';
import { paperJobDepsOf, runPaperJobs } from '../paper/paper-batch-jobs.service.ts';
import { api, getPage, messageOfNotice, noticeNo, postForm, startDeliveryConsoleScenario, type DeliveryConsoleScenario } from '../delivery-console.test-support.ts';

// The seasons API and the season pages over real HTTP on both engines: who
// may use them, issuing (refused when there is nothing to issue or the time
// is past), a season's figures and charts against last year's, the issue form
// with its check-answers step, and resending and printing from a season's page.

forEachEngine('seasons: API and pages', (ctx) => {
  let s: DeliveryConsoleScenario;
  before(async () => {
    s = await startDeliveryConsoleScenario(ctx.db);
  });
  after(async () => {
    await s?.server.close();
  });

  test('a season’s messages found by name, notice number and state, and downloaded as CSV (the filter’s, streamed, formulas neutralised)', async () => {
    const taxpayerOf = async (noticeId: number) => Number((await ctx.db.query<{ taxpayer_id: number }>('SELECT taxpayer_id FROM notices WHERE id = $1', [noticeId])).rows[0]!.taxpayer_id);
    const rename = async (noticeId: number, name: string) => ctx.db.query('UPDATE taxpayers SET name = $2 WHERE id = $1', [await taxpayerOf(noticeId), name]);
    await rename(s.notices.a, '김민수');
    await rename(s.notices.b, '김민지');
    await rename(s.notices.c, '=HYPERLINK("http://example.com")');
    const [a, b, c] = [await messageOfNotice(ctx.db, s.notices.a), await messageOfNotice(ctx.db, s.notices.b), await messageOfNotice(ctx.db, s.notices.c)];
    const listed = async (query: string) => {
      const page = await getPage(s.official, `/console/seasons/${s.seasonId}?lang=en&${query}`);
      assert.equal(page.status, 200, query);
      const text = await page.text();
      return { text, ids: [...text.matchAll(/<td class="num"><a href="\/console\/messages\/(\d+)\?lang=en">/g)].map((m) => Number(m[1])) };
    };
    assert.deepEqual((await listed(`q=${encodeURIComponent('김민')}`)).ids, [a.id, b.id], 'part of a name');
    assert.deepEqual((await listed(`q=${encodeURIComponent('민지')}`)).ids, [b.id]);
    const bNo = await noticeNo(ctx.db, s.notices.b);
    const byNumber = await listed(`q=${encodeURIComponent(bNo.toLowerCase())}`);
    assert.deepEqual(byNumber.ids, [b.id], 'a notice number, in any case');
    assert.match(byNumber.text, new RegExp(`id="filter-q" name="q" type="search" value="${bNo.toLowerCase()}" maxlength="100"`), 'the search stays in its box');
    assert.match(byNumber.text, /1–1 of 1 <a href="\/console\/seasons\/\d+\?lang=en#messages-heading">Clear the filter<\/a>/);
    assert.deepEqual((await listed(`q=${encodeURIComponent(bNo.slice(0, 4))}&state=awaiting_paper`)).ids, [b.id, c.id], 'the start of a number and a state');
    assert.deepEqual((await listed(`q=${encodeURIComponent('김민')}&state=delivered`)).ids, [a.id]);
    assert.deepEqual((await listed('q=%25')).ids, [], 'a wildcard is a character like any other');
    assert.equal((await getPage(s.official, `/console/seasons/${s.seasonId}?q=${'x'.repeat(101)}`)).status, 400);
    const found = (await (await api(s.official, `/api/messages?season=${s.seasonId}&q=${encodeURIComponent('김민지')}`)).json()) as { total: number; messages: { id: number }[] };
    assert.deepEqual([found.total, found.messages.map((m) => m.id)], [1, [b.id]], 'the API searches the same way');

    const page = (await listed(`q=${encodeURIComponent('김민')}`)).text;
    assert.match(page, new RegExp(`<a href="/console/seasons/${s.seasonId}/report\\.csv\\?lang=en&amp;q=%EA%B9%80%EB%AF%BC" download id="report-csv">Download the 2 messages found \\(CSV\\)</a>`));
    const all = await s.official.request(`/console/seasons/${s.seasonId}/report.csv?lang=en`);
    assert.equal(all.status, 200);
    assert.match(all.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    assert.equal(all.headers.get('content-disposition'), `attachment; filename="season-${s.seasonId}-messages.csv"`);
    const bytes = Buffer.from(await all.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark, so that spreadsheets read Korean');
    const csv = bytes.subarray(3).toString('utf8');
    const lines = csv.split('\r\n').filter(Boolean);
    assert.equal(lines[0], 'Message,Notice number,Taxpayer,State,Channel,Last failure,Delivered at (Seoul time),Returned at (Seoul time),Extended due date,Paper batch');
    assert.equal(lines.length, 5, 'the header and the season’s four messages');
    assert.equal(lines[1], `${a.id},${await noticeNo(ctx.db, s.notices.a)},김민수,Delivered,SMS,,2026-07-28 00:30:00,,2026-08-11,`);
    assert.match(lines[2]!, new RegExp(`^${b.id},${bNo},김민지,Waiting for paper,SMS,Dead 01X prefix,,2026-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,,$`));
    assert.match(lines[3]!, /,"'=HYPERLINK\(""http:\/\/example\.com""\)",/, 'a name that a spreadsheet would run is written as text');
    assert.doesNotMatch(csv, /\+8210|example\.kr|010-/, 'no contact in the report');
    const ko = await (await s.official.request(`/console/seasons/${s.seasonId}/report.csv?lang=ko&state=awaiting_paper`)).text();
    assert.equal(ko.split('\r\n').filter(Boolean).length, 3, 'the filter’s messages only');
    assert.match(ko, /^메시지 번호,고지번호,납세자,상태,채널,마지막 실패 원인,/);
    assert.match(ko, /김민지,종이 대기,문자,없어진 01X 국번,/);
    await s.official.request(`/console/seasons/${s.seasonId}/report.csv?lang=en`); // the language chosen is remembered (a cookie): English again for the tests after
    assert.equal((await s.desk.request(`/console/seasons/${s.seasonId}/report.csv`)).status, 403);
    assert.equal((await s.seocho.request(`/console/seasons/${s.seasonId}/report.csv`)).status, 404);
  });

  test('the issue form lists the imported rolls ready to send, each filling the form in with its season', async () => {
    const before = await (await getPage(s.official, '/console/seasons?lang=en')).text();
    assert.match(before, /<p id="ready-none">Every imported notice has been issued\. <a href="\/console\?lang=en">/);
    const ids = await createTaxpayers(ctx.db, 'gangnam', [{ enrol: [] }, { enrol: [] }]);
    await createNotices(ctx.db, 'gangnam', ids, { taxItem: 'vehicle_tax', taxYear: 2026, period: 2, dueDate: '2026-12-31' });
    const page = await (await getPage(s.official, '/console/seasons?lang=en')).text();
    const table = /<table aria-labelledby="ready-heading" id="ready-rolls">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    assert.match(table, /<td>Vehicle tax 2026 2nd instalment<\/td><td class="num">2<\/td><td>factory\.csv<\/td>/);
    assert.equal((table.match(/<tr>/g) ?? []).length, 2, 'the heading and one season: the issued ones are not offered');
    const link = /<a href="([^"]+)">Fill the form with this<span class="visually-hidden"> Vehicle tax 2026 2nd instalment<\/span><\/a>/.exec(table)?.[1];
    assert.ok(link, 'a link that fills the form in');
    const filled = await (await getPage(s.official, link.replaceAll('&amp;', '&'))).text();
    assert.match(filled, /<option value="vehicle_tax" selected>/);
    assert.match(filled, /id="tax-year"[^>]* value="2026"/);
    assert.match(filled, /id="period"[^>]* value="2"/);
    assert.match(await (await getPage(s.official, '/console/seasons?lang=ko')).text(), /<td>2026년 자동차세 2기<\/td><td class="num">2<\/td>/);
    await s.official.request('/console/seasons?lang=en'); // the language chosen is remembered (a cookie): English again for the tests after
    assert.doesNotMatch(await (await getPage(s.seocho, '/console/seasons?lang=en')).text(), /Vehicle tax 2026 2nd/, 'another district’s rolls are not offered');
  });

  test('guards: no session 401, a role without delivery 403, CSRF required on changes', async () => {
    assert.equal((await api(s.anonymous, '/api/seasons')).status, 401);
    assert.equal((await api(s.anonymous, '/api/seasons', 'POST', { taxItem: 'property_tax', taxYear: 2026 })).status, 401);
    const forbidden = await api(s.expert, '/api/seasons');
    assert.equal(forbidden.status, 403);
    assert.equal(((await forbidden.json()) as { code: string }).code, 'forbidden');
    const noToken = await s.official.json('/api/seasons', 'POST', { taxItem: 'property_tax', taxYear: 2026 });
    assert.equal(noToken.status, 403);
    assert.equal(((await noToken.json()) as { code: string }).code, 'csrf_failed');
    assert.equal((await api(s.desk, '/api/seasons', 'POST', { taxItem: 'property_tax', taxYear: 2026 })).status, 403);
    assert.equal((await api(s.desk, `/api/seasons/${s.seasonId}/stats`)).status, 403, 'desk agents read timelines, not seasons');
  });

  test('POST /api/seasons: bad input 400, nothing to issue 422 (bilingual), then issues and sends', async () => {
    const bad = await api(s.official, '/api/seasons', 'POST', { taxItem: 'dog_tax', taxYear: 'soon' });
    assert.equal(bad.status, 400);
    const badBody = (await bad.json()) as { code: string; errors: { field: string }[] };
    assert.equal(badBody.code, 'validation_failed');
    assert.deepEqual(badBody.errors.map((e) => e.field).sort(), ['taxItem', 'taxYear']);

    const past = await api(s.official, '/api/seasons', 'POST', { taxItem: 'local_income_tax', taxYear: 2026, period: 1, sendAfter: '2020-01-01T00:00:00+09:00' });
    assert.equal(past.status, 400);
    assert.equal(((await past.json()) as { code: string }).code, 'send_after_past');

    const nothing = await s.official.json('/api/seasons', 'POST', { taxItem: 'vehicle_tax', taxYear: 2026, period: 1 }, { 'x-csrf-token': s.official.csrfToken!, 'accept-language': 'en' });
    assert.equal(nothing.status, 422);
    const nothingBody = (await nothing.json()) as { code: string; detail: string };
    assert.equal(nothingBody.code, 'no_notices_to_issue');
    assert.match(nothingBody.detail, /Vehicle tax 2026 1st instalment/);
    assert.equal((await api(s.official, '/api/seasons', 'POST', { taxItem: 'property_tax', taxYear: 2026, period: 1 })).status, 422, 'the season’s notices were issued already');

    const ids = await createTaxpayers(ctx.db, 'gangnam', [{ mobile: '+821055504444', enrol: ['sms'] }, { mobile: '+821055505555', enrol: ['sms'] }, { enrol: [] }]);
    await createNotices(ctx.db, 'gangnam', ids, { taxItem: 'local_income_tax', taxYear: 2026, period: 1, dueDate: '2026-08-31' });
    const issued = await api(s.official, '/api/seasons', 'POST', { taxItem: 'local_income_tax', taxYear: 2026, period: 1 });
    assert.equal(issued.status, 201);
    const body = (await issued.json()) as { seasonId: number; issued: number; electronic: number; paperOnly: number; summaryUrl: string };
    assert.deepEqual([body.issued, body.electronic, body.paperOnly], [3, 2, 1]);
    assert.equal(body.summaryUrl, `/api/seasons/${body.seasonId}/summary`);

    const list = (await (await api(s.official, '/api/seasons')).json()) as { seasons: { id: number; notices: number; taxYear: number }[] };
    assert.deepEqual(list.seasons.map((x) => [x.id, x.taxYear, x.notices]), [[body.seasonId, 2026, 3], [s.seasonId, 2026, 4], [s.previousSeasonId, 2025, 1]]);

    const summary = (await (await api(s.official, body.summaryUrl)).json()) as Record<string, unknown>;
    assert.equal(summary.notices, 3);
    assert.equal(summary.applicants, 2);
    assert.equal(summary.pending, 3);
    assert.equal(summary.awaiting_paper, 1);
    assert.equal((await api(s.official, '/api/seasons/999999/summary')).status, 404);
    assert.equal((await api(s.official, '/api/seasons/abc/summary')).status, 400);
  });

  test('stats: rate per channel, delivered per Seoul day, failure causes, the previous season', async () => {
    const stats = (await (await api(s.official, `/api/seasons/${s.seasonId}/stats`)).json()) as {
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
    assert.equal(stats.previous?.season.id, s.previousSeasonId);
    assert.equal(stats.previous?.summary.electronic_delivery_rate, 1);
  });

  test('district isolation: a Seocho official cannot read Gangnam’s seasons or open their pages', async () => {
    for (const path of [`/api/seasons/${s.seasonId}/summary`, `/api/seasons/${s.seasonId}/stats`]) assert.equal((await api(s.seocho, path)).status, 404, path);
    assert.deepEqual(((await (await api(s.seocho, '/api/seasons')).json()) as { seasons: unknown[] }).seasons, []);
    assert.equal((await getPage(s.seocho, `/console/seasons/${s.seasonId}`)).status, 404);
    assert.equal((await postForm(s.seocho, `/console/seasons/${s.seasonId}/paper-batches`, {})).status, 404);
  });

  test('pages: issue with a check-answers step; the season page with live region and charts; resend and print from it', async () => {
    const list = await getPage(s.official, '/console/seasons?lang=en');
    assert.equal(list.status, 200);
    const listHtml = await list.text();
    assert.match(listHtml, /Issue and send a season/);
    assert.match(listHtml, new RegExp(`/console/seasons/${s.seasonId}\\?lang=en`));
    assert.match(listHtml, /class="dc-subnav" aria-label="Notice seasons \/ Templates \/ Messaging providers"/, 'the seasons, the templates and the providers link to each other');

    const bad = await postForm(s.official, '/console/seasons/check?lang=en', { taxItem: '', taxYear: '26', period: '1', when: 'later', sendAt: 'tomorrow' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    for (const field of ['tax-item', 'tax-year', 'send-at']) assert.match(badHtml, new RegExp(`<a href="#${field}">`));
    assert.match(badHtml, /<span class="visually-hidden">Error:<\/span>/);

    const ids = await createTaxpayers(ctx.db, 'gangnam', [{ mobile: '+821055502222', enrol: ['sms'] }]);
    await createNotices(ctx.db, 'gangnam', ids, { taxItem: 'resident_tax', taxYear: 2026, period: 1, dueDate: '2026-08-31' });
    const check = await postForm(s.official, '/console/seasons/check?lang=en', { taxItem: 'resident_tax', taxYear: '2026', period: '1', when: 'now' });
    assert.equal(check.status, 200);
    const checkHtml = await check.text();
    assert.match(checkHtml, /Check your answers before sending/);
    assert.match(checkHtml, /Resident tax/);
    const before = (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM seasons WHERE tax_item = 'resident_tax'`)).rows[0]!.n;
    assert.equal(before, 0, 'the check step sends nothing');

    const sent = await postForm(s.official, '/console/seasons?lang=en', { taxItem: 'resident_tax', taxYear: '2026', period: '1', when: 'now', sendAt: '' });
    assert.equal(sent.status, 303);
    const location = sent.headers.get('location') ?? '';
    assert.match(location, /^\/console\/seasons\/\d+\?lang=en&issued=1$/);
    const seasonHtml = await (await getPage(s.official, location)).text();
    assert.match(seasonHtml, /The season was issued/);
    assert.match(seasonHtml, /aria-live="polite"/);
    assert.match(seasonHtml, /0 of 1 notices final, 1 being sent, 0 waiting for paper/);

    const main = await (await getPage(s.official, `/console/seasons/${s.seasonId}?lang=ko`)).text();
    assert.equal((main.match(/<figure class="dc-chart"/g) ?? []).length, 5, 'five charts');
    assert.match(main, /<caption class="visually-hidden">채널별 도달률<\/caption>/);
    assert.match(main, /<th scope="row">문자<\/th><td class="num"><div class="dc-chart-cell"><svg [^>]*aria-hidden="true"[^>]*>.*?<\/svg><span class="dc-chart-value">33\.3% \(1\/3\)<\/span>/, 'label and number as text, the bar beside the number');
    assert.match(main, /33\.3% \(1\/3\)/, 'A delivered of A, B and D tried by SMS');
    assert.match(main, /dead_prefix/);
    assert.match(main, /지난 회차/);
    assert.doesNotMatch(main, /\+8210|example\.kr/);

    const a = await messageOfNotice(ctx.db, s.notices.a);
    const b = await messageOfNotice(ctx.db, s.notices.b);
    const noSelection = await postForm(s.official, `/console/seasons/${s.seasonId}/resend?lang=en`, { reason: '' });
    assert.equal(noSelection.status, 400);
    const noSelectionHtml = await noSelection.text();
    assert.match(noSelectionHtml, /Select at least one message to resend/);
    assert.match(noSelectionHtml, /Enter the reason for resending/);
    const resend = await postForm(s.official, `/console/seasons/${s.seasonId}/resend?lang=en`, { ids: [String(a.id), String(b.id)], reason: 'number corrected' });
    assert.equal(resend.status, 303);
    const resent = resend.headers.get('location') ?? '';
    assert.match(resent, /resent=1&refused=/, 'B is resent; A is final, refused');
    assert.match(await (await getPage(s.official, resent)).text(), /1 message\(s\) resent\.<\/p><p>1 could not be resent: \d+ \(already final\)/);

    // The button queues a batch and answers at once; a worker makes it (here run by the test), the page follows it.
    const batch = await postForm(s.official, `/console/seasons/${s.seasonId}/paper-batches?lang=en`, {});
    assert.equal(batch.status, 303);
    const queued = batch.headers.get('location') ?? '';
    const jobId = Number(/paperJob=(\d+)#paper-heading$/.exec(queued)?.[1]);
    assert.ok(jobId > 0, queued);
    const waiting = await (await getPage(s.official, queued)).text();
    assert.match(waiting, /<p id="paper-job-status" aria-live="polite" aria-atomic="true">The paper batch is waiting to be started\. It will start shortly\.<\/p>/);
    assert.match(waiting, /<progress id="paper-progress" max="1" value="0" aria-label="Paper batch progress">/);
    assert.doesNotMatch(waiting, /id="paper-batch"/, 'no second button while one is under way');
    assert.match(waiting, new RegExp(`data-live-url="/console/seasons/${s.seasonId}/live\\?lang=en&amp;paperJob=${jobId}" data-finished="0"`), 'the page keeps following the batch');
    const joined = await postForm(s.official, `/console/seasons/${s.seasonId}/paper-batches?lang=en`, {});
    assert.equal(joined.headers.get('location'), queued, 'asking again joins the batch under way');
    assert.equal(await runPaperJobs(paperJobDepsOf(s.server.deps)), 1);
    // A batch takes the whole district's: C, and the paper-only notice of the income tax season issued above.
    const madeHtml = await (await getPage(s.official, queued)).text();
    const ready = /Paper batch (\d+) is ready: 2 notice\(s\), KRW 1,080\. Download it below\./.exec(madeHtml);
    assert.ok(ready, 'the page says the batch is ready');
    assert.match(madeHtml, new RegExp(`<p id="paper-ready"><a href="/api/paper-batches/${ready[1]}/pdf" download>`));
    assert.match(madeHtml, /id="paper-batch"/, 'the button is back');
    const live = await (await getPage(s.official, `/console/seasons/${s.seasonId}/live?lang=en&paperJob=${jobId}`)).text();
    assert.match(live, /<p data-part="paper-job-status">Paper batch \d+ is ready: 2 notice\(s\)/, 'the page’s script gets the same without a reload');
    assert.equal((await s.official.request(`/api/paper-batches/${ready[1]}/pdf`)).status, 200);
    // A notice's first paper print is sent on paper, not "reissued" (nothing is printed twice).
    assert.match(madeHtml, /<span class="count-value" data-field="paper">1<\/span> Sent on paper/);
    const c = await messageOfNotice(ctx.db, s.notices.c);
    assert.equal(c.state, 'paper');
    assert.match(await (await getPage(s.official, `/console/messages/${c.id}?lang=ko`)).text(), /<dt>상태<\/dt><dd>종이로 발송<\/dd>/);
    await s.official.request(`/console/messages/${c.id}?lang=en`);
    assert.doesNotMatch(madeHtml + (await (await getPage(s.official, `/console/seasons/${s.seasonId}?lang=ko`)).text()), /[Rr]eissued|재발송/);
    await s.official.request(`/console/seasons/${s.seasonId}?lang=en`);
    const again = await postForm(s.official, `/console/seasons/${s.seasonId}/paper-batches?lang=en`, {});
    assert.notEqual(again.headers.get('location'), queued, 'a new batch once the last is over');
    await runPaperJobs(paperJobDepsOf(s.server.deps));
    assert.match(await (await getPage(s.official, again.headers.get('location')!)).text(), /id="paper-job-status" aria-live="polite" aria-atomic="true">No notice is waiting for paper\.<\/p>/);
  });

  test('live parts: the page’s script fetches progress, figures and charts from one reading, so they agree without a reload', async () => {
    const fragment = async () => {
      const r = await getPage(s.official, `/console/seasons/${s.seasonId}/live?lang=en`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      return r.text();
    };
    const figure = (html: string, field: string) => new RegExp(`data-field="${field}">([^<]*)<`).exec(html)?.[1];
    const chartRate = (html: string) => /<th scope="row">Electronic delivery rate<\/th><td class="num">.*?<span class="dc-chart-value">([^<]*)<\/span>/.exec(html)?.[1];
    const before = await fragment();
    assert.match(before, /^<div data-finished="0">\s*<p data-part="season-progress">\d+ of 4 notices final, \d+ being sent, \d+ waiting for paper<\/p>/);
    assert.match(before, /<div data-part="season-figures"><ul class="counts dc-figures">/);
    assert.match(before, /<div data-part="season-charts"><div class="dc-charts">/);
    assert.doesNotMatch(before, /<html|<main/, 'the parts only, not a page');
    assert.equal(figure(before, 'electronic_delivery_rate'), chartRate(before), 'the figure and the chart say the same rate');
    const page = await (await getPage(s.official, `/console/seasons/${s.seasonId}?lang=en`)).text();
    assert.match(page, new RegExp(`id="season-live" data-live-url="/console/seasons/${s.seasonId}/live\\?lang=en" data-finished="0"`));
    for (const id of ['season-progress', 'season-figures', 'season-charts']) assert.match(page, new RegExp(`id="${id}"`), `the page has the part ${id}`);

    // D is delivered meanwhile (as a receipt would): the next fetch has both the figure and the chart moved.
    const d = await messageOfNotice(ctx.db, s.notices.d);
    const { rows } = await ctx.db.query<{ id: number }>(`SELECT id FROM delivery_attempts WHERE message_id = $1 AND state = 'queued'`, [d.id]);
    await markDelivered(ctx.db, [{ attemptId: rows[0]!.id, occurredAt: new Date('2026-07-20T01:00:00Z') }], await loadLawRules(ctx.db));
    const after = await fragment();
    assert.equal(Number(figure(after, 'delivered_total')), Number(figure(before, 'delivered_total')) + 1);
    assert.notEqual(figure(after, 'electronic_delivery_rate'), figure(before, 'electronic_delivery_rate'));
    assert.equal(figure(after, 'electronic_delivery_rate'), chartRate(after), 'the figure and the chart still agree');
    assert.match(after, /<th scope="row">20 July 2026<\/th>/, 'the day D arrived is in the per-day chart');
    assert.equal((await getPage(s.desk, `/console/seasons/${s.seasonId}/live`)).status, 403);
    assert.equal((await getPage(s.seocho, `/console/seasons/${s.seasonId}/live`)).status, 404);
  });
});
