import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, TestClient, type TestServer } from '../../../../test-support/test-server.ts';
import { PENDING_LOGIN_COOKIE } from './totp.cookie.ts';
import { secondFactorHarness, type SecondFactorHarness } from './second-factor.test-support.ts';
import { getRequireAdminTotp, setRequireAdminTotp } from './totp.service.ts';

// Two-step verification over real HTTP on both engines, on the server's
// injected clock (codes made by otplib's own generator at that moment):
// enrolment from one's own page, the sign-in's code step (wrong codes
// counted in the sign-in throttle, a code never accepted twice, the pending
// sign-in single-use and short-lived), the JSON API's code, recovery codes,
// turning it off, and a district's rule that admins must use it.

const START = new Date('2026-12-08T00:00:10Z');

forEachEngine('second factor', (ctx) => {
  let server: TestServer;
  let users: Record<string, string>;
  let other: Record<string, string>;
  let h: SecondFactorHarness;

  before(async () => {
    server = await startTestServer(ctx.db);
    h = secondFactorHarness(server, START);
    users = await createDistrictWithStaff(ctx.db, 'mapo', ['admin', 'tax_official'], { ko: '마포구', en: 'Mapo-gu' });
    other = await createDistrictWithStaff(ctx.db, 'jongno', ['admin', 'tax_official'], { ko: '종로구', en: 'Jongno-gu' });
  });
  after(() => server?.close());

  const client = () => h.client();
  const advance = (seconds: number) => h.advance(seconds);
  const codeFor = (username: string) => h.codeFor(username);
  const form = (c: TestClient, path: string, fields: Record<string, string>) => h.form(c, path, fields);
  const password = (c: TestClient, username: string, pass = TEST_PASSWORD, next?: string) => h.password(c, username, pass, next);
  const enrol = (c: TestClient, username: string) => h.enrol(c, username);
  const signedIn = async (username: string) => {
    const c = client();
    await c.login(username);
    return c;
  };
  const staffId = async (username: string) => Number((await ctx.db.query<{ id: string }>(`SELECT id FROM staff_accounts WHERE username = $1`, [username])).rows[0]!.id);

  test('setting it up: a QR code and the key in groups, a wrong code refused, a current one turns it on; sealed at rest and audited', async () => {
    const c = await signedIn(users.admin!);
    const page = await (await c.request('/console/account/second-factor?lang=en')).text();
    assert.match(page, /<h1>Two-step verification<\/h1>/);
    assert.match(page, /<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" width="200" height="200" alt="QR code that adds the account mapo\.admin/);
    const key = /data-setup-key[^>]*>([A-Z2-7 ]+)</.exec(page)![1]!;
    assert.match(key, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/, 'eight groups of four');
    const again = await (await c.request('/console/account/second-factor?lang=en')).text();
    assert.ok(again.includes(key), 'the same key on a reload, so a scan is not undone');
    h.secrets.set(users.admin!, key.replace(/ /g, ''));

    const wrong = await form(c, '/console/account/second-factor?lang=en', { code: '000000' === (await codeFor(users.admin!)) ? '111111' : '000000' });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /The code is not right/);
    const malformed = await form(c, '/console/account/second-factor?lang=ko', { code: '12ab' });
    assert.match(await malformed.text(), /6자리 숫자로/);

    const id = await staffId(users.admin!);
    const { rows } = await ctx.db.query<{ secret_enc: Uint8Array; enabled: boolean }>(`SELECT secret_enc, enabled_at IS NOT NULL AS enabled FROM staff_totp WHERE staff_id = $1`, [id]);
    assert.equal(rows[0]!.enabled, false, 'waiting for its first code');
    assert.ok(!Buffer.from(rows[0]!.secret_enc).toString('latin1').includes(h.secrets.get(users.admin!)!), 'the secret is not stored in clear');
    assert.equal(server.deps.cipher.decrypt(rows[0]!.secret_enc), h.secrets.get(users.admin!));

    const on = await form(c, '/console/account/second-factor?lang=en', { code: await codeFor(users.admin!) });
    assert.equal(on.status, 200);
    const shown = await on.text();
    assert.match(shown, /Two-step verification is on/);
    const codes = [...shown.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);
    assert.equal(codes.length, 8);
    h.recovery.set(users.admin!, codes);
    advance(30);
    assert.match(await (await c.request('/console/account/second-factor?lang=en')).text(), /Two-step verification is on \(since .*\)\. Recovery codes left: 8\./);
    const audit = await ctx.db.query<{ action: string; actor_id: string }>(`SELECT action, actor_id FROM audit_log WHERE entity_id = $1 AND action LIKE 'staff.second_factor%'`, [String(id)]);
    assert.deepEqual(audit.rows, [{ action: 'staff.second_factor_enabled', actor_id: String(id) }]);
    const { rows: hashes } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM staff_totp_recovery_codes WHERE staff_id = $1 AND used_at IS NULL`, [id]);
    assert.equal(hashes[0]!.n, 8);
  });

  test('signing in: the code on a second step; a wrong code refused; a right one signs in; the same code never twice', async () => {
    const c = client();
    const first = await password(c, users.admin!, TEST_PASSWORD, '/console/staff');
    assert.equal(first.status, 303);
    assert.match(first.headers.get('location')!, /^\/login\/code\?lang=en&next=%2Fconsole%2Fstaff$/);
    assert.ok(c.cookies.has(PENDING_LOGIN_COOKIE), 'a pending sign-in');
    assert.ok(!c.cookies.has('ts_session'), 'no session before the code');
    const step = await c.request(first.headers.get('location')!);
    assert.equal(step.status, 200);
    const page = await step.text();
    assert.match(page, /The account mapo\.admin uses two-step verification/);
    assert.match(page, /autocomplete="one-time-code"/);
    assert.match(page, /name="next" value="\/console\/staff"/);

    const right = await codeFor(users.admin!);
    const wrong = await form(c, '/login/code?lang=en', { code: right === '123456' ? '654321' : '123456', next: '/console/staff' });
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /The code or recovery code is not right/);
    assert.ok(!c.cookies.has('ts_session'));

    const done = await form(c, '/login/code?lang=en', { code: right, next: '/console/staff' });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/console/staff');
    assert.ok(c.cookies.has('ts_session'));
    assert.ok(!c.cookies.has(PENDING_LOGIN_COOKIE), 'the pending sign-in cookie is gone');
    assert.equal((await c.request('/console/staff')).status, 200);

    // The same code again, within its window, from another browser with the right password: refused.
    const replay = client();
    await password(replay, users.admin!);
    const refused = await form(replay, '/login/code?lang=en', { code: right });
    assert.equal(refused.status, 401);
    assert.match(await refused.text(), /This code has been used already/);
    advance(30);
    const next = await form(replay, '/login/code?lang=en', { code: await codeFor(users.admin!) });
    assert.equal(next.status, 303, 'the next step’s code works');
  });

  test('the pending sign-in is single-use and short-lived', async () => {
    const c = client();
    await password(c, users.admin!);
    const token = c.cookies.get(PENDING_LOGIN_COOKIE)!;
    advance(30);
    assert.equal((await form(c, '/login/code?lang=en', { code: await codeFor(users.admin!) })).status, 303);
    const reuse = client();
    reuse.cookies.set(PENDING_LOGIN_COOKIE, token);
    advance(30);
    const used = await form(reuse, '/login/code?lang=en', { code: await codeFor(users.admin!) });
    assert.equal(used.status, 400);
    assert.match(await used.text(), /This sign-in has expired or was completed already/);
    assert.ok(!reuse.cookies.has('ts_session'));

    const late = client();
    await password(late, users.admin!);
    advance(6 * 60);
    assert.match(await (await late.request('/login/code?lang=en')).text(), /has expired/);
    const expired = await form(late, '/login/code?lang=en', { code: await codeFor(users.admin!) });
    assert.equal(expired.status, 400);
    assert.ok(!late.cookies.has('ts_session'));
    assert.equal((await client().request('/login/code?lang=en')).status, 200, 'without a pending sign-in: the page says to start again');
  });

  test('wrong codes count in the sign-in throttle: after the password and four wrong codes, the address waits', async () => {
    advance(30);
    const c = client();
    await password(c, users.admin!);
    const right = await codeFor(users.admin!);
    const wrongCode = right === '000001' ? '000002' : '000001';
    for (let i = 0; i < 4; i++) assert.equal((await form(c, '/login/code?lang=en', { code: wrongCode })).status, 401, `wrong code ${i + 1}`);
    const locked = await form(c, '/login/code?lang=en', { code: right });
    assert.equal(locked.status, 429, 'even the right code waits now');
    assert.ok(Number(locked.headers.get('retry-after')) > 0);
    assert.match(await locked.text(), /Too many failed sign-in attempts/);
    assert.ok(!c.cookies.has('ts_session'));
  });

  test('the JSON API takes the code with the password; missing and wrong codes are refused', async () => {
    advance(30);
    const c = client();
    const missing = await c.json('/api/session', 'POST', { username: users.admin!, password: TEST_PASSWORD });
    assert.equal(missing.status, 401);
    assert.equal(((await missing.json()) as { code: string }).code, 'second_factor_required');
    const code = await codeFor(users.admin!);
    assert.equal((await c.json('/api/session', 'POST', { username: users.admin!, password: TEST_PASSWORD, code })).status, 201);
    const again = await client().json('/api/session', 'POST', { username: users.admin!, password: TEST_PASSWORD, code });
    assert.equal(again.status, 401);
    assert.equal(((await again.json()) as { code: string }).code, 'second_factor_failed');
    const wrongPassword = await client().json('/api/session', 'POST', { username: users.admin!, password: 'not the password', code });
    assert.equal(((await wrongPassword.json()) as { code: string }).code, 'login_failed', 'the password first');
  });

  test('a recovery code signs in once instead of a code, and is audited', async () => {
    const [code] = h.recovery.get(users.admin!)!;
    const c = client();
    await password(c, users.admin!);
    const done = await form(c, '/login/code?lang=en', { code: code!.toUpperCase().replace('-', ' ') });
    assert.equal(done.status, 303);
    const d = client();
    await password(d, users.admin!);
    assert.equal((await form(d, '/login/code?lang=en', { code: code! })).status, 401, 'used up');
    const { rows } = await ctx.db.query<{ details: { recoveryCodesLeft: number } }>(`SELECT details FROM audit_log WHERE action = 'staff.recovery_code_used'`);
    assert.deepEqual(rows.map((r) => r.details.recoveryCodesLeft), [7]);
  });

  test('an account without a second factor signs in as before', async () => {
    const c = client();
    const done = await password(c, users.tax_official!);
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/console/start');
    assert.ok(c.cookies.has('ts_session'));
  });

  test("the district's rule: an admin without a second factor is sent to set it up and can use nothing else until then", async () => {
    assert.equal(await getRequireAdminTotp(ctx.db, 'jongno'), false);
    const operator = { actor: { type: 'system' as const, id: 'test' }, source: 'system' as const, reason: 'admins must use two-step verification' };
    assert.deepEqual(await setRequireAdminTotp(ctx.db, 'jongno', true, operator), { changed: true });
    assert.deepEqual(await setRequireAdminTotp(ctx.db, 'jongno', true, operator), { changed: false }, 'again: nothing changes');
    assert.equal(await getRequireAdminTotp(ctx.db, 'jongno'), true);
    const audit = await ctx.db.query<{ details: unknown }>(`SELECT details FROM audit_log WHERE district_code = 'jongno' AND action = 'district.require_admin_totp_changed'`);
    assert.deepEqual(audit.rows.map((r) => r.details), [{ from: false, to: true }]);

    const admin = client();
    const signIn = await password(admin, other.admin!);
    assert.equal(signIn.status, 303, 'the password alone signs in');
    const home = await admin.request(signIn.headers.get('location')!);
    assert.equal(home.status, 303);
    assert.equal(home.headers.get('location'), '/console/account/second-factor?lang=en', 'sent to set it up');
    for (const path of ['/console/staff', '/console/account/password', '/console/seasons']) {
      const page = await admin.request(path);
      assert.equal(page.status, 303, path);
      assert.match(page.headers.get('location')!, /^\/console\/account\/second-factor/, path);
    }
    const api = await admin.request('/console/staff', { headers: { accept: 'application/json' } });
    assert.equal(api.status, 403);
    const problem = (await api.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'second_factor_enrolment_required');
    assert.match(problem.detail, /Jongno-gu requires administrators/);
    const setPage = await (await admin.request('/console/account/second-factor?lang=en')).text();
    assert.match(setPage, /Jongno-gu requires administrators to use two-step verification/);
    assert.equal((await admin.request('/api/session')).status, 200, 'the session itself still answers');

    const official = client();
    await password(official, other.tax_official!);
    assert.equal((await official.request('/console')).status, 200, 'the rule is for administrators');

    await enrol(admin, other.admin!);
    assert.equal((await admin.request('/console')).status, 200, 'set up: the console opens');
    const onPage = await (await admin.request('/console/account/second-factor?lang=en')).text();
    assert.match(onPage, /requires administrators to use two-step verification, so you cannot turn it off/);
    const off = await form(admin, '/console/account/second-factor/off?lang=en', { password: TEST_PASSWORD, code: await codeFor(other.admin!) });
    assert.equal(off.status, 400);
    assert.equal((await ctx.db.query(`SELECT 1 FROM staff_totp WHERE staff_id = $1 AND enabled_at IS NOT NULL`, [await staffId(other.admin!)])).rowCount, 1, 'still on');
  });

  test('turning it off takes the password and a code; wrong tries are counted and then wait', async () => {
    const c = await signedIn(users.tax_official!);
    await enrol(c, users.tax_official!);
    const wrong = await form(c, '/console/account/second-factor/off?lang=en', { password: 'not my password', code: await codeFor(users.tax_official!) });
    assert.equal(wrong.status, 400);
    const text = await wrong.text();
    assert.match(text, /The password is not right/);
    assert.doesNotMatch(text, /The code or recovery code is not right/, 'the code was right');
    for (let i = 0; i < 4; i++) await form(c, '/console/account/second-factor/off?lang=en', { password: 'still not it', code: '000000' });
    const locked = await form(c, '/console/account/second-factor/off?lang=en', { password: TEST_PASSWORD, code: await codeFor(users.tax_official!) });
    assert.equal(locked.status, 429);
    assert.match(await locked.text(), /wrong too many times\. For security, try again in \d+ minute/);

    // Another account's count is its own: the mapo admin turns theirs off at once.
    const admin = await signedIn(users.admin!).catch(() => null);
    assert.equal(admin, null, 'the API needs the code now');
    const a = client();
    advance(30);
    const viaApi = await a.json('/api/session', 'POST', { username: users.admin!, password: TEST_PASSWORD, code: await codeFor(users.admin!) });
    a.csrfToken = ((await viaApi.json()) as { csrfToken: string }).csrfToken;
    advance(30);
    const off = await form(a, '/console/account/second-factor/off?lang=en', { password: TEST_PASSWORD, code: await codeFor(users.admin!) });
    assert.equal(off.status, 303);
    assert.match(await (await a.request(off.headers.get('location')!)).text(), /Two-step verification is off/);
    assert.equal((await client().json('/api/session', 'POST', { username: users.admin!, password: TEST_PASSWORD })).status, 201, 'the password alone again');
    const audit = await ctx.db.query(`SELECT 1 FROM audit_log WHERE action = 'staff.second_factor_disabled' AND entity_id = $1`, [String(await staffId(users.admin!))]);
    assert.equal(audit.rowCount, 1);
  });

  test("an admin resets another's second factor from the staff page, audited; not their own, not another district's", async () => {
    const official = await staffId(users.tax_official!);
    const admin = client();
    await admin.login(users.admin!);
    const list = await (await admin.request('/console/staff?lang=en')).text();
    assert.match(list, /<th scope="col">Two-step verification<\/th>/);
    assert.match(list, /mapo\.tax-official\)<\/td>\s*<td>Tax official<\/td>\s*<td>Active<\/td>\s*<td>On<\/td>/);
    const page = await (await admin.request(`/console/staff/${official}?lang=en`)).text();
    assert.match(page, /<h2 id="sf-reset-title">Reset two-step verification<\/h2>/);

    const noReason = await form(admin, `/console/staff/${official}/second-factor-reset?lang=en`, { reason: '' });
    assert.equal(noReason.status, 400);
    assert.match(await noReason.text(), /Give a reason/);
    const own = await form(admin, `/console/staff/${await staffId(users.admin!)}/second-factor-reset?lang=en`, { reason: 'my phone is gone' });
    assert.equal(own.status, 400);
    assert.match(await own.text(), /You cannot reset your own two-step verification here/);

    advance(30);
    const jongno = client();
    const signedInJongno = await jongno.json('/api/session', 'POST', { username: other.admin!, password: TEST_PASSWORD, code: await codeFor(other.admin!) });
    jongno.csrfToken = ((await signedInJongno.json()) as { csrfToken: string }).csrfToken;
    assert.equal((await form(jongno, `/console/staff/${official}/second-factor-reset`, { reason: 'takeover' })).status, 404, "another district's admin");

    const reset = await form(admin, `/console/staff/${official}/second-factor-reset?lang=en`, { reason: 'lost phone, ticket 7' });
    assert.equal(reset.status, 303);
    assert.match(await (await admin.request(reset.headers.get('location')!)).text(), /The two-step verification of mapo\.tax-official was reset/);
    const again = await form(admin, `/console/staff/${official}/second-factor-reset?lang=en`, { reason: 'lost phone, ticket 7' });
    assert.match(again.headers.get('location')!, /done=sf_reset_none/, 'again: nothing to reset, and the page says so');
    const audit = await ctx.db.query<{ actor_id: string; reason: string }>(`SELECT actor_id, reason FROM audit_log WHERE action = 'staff.second_factor_reset' AND entity_id = $1`, [String(official)]);
    assert.deepEqual(audit.rows, [{ actor_id: String(await staffId(users.admin!)), reason: 'lost phone, ticket 7' }]);
    assert.equal((await client().json('/api/session', 'POST', { username: users.tax_official!, password: TEST_PASSWORD })).status, 201, 'the password alone again');
    const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM staff_totp_recovery_codes WHERE staff_id = $1`, [official]);
    assert.equal(rows[0]!.n, 0, 'its recovery codes are gone too');
  });

  test('the staff page sets the district rule, audited with the reason; an admin who switches it on sets theirs up next', async () => {
    const admin = client();
    await admin.login(users.admin!);
    const noReason = await form(admin, '/console/staff/second-factor-rule?lang=en', { requireAdminTotp: '1', reason: '' });
    assert.equal(noReason.status, 400);
    assert.equal(await getRequireAdminTotp(ctx.db, 'mapo'), false, 'nothing changed');
    const on = await form(admin, '/console/staff/second-factor-rule?lang=en', { requireAdminTotp: '1', reason: 'security audit 2026' });
    assert.equal(on.status, 303);
    assert.match(on.headers.get('location')!, /done=rule_on/);
    assert.equal(await getRequireAdminTotp(ctx.db, 'mapo'), true);
    const next = await admin.request(on.headers.get('location')!);
    assert.equal(next.status, 303, 'the admin has none: sent to set it up');
    assert.match(next.headers.get('location')!, /^\/console\/account\/second-factor/);
    await enrol(admin, users.admin!);
    const list = await (await admin.request('/console/staff?lang=en')).text();
    assert.match(list, /id="requireAdminTotp" name="requireAdminTotp" value="1" checked/);
    const off = await form(admin, '/console/staff/second-factor-rule?lang=en', { reason: 'back to optional' });
    assert.match(off.headers.get('location')!, /done=rule_off/);
    const same = await form(admin, '/console/staff/second-factor-rule?lang=en', { reason: 'back to optional' });
    assert.match(same.headers.get('location')!, /done=rule_same/);
    const audit = await ctx.db.query<{ reason: string; details: unknown }>(`SELECT reason, details FROM audit_log WHERE district_code = 'mapo' AND action = 'district.require_admin_totp_changed' ORDER BY id`);
    assert.deepEqual(audit.rows, [{ reason: 'security audit 2026', details: { from: false, to: true } }, { reason: 'back to optional', details: { from: true, to: false } }]);
  });
});
