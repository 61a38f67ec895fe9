import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';

forEachEngine('HTTP platform', (ctx) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  test('GET /api/health checks the database and counts the migrations', async () => {
    const response = await fetch(`${server.url}/api/health`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status: string; engine: string; migrations: number };
    const { rows } = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    assert.deepEqual(body, { status: 'ok', engine: ctx.engine, migrations: rows[0]!.n });
    assert.ok(body.migrations >= 2);
  });

  test('GET /api/openapi.json documents the API routes with their schemas', async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    assert.equal(response.status, 200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/api/health']?.get?.responses['200'], 'health documented');
    const login = doc.paths['/api/session']?.post;
    assert.ok(login, 'POST /api/session documented');
    const loginBody = JSON.stringify(login.requestBody?.content['application/json']?.schema);
    assert.match(loginBody, /username/);
    assert.match(loginBody, /password/);
    assert.ok(login.responses['201'] && login.responses['429'], 'success and throttled answers documented');
    assert.ok(doc.paths['/api/districts/{district}/summary']?.get, 'path parameters use OpenAPI syntax');
    assert.ok(doc.components.schemas.Problem || doc.components.schemas.ProblemInput || JSON.stringify(doc).includes('"code"'));
    const rolls = doc.paths['/api/rolls']?.post;
    assert.ok(rolls?.requestBody?.content['multipart/form-data'], 'the roll upload is documented as multipart');
    assert.match(JSON.stringify(rolls.requestBody.content['multipart/form-data'].schema), /"format":"binary"/);
    assert.ok(rolls.responses['201'] && rolls.responses['422'] && rolls.responses['403']);
    // Pages and assets are not part of the API document.
    assert.equal(doc.paths['/login'], undefined);
    assert.equal(doc.paths['/assets/{name}'], undefined);
  });

  test('an unknown API path answers 404 problem+json in the request language', async () => {
    const ko = await fetch(`${server.url}/api/nothing-here`);
    assert.equal(ko.status, 404);
    assert.match(ko.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const koBody = (await ko.json()) as { code: string; status: number; detail: string; type: string; title: string };
    assert.equal(koBody.code, 'not_found');
    assert.equal(koBody.status, 404);
    assert.match(koBody.detail, /찾을 수 없습니다/);
    assert.equal(koBody.type, 'urn:taxstation:problem:not_found');

    const en = (await (await fetch(`${server.url}/api/nothing-here?lang=en`)).json()) as { detail: string; title: string };
    assert.match(en.detail, /There is nothing at GET \/api\/nothing-here/);
    const accept = (await (await fetch(`${server.url}/api/nothing-here`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } })).json()) as { detail: string };
    assert.match(accept.detail, /There is nothing/);
    const cookie = (await (await fetch(`${server.url}/api/nothing-here`, { headers: { cookie: 'lang=en' } })).json()) as { detail: string };
    assert.match(cookie.detail, /There is nothing/);
  });

  test('bad input answers 400 validation_failed naming each field', async () => {
    const response = await fetch(`${server.url}/api/session?lang=en`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 42 }),
    });
    assert.equal(response.status, 400);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const body = (await response.json()) as { code: string; errors: { field: string; reason: string }[] };
    assert.equal(body.code, 'validation_failed');
    const fields = body.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['password', 'username']);
    assert.match(body.errors.find((e) => e.field === 'username')!.reason, /enter text/);
    assert.match(body.errors.find((e) => e.field === 'password')!.reason, /enter a value/);

    const ko = (await (await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
      errors: { field: string; reason: string }[];
    };
    assert.ok(ko.errors.every((e) => /입력해 주세요/.test(e.reason)), JSON.stringify(ko.errors));
  });

  test('a body that is not JSON and an unsupported media type answer problems too', async () => {
    const malformed = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { code: string }).code, 'malformed_body');
    const xml = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' });
    assert.equal(xml.status, 415);
    assert.equal(((await xml.json()) as { code: string }).code, 'unsupported_media_type');
  });

  test('a guarded API route answers 401 without a session', async () => {
    const response = await fetch(`${server.url}/api/session?lang=en`);
    assert.equal(response.status, 401);
    const body = (await response.json()) as { code: string; detail: string };
    assert.equal(body.code, 'unauthenticated');
    assert.match(body.detail, /sign in/i);
  });

  test('a browser asking for a page gets an HTML error page, and a guarded page redirects to the login', async () => {
    const missing = await fetch(`${server.url}/no-such-page?lang=en`, { headers: { accept: 'text/html' } });
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /^text\/html/);
    const page = await missing.text();
    assert.match(page, /<html lang="en">/);
    assert.match(page, /<title>Not found – Tax Station<\/title>/);

    const console = await fetch(`${server.url}/console`, { redirect: 'manual', headers: { accept: 'text/html' } });
    assert.equal(console.status, 303);
    assert.equal(console.headers.get('location'), '/login?next=%2Fconsole');
  });

  test('every answer carries the security headers; the policy allows no inline script', async () => {
    for (const path of ['/', '/api/health', '/api/missing']) {
      const response = await fetch(server.url + path);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.doesNotMatch(csp, /unsafe-inline/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(response.headers.get('referrer-policy'), 'same-origin', path);
    }
  });

  test('pages escape what they show and switch language by link', async () => {
    const client = new TestClient(server.url);
    const en = await client.request('/?lang=en');
    const html = await en.text();
    assert.match(html, /<html lang="en">/);
    assert.match(html, /href="\/\?lang=ko"[^>]*>한국어</);
    assert.equal(client.cookies.get('lang'), 'en', 'the choice is remembered');
    const next = await (await client.request('/')).text();
    assert.match(next, /<html lang="en">/);
    const escaped = await (await fetch(`${server.url}/login?next=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E`)).text();
    assert.doesNotMatch(escaped, /<script>alert/);
    assert.match(escaped, /&quot;&gt;&lt;script&gt;/);
  });

  test('static assets are served with a content hash', async () => {
    const home = await (await fetch(server.url + '/')).text();
    const css = /href="(\/assets\/site\.css\?v=[0-9a-f]+)"/.exec(home)?.[1];
    assert.ok(css);
    const response = await fetch(server.url + css);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/css/);
    assert.match(response.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await fetch(server.url + '/assets/../../package.json')).status, 404);
  });
});
