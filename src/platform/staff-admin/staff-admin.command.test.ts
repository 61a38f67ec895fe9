import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { forEachEngine } from '../../../test-support/engines.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { createSession, findSession } from '../auth/session.service.ts';
import { findActiveStaffForLogin } from '../auth/staff.repository.ts';
import { sessionEndedTopic } from '../auth/session-events.ts';
import { createRealtimeBus } from '../realtime/bus.ts';
import { registerFirstDayCommands } from './staff-admin.command.ts';
import { setPasswordHash } from './staff-admin.repository.ts';

// The first-day commands through their registration, as the CLI parses them,
// on a test database; the output is what the operator reads. (The end-to-end
// test runs the real binary as a subprocess.)

const PUBLIC_URL = 'https://tax.example.go.kr';

forEachEngine('first-day commands', (ctx) => {
  const config = loadConfig({ NODE_ENV: 'test', TAXSTATION_PUBLIC_URL: PUBLIC_URL, TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') });

  async function run(...args: string[]): Promise<string[]> {
    const lines: string[] = [];
    const program = new Command('taxstation').exitOverride().configureOutput({ writeOut: (s) => lines.push(s), writeErr: (s) => lines.push(s) });
    registerFirstDayCommands(program, {
      open: async () => ({ db: ctx.db, config, close: async () => {} }),
      print: (line) => lines.push(line),
      operatorId: () => 'kim@office-pc',
    });
    await program.parseAsync(['node', 'taxstation', ...args]);
    return lines;
  }

  async function refused(args: string[], code: string, pattern: RegExp): Promise<void> {
    await assert.rejects(run(...args), (error: unknown) => {
      assert.ok(error instanceof AppError, String(error));
      assert.equal(error.code, code);
      assert.match(error.messages.en, pattern);
      assert.ok(error.messages.ko.length > 0);
      return true;
    });
  }

  const count = async (sql: string, params: unknown[] = []) => (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n;
  const audit = (action: string) => ctx.db.query<{ actor_type: string; actor_id: string; reason: string; source: string; entity_id: string }>(
    `SELECT actor_type, actor_id, reason, source, entity_id FROM audit_log WHERE action = $1 ORDER BY id`,
    [action],
  );

  test('district add: creates once, again with the same names says nothing changed, audited with the OS user', async () => {
    assert.deepEqual(await run('district', 'add', 'mapo', '--name-ko', '마포구', '--name-en', 'Mapo-gu'), ['added district mapo (마포구 / Mapo-gu)']);
    assert.deepEqual(await run('district', 'add', 'mapo', '--name-ko', '마포구', '--name-en', 'Mapo-gu'), ['district mapo exists already with these names; nothing changed']);
    const { rows } = await audit('district.created');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.actor_id, 'cli:kim@office-pc');
    assert.equal(rows[0]!.reason, 'district added from the command line');
  });

  test('district add refuses a malformed code and an existing code with other names, changing nothing', async () => {
    await refused(['district', 'add', 'Mapo_Gu!', '--name-ko', '마포', '--name-en', 'Mapo'], 'district_code_invalid', /"Mapo_Gu!" is not valid/);
    await refused(['district', 'add', 'mapo', '--name-ko', '마포구', '--name-en', 'Mapo District'], 'district_exists_other_names', /already exists with other names \(마포구 \/ Mapo-gu\)/);
    assert.equal(await count(`districts WHERE code = 'mapo' AND name_en = 'Mapo-gu'`), 1);
    assert.equal(await count(`districts WHERE code ILIKE 'mapo%' OR code ILIKE 'Mapo%'`), 1);
  });

  test('staff add prints a set-up link on the public URL, no password; again it changes nothing and says how to get a new link', async () => {
    const out = await run('staff', 'add', '--district', 'mapo', '--username', 'mapo.admin', '--role', 'admin', '--reason', 'first administrator');
    assert.equal(out[0], 'added admin account mapo.admin in mapo');
    assert.match(out[2]!, new RegExp(`^  ${PUBLIC_URL}/setup/[A-Za-z0-9_-]{43}$`));
    const account = await findActiveStaffForLogin(ctx.db, 'mapo.admin');
    assert.equal(account?.password_hash, null, 'no password until the owner chooses one');
    const again = await run('staff', 'add', '--district', 'mapo', '--username', 'mapo.admin', '--role', 'admin', '--reason', 'first administrator');
    assert.match(again[0]!, /exists already in mapo as admin \(waiting for its owner to choose a password\); nothing changed/);
    assert.match(again[1]!, /taxstation staff reset --district mapo --username mapo.admin/);
    assert.equal(await count(`staff_accounts WHERE username = 'mapo.admin'`), 1);
    assert.equal(await count(`staff_setup_links l JOIN staff_accounts a ON a.id = l.staff_id WHERE a.username = 'mapo.admin'`), 1);
    const { rows } = await audit('staff.created');
    assert.equal(rows.length, 1);
    assert.deepEqual({ ...rows[0], entity_id: undefined }, { actor_type: 'system', actor_id: 'cli:kim@office-pc', reason: 'first administrator', source: 'system', entity_id: undefined });
  });

  test('staff add refuses an unknown district, an unknown role, a username taken elsewhere or with another role; nothing changes', async () => {
    await ctx.db.query(`INSERT INTO districts (code, name_ko, name_en) VALUES ('jongno', '종로구', 'Jongno-gu') ON CONFLICT DO NOTHING`);
    const before = await count('staff_accounts');
    const auditBefore = await count('audit_log');
    await refused(['staff', 'add', '--district', 'nowhere', '--username', 'x.admin', '--role', 'admin'], 'district_unknown', /no district "nowhere".*taxstation district add nowhere/);
    await refused(['staff', 'add', '--district', 'mapo', '--username', 'mapo.boss', '--role', 'superuser'], 'role_unknown', /no role "superuser". Use one of: admin, tax_official/);
    await refused(['staff', 'add', '--district', 'jongno', '--username', 'mapo.admin', '--role', 'admin'], 'username_taken_elsewhere', /"mapo.admin" is already taken in another district/);
    await refused(['staff', 'add', '--district', 'mapo', '--username', 'mapo.admin', '--role', 'tax_official'], 'username_taken_other_role', /with the role admin/);
    await refused(['staff', 'add', '--district', 'mapo', '--username', 'No Spaces', '--role', 'admin'], 'username_invalid', /"No Spaces" is not valid/);
    assert.equal(await count('staff_accounts'), before);
    assert.equal(await count('audit_log'), auditBefore);
  });

  test('staff reset voids the password and sessions and replaces the link; staff disable ends sessions and is idempotent', async () => {
    await run('staff', 'add', '--district', 'mapo', '--username', 'mapo.kim', '--role', 'tax_official');
    const account = (await findActiveStaffForLogin(ctx.db, 'mapo.kim'))!;
    await setPasswordHash(ctx.db, Number(account.id), '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$aGFzaA');
    const session = await createSession(ctx.db, { id: Number(account.id), districtCode: 'mapo' }, 8);
    // What the live desk's sockets of this account listen to (every serve process, through NOTIFY).
    const told: unknown[] = [];
    let heard: () => void = () => {};
    const unsubscribe = await createRealtimeBus(ctx.db).subscribe(sessionEndedTopic(Number(account.id)), (event) => (told.push(event), heard()));
    const nextTelling = () => new Promise<void>((resolve) => (heard = resolve));
    const [oldLink] = (await ctx.db.query<{ token_hash: Buffer }>(`SELECT token_hash FROM staff_setup_links WHERE staff_id = $1`, [account.id])).rows;

    let telling = nextTelling();
    const reset = await run('staff', 'reset', '--district', 'mapo', '--username', 'mapo.kim', '--reason', 'forgot password, ticket 42');
    assert.equal(reset[0], 'reset mapo.kim: password void, 1 session(s) ended, 1 earlier link(s) void');
    await telling;
    assert.deepEqual(told, [{ type: 'session_ended' }], 'the open sockets of the ended session are told');
    assert.match(reset[2]!, /\/setup\/[A-Za-z0-9_-]{43}$/);
    assert.equal(await findSession(ctx.db, session.token), null);
    assert.equal((await findActiveStaffForLogin(ctx.db, 'mapo.kim'))!.password_hash, null);
    assert.equal(await count(`staff_setup_links WHERE token_hash = $1 AND voided_at IS NOT NULL`, [oldLink!.token_hash]), 1);
    const again = await run('staff', 'reset', '--district', 'mapo', '--username', 'mapo.kim', '--reason', 'forgot password, ticket 42');
    assert.equal(again[0], 'mapo.kim had no password and no session already; nothing else changed (1 earlier link(s) replaced)');
    assert.equal(await count(`staff_setup_links WHERE staff_id = $1 AND voided_at IS NULL AND used_at IS NULL`, [account.id]), 1);
    assert.equal((await audit('staff.reset')).rows[0]!.reason, 'forgot password, ticket 42');

    assert.equal(told.length, 1, 'a reset that ended no session tells no one');
    const session2 = await createSession(ctx.db, { id: Number(account.id), districtCode: 'mapo' }, 8);
    telling = nextTelling();
    assert.equal((await run('staff', 'disable', '--district', 'mapo', '--username', 'mapo.kim', '--reason', 'moved to another office'))[0], 'disabled mapo.kim in mapo; 1 session(s) ended');
    await telling;
    assert.equal(told.length, 2, 'disabling tells the sockets too');
    await unsubscribe();
    assert.equal(await findSession(ctx.db, session2.token), null);
    assert.equal(await count(`staff_setup_links WHERE staff_id = $1 AND voided_at IS NULL AND used_at IS NULL`, [account.id]), 0);
    assert.match((await run('staff', 'disable', '--district', 'mapo', '--username', 'mapo.kim', '--reason', 'moved to another office'))[0]!, /^mapo.kim was disabled already \(since .*\); nothing changed$/);
    assert.equal((await audit('staff.disabled')).rows.length, 1);
    await refused(['staff', 'reset', '--district', 'mapo', '--username', 'mapo.kim', '--reason', 'again'], 'staff_disabled', /is disabled/);
  });

  test('reset and disable name the unknown account or district; a reason is required', async () => {
    await refused(['staff', 'reset', '--district', 'mapo', '--username', 'mapo.nobody', '--reason', 'test'], 'staff_unknown', /no staff account "mapo.nobody" in the district "mapo"/);
    await refused(['staff', 'disable', '--district', 'jongno', '--username', 'mapo.admin', '--reason', 'test'], 'staff_unknown', /"mapo.admin" in the district "jongno"/);
    await refused(['staff', 'disable', '--district', 'gone', '--username', 'mapo.admin', '--reason', 'test'], 'district_unknown', /no district "gone"/);
    await assert.rejects(run('staff', 'disable', '--district', 'mapo', '--username', 'mapo.admin'), /required option '--reason <text>' not specified/);
    assert.equal((await findActiveStaffForLogin(ctx.db, 'mapo.admin')) !== null, true);
  });

  test('every command has --help', async () => {
    for (const args of [['district', 'add'], ['district', 'require-admin-totp'], ['staff', 'add'], ['staff', 'reset'], ['staff', 'reset-second-factor'], ['staff', 'disable']]) {
      const lines: string[] = [];
      const program = new Command('taxstation').exitOverride().configureOutput({ writeOut: (s) => lines.push(s) });
      registerFirstDayCommands(program, { open: async () => { throw new Error('no database for help'); }, print: () => {}, operatorId: () => 'x' });
      for (const c of program.commands) c.exitOverride();
      for (const c of program.commands.flatMap((c) => c.commands)) c.exitOverride().configureOutput({ writeOut: (s) => lines.push(s) });
      await assert.rejects(program.parseAsync(['node', 'taxstation', ...args, '--help']), /outputHelp|help/i);
      assert.match(lines.join(''), /--reason/);
    }
  });

  test("district require-admin-totp and staff reset-second-factor: the lone admin's lost phone, audited with the OS user", async () => {
    assert.deepEqual(await run('district', 'require-admin-totp', 'mapo', 'on', '--reason', 'security audit 2026'), ['mapo: administrators must use two-step verification from now on']);
    assert.deepEqual(await run('district', 'require-admin-totp', 'mapo', 'on', '--reason', 'security audit 2026'), ['mapo: administrators must use two-step verification already; nothing changed']);
    await refused(['district', 'require-admin-totp', 'mapo', 'maybe', '--reason', 'test'], 'on_off_invalid', /"maybe" is not valid: write on or off/);
    await refused(['district', 'require-admin-totp', 'gone', 'on', '--reason', 'test'], 'district_unknown', /no district "gone"/);
    const rule = await audit('district.require_admin_totp_changed');
    assert.deepEqual(rule.rows.map((r) => [r.actor_id, r.reason, r.entity_id]), [['cli:kim@office-pc', 'security audit 2026', 'mapo']]);

    const admin = (await findActiveStaffForLogin(ctx.db, 'mapo.admin'))!;
    await ctx.db.query(`INSERT INTO staff_totp (staff_id, district_code, secret_enc, enabled_at, last_time_step) VALUES ($1, 'mapo', '\\x01'::bytea, now(), 1)`, [admin.id]);
    assert.deepEqual(await run('staff', 'reset-second-factor', '--district', 'mapo', '--username', 'mapo.admin', '--reason', 'lost phone, ticket 7'), [
      'reset the two-step verification of mapo.admin in mapo: its authenticator app and recovery codes no longer work, 0 session(s) and 0 pending sign-in(s) ended; it signs in with its password and can set it up again',
    ]);
    assert.deepEqual(await run('staff', 'reset-second-factor', '--district', 'mapo', '--username', 'mapo.admin', '--reason', 'lost phone, ticket 7'), ['mapo.admin had no two-step verification; nothing changed']);
    assert.equal(await count(`staff_totp WHERE staff_id = $1`, [admin.id]), 0);
    const reset = await audit('staff.second_factor_reset');
    assert.deepEqual(reset.rows.map((r) => [r.actor_id, r.reason, r.entity_id]), [['cli:kim@office-pc', 'lost phone, ticket 7', String(admin.id)]]);
    await refused(['staff', 'reset-second-factor', '--district', 'jongno', '--username', 'mapo.admin', '--reason', 'test'], 'staff_unknown', /"mapo.admin" in the district "jongno"/);
    assert.deepEqual(await run('district', 'require-admin-totp', 'mapo', 'off', '--reason', 'back to optional', '--json'), [JSON.stringify({ district: 'mapo', changed: true, required: false })]);
  });
});
