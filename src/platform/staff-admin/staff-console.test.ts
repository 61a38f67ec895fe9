import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { latestSetupLinkEmail } from './staff-admin.test-support.ts';

// The district admin's staff pages over real HTTP on both engines: the list
// with last sign-in, an invitation e-mailed through the delivery engine, role
// change, reset, disable, one's own password; every change audited with the
// admin and the reason; another district's admin sees and changes nothing.

const GOOD = 'lantern copper meadow drift';

forEachEngine('staff console', (ctx) => {
  let server: TestServer;
  let users: Record<string, string>;
  let other: Record<string, string>;
  const admin = () => new TestClient(server.url);
  before(async () => {
    server = await startTestServer(ctx.db);
    users = await createDistrictWithStaff(ctx.db, 'mapo', ['admin', 'tax_official'], { ko: '마포구', en: 'Mapo-gu' });
    other = await createDistrictWithStaff(ctx.db, 'jongno', ['admin'], { ko: '종로구', en: 'Jongno-gu' });
  });
  after(() => server?.close());

  async function signedIn(username: string): Promise<TestClient> {
    const client = admin();
    await client.login(username);
    return client;
  }
  const post = (client: TestClient, path: string, fields: Record<string, string>) =>
    client.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ _csrf: client.csrfToken ?? '', ...fields }).toString(),
    });
  const idOf = async (username: string) => Number((await ctx.db.query<{ id: string }>(`SELECT id FROM staff_accounts WHERE username = $1`, [username])).rows[0]!.id);

  test('only admins see the list, with roles, status and last sign-in', async () => {
    const anonymous = await admin().request('/console/staff');
    assert.equal(anonymous.status, 303, 'a page sends the anonymous visitor to sign in');
    assert.match(anonymous.headers.get('location')!, /^\/login/);
    assert.equal((await (await signedIn(users.tax_official!)).request('/console/staff')).status, 403);
    const client = await signedIn(users.admin!);
    const page = await (await client.request('/console/staff?lang=en')).text();
    assert.match(page, /<h1>Staff<\/h1>/);
    assert.match(page, /mapo\.admin\)[^<]*\(you\)<\/td>\s*<td>Administrator<\/td>\s*<td>Active<\/td>\s*<td>Off<\/td>\s*<td class="date">[^<]*\d{4}[^<]*<\/td>/, 'two-step verification off, then the last sign-in');
    assert.doesNotMatch(page, /jongno/);
  });

  test('an invitation e-mails a set-up link through the delivery engine; the link works; audited with the admin and reason', async () => {
    const client = await signedIn(users.admin!);
    const bad = await post(client, '/console/staff/invite?lang=en', { username: 'Mapo Park', role: 'king', email: 'not-an-address', reason: '' });
    assert.equal(bad.status, 400);
    const badPage = await bad.text();
    for (const text of ['is not valid', 'Choose a role', 'Enter a valid e-mail address', 'Give a reason']) assert.ok(badPage.includes(text), text);
    const taken = await post(client, '/console/staff/invite?lang=en', { username: other.admin!, role: 'admin', email: 'x@mapo.go.kr', reason: 'new posting' });
    assert.equal(taken.status, 409);
    assert.match(await taken.text(), /already taken in another district/);

    const done = await post(client, '/console/staff/invite?lang=en', { username: 'mapo.park', displayName: '박세무', role: 'tax_official', email: 'park@mapo.go.kr', reason: 'new posting, request 42' });
    assert.equal(done.status, 303);
    assert.match((await (await client.request(done.headers.get('location')!)).text()), /A set-up link was e-mailed to mapo.park/);
    const mail = await latestSetupLinkEmail(ctx.db, server.deps.cipher, 'mapo');
    assert.equal(mail.email, 'park@mapo.go.kr');
    assert.equal(mail.username, 'mapo.park');
    const link = new URL(mail.link);
    const setup = admin();
    assert.equal((await setup.request(link.pathname)).status, 200);
    const chosen = await setup.request(link.pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url }, body: new URLSearchParams({ password: GOOD, confirm: GOOD }).toString() });
    assert.equal(chosen.status, 303);
    const audit = await ctx.db.query<{ actor_type: string; actor_id: string; reason: string }>(`SELECT actor_type, actor_id, reason FROM audit_log WHERE action = 'staff.created' AND district_code = 'mapo'`);
    assert.deepEqual(audit.rows, [{ actor_type: 'staff', actor_id: String(await idOf(users.admin!)), reason: 'new posting, request 42' }]);
    const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE details::text LIKE '%park@%'`);
    assert.equal(rows[0]!.n, 0, 'the address is not in the audit log');
  });

  test('role change, reset and disable: audited, idempotent where it says so; the own account is protected', async () => {
    const client = await signedIn(users.admin!);
    const park = await idOf('mapo.park');
    const role = await post(client, `/console/staff/${park}/role?lang=en`, { role: 'desk_agent', reason: 'moved to the desk' });
    assert.equal(role.status, 303);
    assert.match(await (await client.request(role.headers.get('location')!)).text(), /The role of mapo.park was changed/);
    const same = await post(client, `/console/staff/${park}/role?lang=en`, { role: 'desk_agent', reason: 'moved to the desk' });
    assert.match(same.headers.get('location')!, /done=role_same/);
    const parkClient = await signedIn('mapo.park').catch(() => null);
    assert.equal(parkClient, null, 'signing in with the test password fails: mapo.park chose their own');
    const parkSession = admin();
    await parkSession.login('mapo.park', GOOD);
    assert.equal(((await (await parkSession.request('/api/session')).json()) as { staff: { role: string } }).staff.role, 'desk_agent', 'the role applies at once');

    const reset = await post(client, `/console/staff/${park}/reset?lang=en`, { email: 'park@mapo.go.kr', reason: 'forgot password' });
    assert.equal(reset.status, 303);
    assert.equal((await parkSession.request('/api/session')).status, 401, 'sessions ended');
    await assert.rejects(admin().login('mapo.park', GOOD), /401/, 'old password void');
    assert.match((await latestSetupLinkEmail(ctx.db, server.deps.cipher, 'mapo')).link, /\/setup\//);

    const own = await post(client, `/console/staff/${await idOf(users.admin!)}/disable?lang=en`, { reason: 'testing myself' });
    assert.equal(own.status, 400);
    const ownPage = await own.text();
    assert.match(ownPage, /cannot change your own role or disable your own account/);
    assert.match(ownPage, /id="disable-reason" name="reason" type="text" value="testing myself" maxlength="500"/, 'the reason typed is kept, in its own form');
    assert.match(ownPage, /id="role-reason" name="reason" type="text" value=""/, 'not in the other forms');
    const disabled = await post(client, `/console/staff/${park}/disable?lang=en`, { reason: 'left the office' });
    assert.match(disabled.headers.get('location')!, /done=disabled&/);
    const again = await post(client, `/console/staff/${park}/disable?lang=en`, { reason: 'left the office' });
    assert.match(again.headers.get('location')!, /done=disabled_already&/, 'again: nothing changes, and the page says so');
    const actions = await ctx.db.query<{ action: string; reason: string }>(`SELECT action, reason FROM audit_log WHERE entity_id = $1 AND actor_type = 'staff' AND action LIKE 'staff.%' ORDER BY id`, [String(park)]);
    assert.deepEqual(actions.rows.map((r) => r.action), ['staff.created', 'staff.password_set', 'staff.role_changed', 'staff.reset', 'staff.disabled']);
  });

  test("another district's admin can neither see nor touch this district's staff", async () => {
    const jongno = await signedIn(other.admin!);
    const official = await idOf(users.tax_official!);
    assert.equal((await jongno.request(`/console/staff/${official}`)).status, 404);
    for (const [action, fields] of [['role', { role: 'admin', reason: 'takeover' }], ['reset', { email: 'evil@example.com', reason: 'takeover' }], ['disable', { reason: 'takeover' }]] as const) {
      assert.equal((await post(jongno, `/console/staff/${official}/${action}`, fields)).status, 404, action);
    }
    const { rows } = await ctx.db.query<{ role: string; disabled: boolean; has: boolean }>(`SELECT role, disabled_at IS NOT NULL AS disabled, password_hash IS NOT NULL AS has FROM staff_accounts WHERE id = $1`, [official]);
    assert.deepEqual(rows[0], { role: 'tax_official', disabled: false, has: true });
    assert.equal((await post(await signedIn(users.admin!), `/console/staff/${official}/role`, { role: 'admin', reason: 'x' })).status, 400, 'a reason of 3+ characters');
  });

  test('everyone changes their own password: current one checked, the rule applied, other sessions end', async () => {
    const client = await signedIn(users.tax_official!);
    const elsewhere = await signedIn(users.tax_official!);
    assert.equal((await client.request('/console/account/password')).status, 200);
    const wrong = await post(client, '/console/account/password?lang=en', { current: 'nope', password: 'password1234', confirm: 'password1234' });
    assert.equal(wrong.status, 400);
    const page = await wrong.text();
    assert.match(page, /The current password is not right/);
    assert.match(page, /too close to a common or breached one/);
    const ok = await post(client, '/console/account/password?lang=en', { current: TEST_PASSWORD, password: GOOD, confirm: GOOD });
    assert.equal(ok.status, 303);
    assert.equal((await client.request('/api/session')).status, 200, 'still signed in here');
    assert.equal((await elsewhere.request('/api/session')).status, 401, 'signed out elsewhere');
    await admin().login(users.tax_official!, GOOD);
    const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'staff.password_changed'`);
    assert.equal(rows[0]!.n, 1);
  });

  test('wrong current passwords on the own-password form are counted: after five, a wait with a clear message', async () => {
    const client = await signedIn(other.admin!);
    for (let i = 0; i < 5; i++) {
      const wrong = await post(client, '/console/account/password?lang=en', { current: `wrong ${i}`, password: GOOD, confirm: GOOD });
      assert.equal(wrong.status, 400, `try ${i + 1}`);
    }
    const locked = await post(client, '/console/account/password?lang=ko', { current: TEST_PASSWORD, password: GOOD, confirm: GOOD });
    assert.equal(locked.status, 429, 'even the right password waits now');
    assert.ok(Number(locked.headers.get('retry-after')) > 0);
    assert.match(await locked.text(), /지금 비밀번호가 여러 번 틀렸습니다\. 보안을 위해 \d+분 뒤에 다시 시도해 주세요/);
    await admin().login(other.admin!, TEST_PASSWORD);
    const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'staff.password_changed' AND district_code = 'jongno'`);
    assert.equal(rows[0]!.n, 0, 'the password did not change');
  });
});
