import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { forEachEngine } from '../../../test-support/engines.ts';
import { SAMPLE, SAMPLE_HEADER } from '../../../test-support/roll-fixtures.ts';
import type { Role } from '../auth/roles.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';

// The console, the roll upload (API and form) and district isolation: a
// Seocho official sees nothing of Gangnam through any of these routes.

function rollForm(csv: string, o: { csrf?: string; skipInvalid?: boolean; fileName?: string } = {}): FormData {
  const form = new FormData();
  if (o.csrf) form.append('_csrf', o.csrf);
  if (o.skipInvalid) form.append('skipInvalid', '1');
  form.append('file', new Blob([csv], { type: 'text/csv' }), o.fileName ?? 'roll.csv');
  return form;
}

const BAD_ROW = '2026-0700-000009,T00099999,최오류,1980-02-30,,010-1111-2222,,sms,0623,서울특별시 강남구 테헤란로 1,property_tax,2026,1,12.5,2026-07-31,';

forEachEngine('console, roll upload and district isolation', (ctx) => {
  let server: TestServer;
  let gangnam: Record<Role, string>;
  let seocho: Record<Role, string>;
  before(async () => {
    server = await startTestServer(ctx.db);
    gangnam = await createDistrictWithStaff(ctx.db, 'gangnam', ['admin', 'tax_official', 'desk_agent'], { ko: '강남구', en: 'Gangnam-gu' });
    seocho = await createDistrictWithStaff(ctx.db, 'seocho', ['tax_official'], { ko: '서초구', en: 'Seocho-gu' });
    const taxpayers = await createTaxpayers(ctx.db, 'gangnam', [{ mobile: '+821023456789' }, { email: 'a@example.kr' }]);
    await createNotices(ctx.db, 'gangnam', taxpayers);
  });
  after(async () => {
    await server?.close();
  });

  test('a tax official uploads a roll through the API: 201 with the report, rows in their district', async () => {
    const client = new TestClient(server.url);
    const { csrfToken } = await client.login(gangnam.tax_official);
    const response = await client.request('/api/rolls', { method: 'POST', body: rollForm(SAMPLE), headers: { 'x-csrf-token': csrfToken } });
    assert.equal(response.status, 201, await response.clone().text());
    const report = (await response.json()) as { status: string; rowsTotal: number; inserted: number; importId: number };
    assert.equal(report.status, 'imported');
    assert.equal(report.rowsTotal, 3);
    assert.equal(report.inserted, 3);
    const { rows } = await ctx.db.query<{ district_code: string }>('SELECT district_code FROM roll_imports WHERE id = $1', [report.importId]);
    assert.equal(rows[0]!.district_code, 'gangnam');
  });

  test('a rejected roll answers 422 problem+json naming each bad row, and changes nothing', async () => {
    const client = new TestClient(server.url);
    const { csrfToken } = await client.login(gangnam.admin);
    const before = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM roll_imports');
    const response = await client.request('/api/rolls?lang=en', {
      method: 'POST',
      body: rollForm(`${SAMPLE_HEADER}\n${BAD_ROW}\n`),
      headers: { 'x-csrf-token': csrfToken },
    });
    assert.equal(response.status, 422);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = (await response.json()) as { code: string; errors: { line: number; field: string; reason: string }[]; report: { status: string } };
    assert.equal(problem.code, 'roll_rejected');
    assert.equal(problem.report.status, 'rejected');
    const fields = new Set(problem.errors.map((e) => e.field));
    for (const f of ['birth_date', 'postal_code', 'amount']) assert.ok(fields.has(f), `${f} named in ${JSON.stringify(problem.errors)}`);
    assert.ok(problem.errors.every((e) => e.line === 2));
    const after = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM roll_imports');
    assert.equal(after.rows[0]!.n, before.rows[0]!.n);
  });

  test('an upload without a file is a 400 naming the field', async () => {
    const client = new TestClient(server.url);
    const { csrfToken } = await client.login(gangnam.admin);
    const form = new FormData();
    form.append('skipInvalid', '1');
    const response = await client.request('/api/rolls', { method: 'POST', body: form, headers: { 'x-csrf-token': csrfToken } });
    assert.equal(response.status, 400);
    const problem = (await response.json()) as { code: string; errors: { field: string }[] };
    assert.equal(problem.code, 'validation_failed');
    assert.deepEqual(problem.errors.map((e) => e.field), ['file']);
  });

  test('a desk agent cannot upload a roll (403), and nothing is imported', async () => {
    const client = new TestClient(server.url);
    const { csrfToken } = await client.login(gangnam.desk_agent);
    const response = await client.request('/api/rolls?lang=en', { method: 'POST', body: rollForm(SAMPLE), headers: { 'x-csrf-token': csrfToken } });
    assert.equal(response.status, 403);
    const problem = (await response.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'forbidden');
    assert.match(problem.detail, /Administrator, Tax official/);
    const page = await client.request('/console/rolls/upload', { headers: { accept: 'text/html' } });
    assert.equal(page.status, 403);
    assert.doesNotMatch(await (await client.request('/console')).text(), /enctype="multipart\/form-data"/, 'no upload form for a desk agent');
  });

  test('a multipart upload without the CSRF token (header or field) is refused', async () => {
    const client = new TestClient(server.url);
    await client.login(gangnam.tax_official);
    const before = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM roll_imports');
    const response = await client.request('/api/rolls', { method: 'POST', body: rollForm(SAMPLE) });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { code: string }).code, 'csrf_failed');
    const wrong = await client.request('/api/rolls', { method: 'POST', body: rollForm(SAMPLE, { csrf: 'A'.repeat(43) }) });
    assert.equal(wrong.status, 403);
    const form = await client.request('/console/rolls/upload', { method: 'POST', body: rollForm(SAMPLE), headers: { accept: 'text/html' } });
    assert.equal(form.status, 403);
    const after = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM roll_imports');
    assert.equal(after.rows[0]!.n, before.rows[0]!.n);
  });

  test('the console form uploads with the _csrf field and shows the report with errors by line and column', async () => {
    const client = new TestClient(server.url);
    await client.login(gangnam.tax_official);
    const consolePage = await (await client.request('/console?lang=en')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(consolePage)?.[1];
    assert.ok(csrf);
    const rejected = await client.request('/console/rolls/upload?lang=en', {
      method: 'POST',
      body: rollForm(`${SAMPLE_HEADER}\n${BAD_ROW}\n`, { csrf, fileName: 'july<roll>.csv' }),
    });
    assert.equal(rejected.status, 422);
    const page = await rejected.text();
    assert.match(page, /<title>Error: The roll was not imported – Tax Station<\/title>/);
    assert.match(page, /july&lt;roll&gt;\.csv/, 'the file name is escaped');
    assert.match(page, /<td class="num">2<\/td><td><code translate="no">birth_date<\/code><\/td>/);

    const skipped = await client.request('/console/rolls/upload?lang=ko', {
      method: 'POST',
      body: rollForm(`${SAMPLE}${BAD_ROW}\n`, { csrf, skipInvalid: true }),
    });
    assert.equal(skipped.status, 200);
    const ko = await skipped.text();
    assert.match(ko, /과세자료를 가져왔습니다/);
    assert.match(ko, /생년월일 \(<code translate="no">birth_date<\/code>\)/);

    const missing = new FormData();
    missing.append('_csrf', csrf);
    missing.append('file', new Blob([]), '');
    const none = await client.request('/console/rolls/upload?lang=en', { method: 'POST', body: missing });
    assert.equal(none.status, 400);
    assert.match(await none.text(), /<a href="#roll-file">Choose the CSV file to import<\/a>/);
  });

  test('district isolation: a Seocho official sees only Seocho through every route', async () => {
    const client = new TestClient(server.url);
    await client.login(seocho.tax_official);

    const own = await client.request('/api/districts/seocho/summary');
    assert.equal(own.status, 200);
    const summary = (await own.json()) as { districtCode: string; counts: { taxpayers: number; notices: number; rollImports: number }; recentRollImports: unknown[] };
    assert.deepEqual(summary.counts, { taxpayers: 0, notices: 0, rollImports: 0 });
    assert.deepEqual(summary.recentRollImports, []);

    const other = await client.request('/api/districts/gangnam/summary');
    assert.equal(other.status, 404);
    assert.equal(((await other.json()) as { code: string }).code, 'not_found');

    const rolls = (await (await client.request('/api/rolls')).json()) as { imports: unknown[] };
    assert.deepEqual(rolls.imports, []);

    const page = await (await client.request('/console?lang=en')).text();
    assert.match(page, /Seocho-gu tax console/);
    assert.doesNotMatch(page, /Gangnam|roll\.csv|factory\.csv/);

    // The Gangnam official's view, for contrast: the data exists.
    const g = new TestClient(server.url);
    await g.login(gangnam.tax_official);
    const gs = (await (await g.request('/api/districts/gangnam/summary')).json()) as { counts: { taxpayers: number; notices: number } };
    assert.ok(gs.counts.taxpayers >= 2 && gs.counts.notices >= 2);

    // An upload by the Seocho official lands in Seocho whatever the file says.
    const upload = await client.request('/api/rolls', { method: 'POST', body: rollForm(SAMPLE), headers: { 'x-csrf-token': client.csrfToken! } });
    assert.equal(upload.status, 201);
    const { rows } = await ctx.db.query<{ district_code: string; n: number }>(
      'SELECT district_code, count(*)::int AS n FROM taxpayers GROUP BY district_code ORDER BY district_code',
    );
    assert.deepEqual(rows.find((r) => r.district_code === 'seocho')?.n, 3);
  });
});
