import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Command } from 'commander';
import { forEachEngine } from '../../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestClient, type TestServer } from '../../../../test-support/test-server.ts';
import { loadConfig } from '../../config.ts';
import { registerFirstDayCommands } from '../../staff-admin/staff-admin.command.ts';
import { PENDING_LOGIN_COOKIE } from './totp.cookie.ts';
import { secondFactorHarness, type SecondFactorHarness } from './second-factor.test-support.ts';
import { setRequireAdminTotp } from './totp.service.ts';

// What a reset of another's second factor ends (their sessions and pending
// sign-ins, from the staff page and from the command line), new recovery
// codes made by their owner, and the menu of an administrator held to set
// it up first: over real HTTP on both engines, on the server's clock.

forEachEngine('second factor: reset, recovery codes, held menu', (ctx) => {
  let server: TestServer;
  let users: Record<string, string>;
  let held: Record<string, string>;
  let h: SecondFactorHarness;

  before(async () => {
    server = await startTestServer(ctx.db);
    h = secondFactorHarness(server, new Date('2026-12-08T00:00:10Z'));
    users = await createDistrictWithStaff(ctx.db, 'mapo', ['admin', 'tax_official'], { ko: '마포구', en: 'Mapo-gu' });
    held = await createDistrictWithStaff(ctx.db, 'jongno', ['admin'], { ko: '종로구', en: 'Jongno-gu' });
  });
  after(() => server?.close());

  const staffId = async (username: string) => Number((await ctx.db.query<{ id: string }>(`SELECT id FROM staff_accounts WHERE username = $1`, [username])).rows[0]!.id);
  const live = async (c: TestClient) => (await c.request('/api/session')).status === 200;

  /** The official with two-step verification on, signed in on two browsers, and a third at the code step. */
  async function officialEverywhere(): Promise<{ first: TestClient; second: TestClient; pending: TestClient }> {
    const first = h.client();
    await first.login(users.tax_official!);
    await h.enrol(first, users.tax_official!);
    const second = h.client();
    assert.equal((await second.json('/api/session', 'POST', { username: users.tax_official!, password: TEST_PASSWORD, code: await h.codeFor(users.tax_official!) })).status, 201);
    h.advance(30);
    const pending = h.client();
    assert.equal((await h.password(pending, users.tax_official!)).status, 303);
    assert.ok(pending.cookies.has(PENDING_LOGIN_COOKIE));
    assert.ok((await live(first)) && (await live(second)), 'signed in on both');
    return { first, second, pending };
  }

  /** Every one of them signed out: no session answers, and the pending sign-in takes no code. */
  async function allEnded(all: { first: TestClient; second: TestClient; pending: TestClient }): Promise<void> {
    assert.equal(await live(all.first), false, 'the first session ended');
    assert.equal(await live(all.second), false, 'the second session ended');
    h.advance(30);
    const step = await h.form(all.pending, '/login/code?lang=en', { code: '123456' });
    assert.equal(step.status, 400, 'the code step says to start again');
    assert.match(await step.text(), /This sign-in has expired or was completed already/);
    assert.ok(!all.pending.cookies.has('ts_session'));
  }

  test("an admin's reset of another's second factor ends that person's sessions and pending sign-in, audited with how many", async () => {
    const all = await officialEverywhere();
    const admin = h.client();
    await admin.login(users.admin!);
    const page = await (await admin.request(`/console/staff/${await staffId(users.tax_official!)}?lang=ko`)).text();
    assert.match(page, /모든 기기에서 로그아웃됩니다/, 'the form says what it ends');
    const reset = await h.form(admin, `/console/staff/${await staffId(users.tax_official!)}/second-factor-reset?lang=en`, { reason: 'lost phone, ticket 8' });
    assert.equal(reset.status, 303);
    assert.match(await (await admin.request(reset.headers.get('location')!)).text(), /was reset, and they were signed out everywhere/);
    await allEnded(all);
    assert.ok(await live(admin), "the admin's own session goes on");
    const { rows } = await ctx.db.query<{ details: { sessionsEnded: number; signInsEnded: number } }>(
      `SELECT details FROM audit_log WHERE action = 'staff.second_factor_reset' AND entity_id = $1`,
      [String(await staffId(users.tax_official!))],
    );
    assert.deepEqual(rows.map((r) => [r.details.sessionsEnded, r.details.signInsEnded]), [[2, 1]]);
    const again = h.client();
    assert.equal((await h.password(again, users.tax_official!)).status, 303);
    assert.ok(again.cookies.has('ts_session'), 'the password alone signs in again');
  });

  test('the command line reset-second-factor ends them too', async () => {
    const all = await officialEverywhere();
    const lines: string[] = [];
    const program = new Command('taxstation').exitOverride();
    const config = loadConfig({ NODE_ENV: 'test', TAXSTATION_PUBLIC_URL: 'https://tax.example.go.kr', TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') });
    registerFirstDayCommands(program, { open: async () => ({ db: ctx.db, config, close: async () => {} }), print: (line) => lines.push(line), operatorId: () => 'kim@office-pc' });
    await program.parseAsync(['node', 'taxstation', 'staff', 'reset-second-factor', '--district', 'mapo', '--username', users.tax_official!, '--reason', 'lost phone, ticket 9']);
    // Three sessions: the two here and the one signed in with the password after the first test's reset.
    assert.deepEqual(lines, [
      `reset the two-step verification of ${users.tax_official} in mapo: its authenticator app and recovery codes no longer work, 3 session(s) and 1 pending sign-in(s) ended; it signs in with its password and can set it up again`,
    ]);
    await allEnded(all);
  });

  test('new recovery codes with the password or a current code: the earlier ones stop working; audited', async () => {
    const c = h.client();
    await c.login(users.tax_official!);
    await h.enrol(c, users.tax_official!);
    const first = h.recovery.get(users.tax_official!)!;
    const page = await (await c.request('/console/account/second-factor?lang=en')).text();
    assert.match(page, /<h2 id="regen-title">Make new recovery codes<\/h2>/);
    assert.match(page, /action="\/console\/account\/second-factor\/recovery-codes\?lang=en"/);

    const empty = await h.form(c, '/console/account/second-factor/recovery-codes?lang=ko', { password: '', code: '' });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /비밀번호나 인증 코드 중 하나를 입력해 주세요/);
    const wrong = await h.form(c, '/console/account/second-factor/recovery-codes?lang=en', { password: 'not my password', code: '' });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /The password is not right/);
    const wrongCode = await h.form(c, '/console/account/second-factor/recovery-codes?lang=en', { password: TEST_PASSWORD, code: '000000' === (await h.codeFor(users.tax_official!)) ? '111111' : '000000' });
    assert.equal(wrongCode.status, 400, 'what is typed must be right, all of it');
    assert.match(await wrongCode.text(), /The code or recovery code is not right/);

    const byPassword = await h.form(c, '/console/account/second-factor/recovery-codes?lang=en', { password: TEST_PASSWORD, code: '' });
    assert.equal(byPassword.status, 200);
    const shown = await byPassword.text();
    assert.match(shown, /New recovery codes are ready\. Your earlier recovery codes no longer work\./);
    const second = h.recoveryCodesIn(shown);
    assert.equal(second.length, 8);
    assert.equal(second.filter((code) => first.includes(code)).length, 0, 'all new');

    const old = h.client();
    await h.password(old, users.tax_official!);
    assert.equal((await h.form(old, '/login/code?lang=en', { code: first[0]! })).status, 401, 'an earlier code no longer signs in');
    assert.equal((await h.form(old, '/login/code?lang=en', { code: second[0]! })).status, 303, 'a new one does');

    h.advance(30);
    const byCode = await h.form(c, '/console/account/second-factor/recovery-codes?lang=en', { password: '', code: await h.codeFor(users.tax_official!) });
    assert.equal(byCode.status, 200);
    const third = h.recoveryCodesIn(await byCode.text());
    assert.equal(third.length, 8);
    const later = h.client();
    await h.password(later, users.tax_official!);
    assert.equal((await h.form(later, '/login/code?lang=en', { code: second[1]! })).status, 401, 'the second set stopped working too');
    assert.match(await (await c.request('/console/account/second-factor?lang=en')).text(), /Recovery codes left: 8\./);

    const audit = await ctx.db.query<{ actor_id: string; details: { recoveryCodes: number; earlierUnusedVoided: number; checkedWith: string } }>(
      `SELECT actor_id, details FROM audit_log WHERE action = 'staff.recovery_codes_regenerated' ORDER BY id`,
    );
    const id = String(await staffId(users.tax_official!));
    assert.deepEqual(audit.rows.map((r) => [r.actor_id, r.details.recoveryCodes, r.details.earlierUnusedVoided, r.details.checkedWith]), [
      [id, 8, 8, 'password'],
      [id, 8, 7, 'totp'],
    ]);

    const admin = h.client();
    await admin.login(users.admin!);
    const none = await h.form(admin, '/console/account/second-factor/recovery-codes?lang=en', { password: TEST_PASSWORD, code: '' });
    assert.equal(none.status, 400);
    assert.match(await none.text(), /Two-step verification is off, so there are no recovery codes to replace/);
  });

  test('an admin held to set up two-step verification sees only the set-up, their name and sign-out in the menu', async () => {
    await setRequireAdminTotp(ctx.db, 'jongno', true, { actor: { type: 'system', id: 'test' }, source: 'system', reason: 'admins must use two-step verification' });
    const admin = h.client();
    assert.equal((await h.password(admin, held.admin!)).status, 303);
    const staffBar = (page: string) => /<div class="staff-bar">([\s\S]*?)<\/div><\/div>/.exec(page)?.[1] ?? '';
    const links = (bar: string) => [...bar.matchAll(/<a href="([^"?]+)/g)].map((m) => m[1]);
    for (const lang of ['en', 'ko']) {
      const bar = staffBar(await (await admin.request(`/console/account/second-factor?lang=${lang}`)).text());
      assert.deepEqual(links(bar), ['/console/account/second-factor'], lang);
      assert.match(bar, /<p class="staff-who">/, `${lang}: their name`);
      assert.match(bar, /<form method="post" action="\/logout"/, `${lang}: sign-out`);
    }
    const out = await h.form(admin, '/logout', { _csrf: ((await (await admin.request('/api/session')).json()) as { csrfToken: string }).csrfToken });
    assert.equal(out.status, 303, 'sign-out works while held');
    assert.equal(await live(admin), false);

    const again = h.client();
    await h.password(again, held.admin!);
    await h.enrol(again, held.admin!);
    const full = links(staffBar(await (await again.request('/console/account/second-factor?lang=en')).text()));
    assert.ok(full.includes('/console') && full.includes('/console/staff') && full.includes('/console/account/password'), `set up: the full menu (${full.join(' ')})`);
  });
});
