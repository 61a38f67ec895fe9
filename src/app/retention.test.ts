import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command, CommanderError } from 'commander';
import { forEachEngine } from '../../test-support/engines.ts';
import { createDistrict, createTaxpayers, testCipher } from '../../test-support/factories.ts';
import { runCli } from '../../test-support/cli.ts';
import { AppError } from '../platform/errors.ts';
import { createLogger } from '../platform/logger.ts';
import { registerRetentionCommands } from '../platform/retention/retention.command.ts';
import { retentionHousekeeping } from '../platform/retention/retention.ts';
import { enqueueMessages } from '../delivery/queue/queue.ts';
import { retentionPurgers } from './retention.ts';

// `taxstation retention purge` through its registration with the
// composition root's purgers, on a test database with a fixed clock; the
// worker's housekeeping task; and --help from the real binary.

const NOW = new Date('2027-06-01T03:00:00Z');
const DAY = 86_400_000;

forEachEngine('retention purge command', (ctx) => {
  async function run(...args: string[]): Promise<{ out: string[]; progress: string[] }> {
    const out: string[] = [];
    const progress: string[] = [];
    const program = new Command('taxstation').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => out.push(s) });
    registerRetentionCommands(program, retentionPurgers, {
      open: async () => ({ db: ctx.db, close: async () => {} }),
      print: (line) => out.push(line),
      progress: (line) => progress.push(line),
      operatorId: () => 'kim@office-pc',
      clock: () => NOW,
    });
    await program.parseAsync(['node', 'taxstation', ...args]);
    return { out, progress };
  }

  async function oldMessage(district: string): Promise<number> {
    const [taxpayer] = await createTaxpayers(ctx.db, district, [{ email: 'lee@example.com', enrol: ['email'] }]);
    const [id] = await enqueueMessages(ctx.db, testCipher, [{ districtCode: district, kind: 'guidance', topic: 'one_time_code', taxpayerId: taxpayer, plan: ['email'], variables: { code: '111111' } }]);
    await ctx.db.query("UPDATE delivery_attempts SET state = 'cancelled', final_at = $2 WHERE message_id = $1", [id, new Date(NOW.getTime() - 400 * DAY)]);
    await ctx.db.query("UPDATE messages SET state = 'withdrawn', final_at = $2 WHERE id = $1", [id, new Date(NOW.getTime() - 400 * DAY)]);
    return id!;
  }
  const kept = async (id: number) => (await ctx.db.query<{ v: unknown }>('SELECT variables_enc AS v FROM messages WHERE id = $1', [id])).rows[0]!.v !== null;
  const auditCount = async () => (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'retention.%'")).rows[0]!.n;

  test('usage errors exit 2 and an unknown district is refused, nothing changed', async () => {
    for (const args of [['--district', 'Not A Code'], ['--batch', '0']]) {
      await assert.rejects(run('retention', 'purge', ...args), (e: unknown) => e instanceof CommanderError && e.exitCode === 2);
    }
    await assert.rejects(run('retention', 'purge', '--district', 'nowhere'), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, 'district_not_found');
      assert.match(e.messages.en, /No district has the code "nowhere"/);
      return true;
    });
    assert.equal(await auditCount(), 0);
  });

  test('dry run, then the purge with progress and an audit entry from the operator, then nothing more', async () => {
    const district = await createDistrict(ctx.db);
    const other = await createDistrict(ctx.db);
    const id = await oldMessage(district);
    const otherId = await oldMessage(other);

    const dry = await run('retention', 'purge', '--district', district, '--dry-run');
    assert.ok(dry.out.includes(`${district} delivery_contents (365 days, done with before 2026-06-01): would remove: messages 1`), dry.out.join('\n'));
    assert.match(dry.out.at(-1)!, /^dry run: nothing changed \(1 rows due\)$/);
    assert.ok(await kept(id));

    const done = await run('retention', 'purge', '--district', district);
    assert.ok(done.out.includes(`${district} delivery_contents (365 days, done with before 2026-06-01): removed: messages 1`), done.out.join('\n'));
    assert.ok(done.out.includes(`${district} desk_chat (180 days, done with before 2026-12-03): nothing to remove`));
    assert.ok(done.progress.some((l) => l.startsWith(`removing: ${district} delivery_contents: messages 1`)));
    assert.equal(await kept(id), false);
    assert.ok(await kept(otherId), 'only the district named');
    const { rows } = await ctx.db.query<{ actor_id: string }>("SELECT actor_id FROM audit_log WHERE district_code = $1 AND action = 'retention.delivery_contents_purged'", [district]);
    assert.deepEqual(rows.map((r) => r.actor_id), ['cli:kim@office-pc']);

    const again = await run('retention', 'purge', '--district', district, '--json');
    const json = JSON.parse(again.out[0]!) as { dryRun: boolean; results: { kind: string; counts: Record<string, number> }[] };
    assert.equal(json.dryRun, false);
    assert.ok(json.results.every((r) => Object.values(r.counts).every((n) => n === 0)));
    assert.equal(await auditCount(), 1);
  });

  test("the worker's housekeeping task purges every district by its clock", async () => {
    const district = await createDistrict(ctx.db);
    const id = await oldMessage(district);
    await retentionHousekeeping(retentionPurgers, { clock: () => NOW }).run(ctx.db, createLogger({ level: 'silent' }));
    assert.equal(await kept(id), false);
    const { rows } = await ctx.db.query<{ actor_id: string }>("SELECT actor_id FROM audit_log WHERE district_code = $1 AND action LIKE 'retention.%'", [district]);
    assert.deepEqual(rows.map((r) => r.actor_id), ['housekeeping']);
  });
});

test('taxstation retention purge --help names the options and the exit codes', async () => {
  const { code, stdout } = await runCli(['retention', 'purge', '--help']);
  assert.equal(code, 0);
  assert.match(stdout, /--district <code>/);
  assert.match(stdout, /--dry-run/);
  assert.match(stdout, /Exit codes: 0 done/);
});
