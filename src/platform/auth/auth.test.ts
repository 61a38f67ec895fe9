import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, LogCapture, startTestServer, TestClient, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { ALERT_FAILURES_PER_USERNAME, MAX_ATTEMPTS_PER_ADDRESS, MAX_ATTEMPTS_PER_PAIR } from './login-throttle.ts';
import type { Role } from './roles.ts';
import { hashToken } from './session.service.ts';

function cookieLine(response: Response, name: string): string {
  const line = response.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
  assert.ok(line, `Set-Cookie ${name} expected`);
  return line;
}

let addressCounter = 0;
/** Each test claims its own client address (the test client is the trusted proxy), so address throttling of one test does not spill into another. */
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

  test(`after ${MAX_ATTEMPTS_PER_PAIR} failures for one username from one address, that pair answers 429 with Retry-After, even with the right password; other addresses are not locked out`, async () => {
    const { admin } = await createDistrictWithStaff(ctx.db, 'throttled', ['admin']);
    const client = freshClient(server.url);
    for (let i = 0; i < MAX_ATTEMPTS_PER_PAIR; i++) {
      const r = await client.json('/api/session', 'POST', { username: admin, password: `guess ${i}` });
      assert.equal(r.status, 401, `attempt ${i + 1}`);
    }
    const blocked = await client.json('/api/session?lang=en', 'POST', { username: admin, password: TEST_PASSWORD });
    assert.equal(blocked.status, 429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);
    const body = (await blocked.json()) as { code: string; detail: string };
    assert.equal(body.code, 'login_throttled');
    assert.match(body.detail, /Too many failed sign-in attempts/);
    const ko = (await (await client.json('/api/session?lang=ko', 'POST', { username: admin, password: TEST_PASSWORD })).json()) as { detail: string };
    assert.match(ko.detail, /로그인 실패가 너무 많습니다/);

    // The HTML form says the same on the page.
    const form = await client.request('/login?lang=en', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: admin, password: TEST_PASSWORD }).toString(),
    });
    assert.equal(form.status, 429);
    assert.ok(form.headers.get('retry-after'));
    assert.match(await form.text(), /<title>Error: Staff sign in/);

    // The staff member at their own address is not locked out by a stranger's guesses.
    const owner = freshClient(server.url);
    assert.equal((await owner.json('/api/session', 'POST', { username: admin, password: TEST_PASSWORD })).status, 201);
    // The same address may still try other usernames (up to its own budget).
    assert.equal((await client.json('/api/session', 'POST', { username: staff.admin, password: TEST_PASSWORD })).status, 201);
  });

  test(`12 concurrent wrong passwords from one address: at most ${MAX_ATTEMPTS_PER_PAIR} are checked, the rest answer 429`, async () => {
    const { admin } = await createDistrictWithStaff(ctx.db, 'raced', ['admin']);
    const client = freshClient(server.url);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => client.json('/api/session', 'POST', { username: admin, password: `guess ${i}` }).then((r) => r.status)),
    );
    const checked = answers.filter((s) => s === 401).length;
    assert.ok(checked >= 1 && checked <= MAX_ATTEMPTS_PER_PAIR, `401 (password checked): ${checked}; answers ${answers.join(',')}`);
    assert.equal(answers.filter((s) => s === 429).length, 12 - checked, answers.join(','));
    // The right password from there is refused too: the pair is spent.
    assert.equal((await client.json('/api/session', 'POST', { username: admin, password: TEST_PASSWORD })).status, 429);
  });

  test('a correct password does not count: it clears its pair', async () => {
    const { admin } = await createDistrictWithStaff(ctx.db, 'forgetful', ['admin']);
    const client = freshClient(server.url);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < MAX_ATTEMPTS_PER_PAIR - 1; i++) assert.equal((await client.json('/api/session', 'POST', { username: admin, password: 'typo' })).status, 401);
      assert.equal((await client.json('/api/session', 'POST', { username: admin, password: TEST_PASSWORD })).status, 201, `round ${round + 1}`);
    }
  });

  test(`${ALERT_FAILURES_PER_USERNAME} failures against one username from several addresses raise an alert: a warning in the log (no password) and an audit entry`, async () => {
    const logs = new LogCapture();
    const watched = await startTestServer(ctx.db, {}, { logs });
    try {
      const { tax_official: target } = await createDistrictWithStaff(ctx.db, 'targeted', ['tax_official']);
      const secret = 'spray-password-do-not-log';
      const perAddress = MAX_ATTEMPTS_PER_PAIR;
      for (let a = 0; a * perAddress < ALERT_FAILURES_PER_USERNAME + 2; a++) {
        const attacker = freshClient(watched.url);
        for (let i = 0; i < perAddress; i++) assert.equal((await attacker.json('/api/session', 'POST', { username: target, password: `${secret}${i}` })).status, 401);
      }
      const alerts = logs.lines.filter((l) => l.event === 'login_failures_alert');
      assert.equal(alerts.length, 1, 'once per window');
      assert.equal(alerts[0]!.level, 40, 'warn');
      assert.equal(alerts[0]!.username, target);
      assert.equal(alerts[0]!.failures, ALERT_FAILURES_PER_USERNAME);
      assert.equal(alerts[0]!.addresses, ALERT_FAILURES_PER_USERNAME / perAddress);
      assert.ok(!logs.raw.some((l) => l.includes(secret)), 'no password in the log');
      const { rows } = await ctx.db.query<{ action: string; reason: string; details: { failures: number; addresses: number } }>(
        `SELECT action, reason, details FROM audit_log WHERE district_code = 'targeted' AND entity_type = 'staff_account'`,
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.action, 'staff.sign_in_failures_alert');
      assert.deepEqual({ failures: rows[0]!.details.failures, addresses: rows[0]!.details.addresses }, { failures: ALERT_FAILURES_PER_USERNAME, addresses: 3 });
      // The account itself is not locked: its owner signs in from their own address.
      assert.equal((await freshClient(watched.url).json('/api/session', 'POST', { username: target, password: TEST_PASSWORD })).status, 201);
    } finally {
      await watched.close();
    }
  });

  test(`after ${MAX_ATTEMPTS_PER_ADDRESS} failures from one address, that address is throttled for every username`, async () => {
    const client = freshClient(server.url);
    for (let i = 0; i < MAX_ATTEMPTS_PER_ADDRESS; i++) {
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
    assert.equal(ok.headers.get('location'), '/console/start', 'no open redirect: the role’s start page');
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

  test('a session unused for its idle timeout ends; use moves its last-seen time, at most once a minute; asking how long is left is not use', async () => {
    const client = freshClient(server.url);
    const signedIn = await client.login(staff.tax_official);
    const hash = hashToken(client.cookies.get('ts_session')!);
    const seen = async () =>
      (await ctx.db.query<{ age: number; idle_minutes: number }>(
        'SELECT extract(epoch FROM now() - last_seen_at)::float AS age, idle_minutes FROM staff_sessions WHERE token_hash = $1',
        [hash],
      )).rows[0]!;
    const moveBack = (minutes: number) =>
      ctx.db.query(`UPDATE staff_sessions SET last_seen_at = now() - make_interval(mins => $2) WHERE token_hash = $1`, [hash, minutes]);
    assert.equal((await seen()).idle_minutes, 30, 'the default idle timeout');
    assert.ok(Math.abs(Date.parse((signedIn as unknown as { idleExpiresAt: string }).idleExpiresAt) - Date.now() - 30 * 60_000) < 60_000);

    // Within a minute of the last write, a request writes nothing.
    await ctx.db.query(`UPDATE staff_sessions SET last_seen_at = now() - interval '30 seconds' WHERE token_hash = $1`, [hash]);
    assert.equal((await client.request('/api/session')).status, 200);
    assert.ok((await seen()).age >= 29, 'not written again within a minute');

    // Older than a minute: the request moves it.
    await moveBack(10);
    assert.equal((await client.request('/api/session')).status, 200);
    assert.ok((await seen()).age < 5, 'moved by the request');

    // The pages' check is not use.
    await moveBack(29);
    const idle = await client.request('/api/session/idle');
    assert.equal(idle.status, 200);
    const left = ((await idle.json()) as { secondsLeft: number }).secondsLeft;
    assert.ok(left > 0 && left <= 60, `seconds left ${left}`);
    assert.ok((await seen()).age >= 29 * 60 - 1, 'asking did not move it');

    // "Stay signed in" needs the CSRF token and starts the idle time afresh.
    assert.equal((await client.request('/api/session/keep-alive', { method: 'POST' })).status, 403);
    const kept = await client.request('/api/session/keep-alive', { method: 'POST', headers: { 'x-csrf-token': signedIn.csrfToken } });
    assert.equal(kept.status, 200);
    const afresh = ((await kept.json()) as { secondsLeft: number }).secondsLeft;
    assert.ok(afresh > 29 * 60 && afresh <= 30 * 60, `seconds left ${afresh}`);
    assert.ok((await seen()).age < 5);

    // Unused for 30 minutes: signed out, as if it had never been.
    await moveBack(31);
    assert.equal((await client.request('/api/session')).status, 401);
    assert.equal((await client.request('/api/session/keep-alive', { method: 'POST', headers: { 'x-csrf-token': signedIn.csrfToken } })).status, 401);
    const page = await client.request('/console');
    assert.equal(page.status, 303, 'a page sends the browser to sign in');
  });

  test('TAXSTATION_SESSION_IDLE_MINUTES sets the idle timeout of new sessions', async () => {
    const strict = await startTestServer(ctx.db, { TAXSTATION_SESSION_IDLE_MINUTES: '10' });
    try {
      const client = freshClient(strict.url);
      await client.login(staff.admin);
      const hash = hashToken(client.cookies.get('ts_session')!);
      const { rows } = await ctx.db.query<{ idle_minutes: number }>('SELECT idle_minutes FROM staff_sessions WHERE token_hash = $1', [hash]);
      assert.equal(rows[0]!.idle_minutes, 10);
      await ctx.db.query(`UPDATE staff_sessions SET last_seen_at = now() - interval '11 minutes' WHERE token_hash = $1`, [hash]);
      assert.equal((await client.request('/api/session')).status, 401);
    } finally {
      await strict.close();
    }
  });
});
