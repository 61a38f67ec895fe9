import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, TEST_PASSWORD, type TestServer } from '../http/test-server.ts';
import { MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_USERNAME } from './login-throttle.ts';
import type { Role } from './roles.ts';
import { hashToken } from './session.service.ts';

function cookieLine(response: Response, name: string): string {
  const line = response.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
  assert.ok(line, `Set-Cookie ${name} expected`);
  return line;
}

let addressCounter = 0;
/** Each test claims its own client address (trustProxy is on), so address throttling of one test does not spill into another. */
function freshClient(url: string): TestClient {
  addressCounter += 1;
  return new TestClient(url, { 'x-forwarded-for': `203.0.113.${addressCounter}` });
}

forEachEngine('staff sign-in, sessions and CSRF', (ctx) => {
  let server: TestServer;
  let staff: Record<Role, string>;
  before(async () => {
    server = await startTestServer(ctx.db);
    staff = await createDistrictWithStaff(ctx.db, 'gangnam', ['admin', 'tax_official', 'desk_agent']);
  });
  after(async () => {
    await server?.close();
  });

  test('a correct password opens a session: HttpOnly, SameSite=Lax cookie, only its hash stored', async () => {
    const client = freshClient(server.url);
    const response = await client.json('/api/session', 'POST', { username: staff.tax_official, password: TEST_PASSWORD });
    assert.equal(response.status, 201);
    const body = (await response.json()) as { staff: { username: string; role: string; districtCode: string }; csrfToken: string };
    assert.equal(body.staff.username, staff.tax_official);
    assert.equal(body.staff.role, 'tax_official');
    assert.equal(body.staff.districtCode, 'gangnam');
    const line = cookieLine(response, 'ts_session');
    assert.match(line, /HttpOnly/i);
    assert.match(line, /SameSite=Lax/i);
    assert.match(line, /Path=\//i);
    assert.doesNotMatch(line, /Secure/i, 'plain HTTP: no Secure flag');
    const token = client.cookies.get('ts_session')!;
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    const { rows } = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM staff_sessions WHERE token_hash = $1', [hashToken(token)]);
    assert.equal(rows[0]!.n, 1);
    const raw = await ctx.db.query("SELECT 1 FROM staff_sessions WHERE encode(token_hash, 'escape') = $1", [token]);
    assert.equal(raw.rowCount, 0);

    const me = await client.request('/api/session');
    assert.equal(me.status, 200);
    assert.equal(me.headers.get('cache-control'), 'no-store');
    assert.equal(((await me.json()) as { csrfToken: string }).csrfToken, body.csrfToken);
  });

  test('the cookie is Secure when the request came over TLS through a trusted proxy', async () => {
    const client = new TestClient(server.url, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' });
    const response = await client.json('/api/session', 'POST', { username: staff.admin, password: TEST_PASSWORD });
    assert.equal(response.status, 201);
    assert.match(cookieLine(response, 'ts_session'), /;\s*Secure/i);
  });

  test('the proxy headers are ignored when the proxy is not trusted', async () => {
    const untrusting = await startTestServer(ctx.db, { TAXSTATION_TRUST_PROXY: 'false' });
    try {
      const client = new TestClient(untrusting.url, { 'x-forwarded-proto': 'https' });
      const response = await client.json('/api/session', 'POST', { username: staff.admin, password: TEST_PASSWORD });
      assert.equal(response.status, 201);
      assert.doesNotMatch(cookieLine(response, 'ts_session'), /Secure/i);
    } finally {
      await untrusting.close();
    }
  });

  test('a wrong password and an unknown username get the same answer', async () => {
    const client = freshClient(server.url);
    const wrong = await client.json('/api/session?lang=en', 'POST', { username: staff.desk_agent, password: 'not it' });
    const unknown = await client.json('/api/session?lang=en', 'POST', { username: 'nobody.here', password: 'not it' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    const a = (await wrong.json()) as { code: string; detail: string };
    const b = (await unknown.json()) as { code: string; detail: string };
    assert.equal(a.code, 'login_failed');
    assert.deepEqual(a, b);
    assert.ok(!wrong.headers.getSetCookie().some((l) => l.startsWith('ts_session=')));
  });

  test(`after ${MAX_FAILURES_PER_USERNAME} failures for one username, sign-in answers 429 with Retry-After, even with the right password`, async () => {
    const { admin } = await createDistrictWithStaff(ctx.db, 'throttled', ['admin']);
    const client = freshClient(server.url);
    for (let i = 0; i < MAX_FAILURES_PER_USERNAME; i++) {
      const r = await client.json('/api/session', 'POST', { username: admin, password: `guess ${i}` });
      assert.equal(r.status, 401, `attempt ${i + 1}`);
    }
    // Another address: the count is per username, shared by every process through the database.
    const other = freshClient(server.url);
    const blocked = await other.json('/api/session?lang=en', 'POST', { username: admin, password: TEST_PASSWORD });
    assert.equal(blocked.status, 429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);
    const body = (await blocked.json()) as { code: string; detail: string };
    assert.equal(body.code, 'login_throttled');
    assert.match(body.detail, /Too many failed sign-in attempts/);
    const ko = (await (await other.json('/api/session?lang=ko', 'POST', { username: admin, password: TEST_PASSWORD })).json()) as { detail: string };
    assert.match(ko.detail, /로그인 실패가 너무 많습니다/);

    // The HTML form says the same on the page.
    const form = await other.request('/login?lang=en', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: admin, password: TEST_PASSWORD }).toString(),
    });
    assert.equal(form.status, 429);
    assert.ok(form.headers.get('retry-after'));
    assert.match(await form.text(), /<title>Error: Staff sign in/);
  });

  test(`after ${MAX_FAILURES_PER_ADDRESS} failures from one address, that address is throttled for every username`, async () => {
    const client = freshClient(server.url);
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      const r = await client.json('/api/session', 'POST', { username: `spray${i}`, password: 'x' });
      assert.equal(r.status, 401);
    }
    const blocked = await client.json('/api/session', 'POST', { username: staff.admin, password: TEST_PASSWORD });
    assert.equal(blocked.status, 429);
    const elsewhere = freshClient(server.url);
    assert.equal((await elsewhere.json('/api/session', 'POST', { username: staff.admin, password: TEST_PASSWORD })).status, 201);
  });

  test('a state-changing call with the session cookie but without the CSRF token is refused', async () => {
    const client = freshClient(server.url);
    const { csrfToken } = await client.login(staff.admin);
    const noToken = await client.request('/api/session?lang=en', { method: 'DELETE' });
    assert.equal(noToken.status, 403);
    const problem = (await noToken.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'csrf_failed');
    assert.match(problem.detail, /security check/);
    const wrongToken = await client.request('/api/session', { method: 'DELETE', headers: { 'x-csrf-token': 'A'.repeat(43) } });
    assert.equal(wrongToken.status, 403);
    // The session survived both attempts.
    assert.equal((await client.request('/api/session')).status, 200);

    // The logout form needs the token too.
    const form = await client.request('/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    assert.equal(form.status, 403);
    assert.equal((await client.request('/api/session')).status, 200);

    const ok = await client.request('/api/session', { method: 'DELETE', headers: { 'x-csrf-token': csrfToken } });
    assert.equal(ok.status, 204);
    assert.equal((await client.request('/api/session')).status, 401);
  });

  test('a request from another site (Origin) is refused before it reaches a route', async () => {
    const client = freshClient(server.url);
    const response = await client.json('/api/session', 'POST', { username: staff.admin, password: TEST_PASSWORD }, { origin: 'https://evil.example' });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { code: string }).code, 'origin_refused');
    const same = await client.json('/api/session', 'POST', { username: staff.admin, password: TEST_PASSWORD }, { origin: server.url });
    assert.equal(same.status, 201);
  });

  test('the login form: errors summarised and tied to fields, then sign-in and sign-out by form', async () => {
    const client = freshClient(server.url);
    const empty = await client.request('/login?lang=en', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=&password=',
    });
    assert.equal(empty.status, 400);
    const page = await empty.text();
    assert.match(page, /<title>Error: Staff sign in – Tax Station<\/title>/);
    assert.match(page, /<a href="#username">Enter your username<\/a>/);
    assert.match(page, /<a href="#password">Enter your password<\/a>/);
    assert.match(page, /id="username"[^>]*aria-describedby="username-hint username-error"[^>]*aria-invalid="true"/);

    const ok = await client.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: staff.tax_official, password: TEST_PASSWORD, next: '//evil.example/' }).toString(),
    });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/console', 'no open redirect');
    const consolePage = await (await client.request('/console?lang=en')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(consolePage)?.[1];
    assert.ok(csrf);
    const out = await client.request('/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    assert.equal(out.status, 303);
    assert.match(out.headers.get('location') ?? '', /^\/login\?signed_out=1/);
    assert.equal(client.cookies.has('ts_session'), false);
    assert.equal((await client.request('/console')).status, 303);
  });

  test('a disabled account cannot sign in and its sessions stop working', async () => {
    const { expert } = await createDistrictWithStaff(ctx.db, 'disabled', ['expert']);
    const client = freshClient(server.url);
    await client.login(expert);
    await ctx.db.query('UPDATE staff_accounts SET disabled_at = now() WHERE username = $1', [expert]);
    assert.equal((await client.request('/api/session')).status, 401);
    const again = await freshClient(server.url).json('/api/session', 'POST', { username: expert, password: TEST_PASSWORD });
    assert.equal(again.status, 401);
  });

  test('an expired session is refused', async () => {
    const client = freshClient(server.url);
    await client.login(staff.desk_agent);
    await ctx.db.query("UPDATE staff_sessions SET expires_at = now() - interval '1 minute' WHERE token_hash = $1", [hashToken(client.cookies.get('ts_session')!)]);
    assert.equal((await client.request('/api/session')).status, 401);
  });
});
