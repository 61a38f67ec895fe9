import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../../test-support/engines.ts';
import { fieldsWithNul } from './nul-guard.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';

// PostgreSQL refuses U+0000 in text, so a NUL anywhere in a request used to
// surface as a 500 from deep inside a route. It is refused once, before any
// route: 400 nul_character naming the field, and nothing changes.

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors: { field: string; reason: string }[];
}

test('property: a parsed input has a field with NUL exactly when a NUL is in it somewhere, keys included', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const fields = fieldsWithNul(value, 'body');
      assert.equal(fields.length > 0, JSON.stringify(value).includes('\\u0000'), JSON.stringify(fields));
    }),
  );
  assert.deepEqual(fieldsWithNul({ items: [{ note: 'a' }, { note: 'b\u0000' }] }, 'body'), ['items.1.note']);
  assert.deepEqual(fieldsWithNul('x\u0000', 'body'), ['body']);
  assert.deepEqual(fieldsWithNul({ 'k\u0000': 1 }, 'body'), ['k\\0']);
});

forEachEngine('NUL characters in requests', (ctx) => {
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

  async function refused(response: Response, field: string, what: string): Promise<void> {
    assert.equal(response.status, 400, `${what}: ${response.status}`);
    assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
    const problem = (await response.json()) as Problem;
    assert.equal(problem.code, 'nul_character', what);
    assert.deepEqual(problem.errors.map((e) => e.field), [field], what);
    assert.match(problem.detail, /NUL/);
  }

  test('a JSON body: 400 naming the field, in Korean and English; nothing is counted or saved', async () => {
    const attempts = async () => (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM rate_limit_counters WHERE key LIKE 'login-%'`)).rows[0]!.n;
    const before = await attempts();
    await refused(await new TestClient(server.url).json('/api/session?lang=en', 'POST', { username: 'gangnam.admin\u0000', password: 'x' }), 'username', 'sign-in');
    const ko = (await (await new TestClient(server.url).json('/api/session?lang=ko', 'POST', { username: 'a', password: '\u0000' })).json()) as Problem;
    assert.equal(ko.errors[0]!.field, 'password');
    assert.match(ko.detail, /NUL/);
    assert.match(ko.errors[0]!.reason, /문자/);
    assert.equal(await attempts(), before);

    const csrf = { 'x-csrf-token': official.csrfToken! };
    await refused(await official.json('/api/templates/notice/sms/ko', 'PUT', { body: '[강남구] {{amount}}\u0000' }, csrf), 'body', 'template');
    await refused(
      await official.json('/api/templates/notice/kakao/ko', 'PUT', { kakaoTemplateCode: 'T', body: 'x', buttons: [{ name: 'pay', url: 'https://x.example/\u0000' }] }, csrf),
      'buttons.0.url',
      'nested',
    );
    const template = (await (await official.request('/api/templates/notice/sms/ko')).json()) as { source: string };
    assert.equal(template.source, 'builtin', 'nothing saved');
  });

  test('a form body, a query string and a path parameter: 400 naming the field', async () => {
    const form = await new TestClient(server.url).request('/login?lang=en', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'username=gangnam.admin%00&password=x',
    });
    await refused(form, 'username', 'form');
    await refused(await official.request('/console/seasons?lang=en&taxItem=%00', { headers: { accept: 'application/json' } }), 'taxItem', 'query');
    await refused(await official.request('/api/notices/2026/A%00B'), 'noticeNo', 'path parameter');
    // A browser asking for a page gets the page, with the same status.
    const page = await official.request('/console/seasons?lang=en&taxItem=%00', { headers: { accept: 'text/html' } });
    assert.equal(page.status, 400);
    assert.match(await page.text(), /NUL/);
  });
});
