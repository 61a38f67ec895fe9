import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { SAMPLE } from '../../../test-support/roll-fixtures.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';

// A multipart body cannot be checked for its CSRF token before the route
// reads it, so the guard leaves that check to the route's upload reader.
// Only routes that take an upload (their schema says it consumes
// multipart/form-data) may do that; any other route refuses a multipart body
// before its guard, token or not (finding: a multipart content type with no
// token passed the guard on JSON routes).

function form(fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

forEachEngine('CSRF and multipart bodies', (ctx) => {
  let server: TestServer;
  let official: TestClient;
  before(async () => {
    server = await startTestServer(ctx.db);
    const staff = await createDistrictWithStaff(ctx.db, 'gangnam', ['tax_official']);
    official = new TestClient(server.url);
    await official.login(staff.tax_official);
  });
  after(async () => {
    await server?.close();
  });

  test('JSON routes refuse a multipart body without a token, and change nothing: recheck, paper batches, template deletion', async () => {
    const saved = await official.json('/api/templates/notice/sms/ko', 'PUT', { body: '[강남구] {{tax_item}} {{amount}} {{link}}' }, { 'x-csrf-token': official.csrfToken! });
    assert.equal(saved.status, 200);
    const batches = async () => (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM paper_batches')).rows[0]!.n;
    const batchesBefore = await batches();

    for (const [method, path] of [
      ['POST', '/api/hygiene/recheck'],
      ['POST', '/api/paper-batches'],
      ['DELETE', '/api/templates/notice/sms/ko'],
    ] as const) {
      const response = await official.request(`${path}?lang=en`, { method, body: form({ note: 'no token here' }) });
      assert.equal(response.status, 415, `${method} ${path}`);
      const problem = (await response.json()) as { code: string; detail: string };
      assert.equal(problem.code, 'unsupported_media_type');
      assert.match(problem.detail, /does not accept multipart\/form-data/);
      // A token does not make multipart acceptable where no file is taken.
      const withToken = await official.request(path, { method, body: form({ _csrf: official.csrfToken! }), headers: { 'x-csrf-token': official.csrfToken! } });
      assert.equal(withToken.status, 415, `${method} ${path} with a token`);
    }
    assert.equal(await batches(), batchesBefore, 'no paper batch was made');
    const template = (await (await official.request('/api/templates/notice/sms/ko')).json()) as { source: string };
    assert.notEqual(template.source, 'builtin', 'the district’s template was not deleted');
  });

  test('an upload route takes multipart only with the token: none or a wrong one is refused, a right one (field or header) is accepted', async () => {
    const imports = async () => (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM roll_imports')).rows[0]!.n;
    const roll = (fields: Record<string, string> = {}) => {
      const f = form(fields);
      f.append('file', new Blob([SAMPLE], { type: 'text/csv' }), 'roll.csv');
      return f;
    };
    const before = await imports();
    const none = await official.request('/api/rolls', { method: 'POST', body: roll() });
    assert.equal(none.status, 403);
    assert.equal(((await none.json()) as { code: string }).code, 'csrf_failed');
    assert.equal((await official.request('/api/rolls', { method: 'POST', body: roll({ _csrf: 'A'.repeat(43) }) })).status, 403);
    assert.equal((await official.request('/console/rolls/upload', { method: 'POST', body: roll(), headers: { accept: 'text/html' } })).status, 403);
    assert.equal(await imports(), before);

    assert.equal((await official.request('/api/rolls', { method: 'POST', body: roll({ _csrf: official.csrfToken! }) })).status, 201);
    assert.equal((await official.request('/api/rolls', { method: 'POST', body: roll(), headers: { 'x-csrf-token': official.csrfToken! } })).status, 201);
    assert.equal(await imports(), before + 2);
  });
});
