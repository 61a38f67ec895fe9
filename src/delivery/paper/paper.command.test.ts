import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Command, CommanderError } from 'commander';
import { forEachEngine } from '../../../test-support/engines.ts';
import { insertAwaitingPaper, insertDistrict, testCipher } from '../../../test-support/awaiting-paper.ts';
import { runCli } from '../../../test-support/cli.ts';
import { AppError } from '../../platform/errors.ts';
import { claimPaperJobById, findPaperJob, latestPaperJob, recordPaperJobProgress, setPaperJobTotal } from './paper-batch-jobs.repository.ts';
import { PAPER_JOB_LOCK_MS, type PaperJobDeps } from './paper-batch-jobs.service.ts';
import { registerPaperCommand } from './paper.command.ts';

// `taxstation paper batch` through its registration, on both engines: it
// asks for the same job as the console and the API; without --wait it
// queues it for the worker, with --wait it makes it here (or follows the
// worker already making it, and takes it again when that worker stopped),
// progress on standard error, the batch on standard output; a failure exits
// 1 with nothing marked. --help from the real binary.

forEachEngine('paper batch command', (ctx) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'taxstation-paper-cli-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  before(async () => {
    await insertDistrict(ctx.db, 'gangnam', { ko: '강남구', en: 'Gangnam-gu' }, 600);
    await insertDistrict(ctx.db, 'mapo', { ko: '마포구', en: 'Mapo-gu' });
  });

  async function run(args: string[], o: { dataDir?: string; pause?: () => Promise<void> } = {}) {
    const out: string[] = [];
    const progress: string[] = [];
    const deps: PaperJobDeps = { db: ctx.db, cipher: testCipher, publicUrl: 'https://tax.example.go.kr', dataDir: o.dataDir ?? dataDir };
    const program = new Command('taxstation').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => out.push(s) });
    registerPaperCommand(program, {
      open: async () => ({ deps, close: async () => {} }),
      print: (line) => out.push(line),
      progress: (total) => ({ update: (done) => progress.push(`${done}/${total}`), done: () => progress.push('end') }),
      operatorId: () => 'kim@office-pc',
      pause: o.pause ?? (async () => assert.fail('no pause expected')),
    });
    await program.parseAsync(['node', 'taxstation', 'paper', 'batch', ...args]);
    return { out, progress };
  }
  const states = async (ids: number[]) => (await ctx.db.query<{ state: string }>('SELECT state FROM messages WHERE id = ANY($1::bigint[]) ORDER BY id', [ids])).rows.map((r) => r.state);

  test('wrong usage exits 2 and an unknown district is refused, nothing queued', async () => {
    for (const args of [['--district', 'Not A Code'], ['--district', 'gangnam', '--out', join(dataDir, 'x')]]) {
      await assert.rejects(run(args), (e: unknown) => e instanceof CommanderError && e.exitCode === 2, args.join(' '));
    }
    // A missing option is commander's own error (the binary exits 2 on every usage error: app/main.ts).
    await assert.rejects(run([]), (e: unknown) => e instanceof CommanderError);
    await assert.rejects(run(['--district', 'nowhere']), (e: unknown) => e instanceof AppError && e.code === 'district_unknown');
    assert.equal(await latestPaperJob(ctx.db, 'gangnam'), null);
  });

  test('without --wait the job is queued for the worker (asking again joins it); with --wait it is made here with progress', async () => {
    const made = await insertAwaitingPaper(ctx.db, 'gangnam', [{ name: '김민수' }, { name: '이영희', paid: true }, { name: '박철수' }]);
    const queued = await run(['--district', 'gangnam']);
    const job = (await latestPaperJob(ctx.db, 'gangnam'))!;
    assert.deepEqual([job.state, job.requestedBy], ['queued', 'cli:kim@office-pc']);
    assert.match(queued.out.join('\n'), new RegExp(`paper batch job ${job.id} queued for gangnam; a serve or work process makes it`));
    const joined = await run(['--district', 'gangnam', '--json']);
    const j = JSON.parse(joined.out.join('')) as { id: number; state: string; statusUrl: string };
    assert.deepEqual([j.id, j.state, j.statusUrl], [job.id, 'queued', `/api/paper-batch-jobs/${job.id}`], 'asking again joins the job');
    assert.deepEqual(await states(made.map((m) => m.messageId)), ['awaiting_paper', 'awaiting_paper', 'awaiting_paper'], 'nothing marked before a worker makes it');

    const out = join(dataDir, 'print');
    const waited = await run(['--district', 'gangnam', '--wait', '--out', out]);
    const done = (await findPaperJob(ctx.db, 'gangnam', job.id))!;
    assert.deepEqual([done.state, done.handled, done.withdrawnPaid], ['done', 3, 1], 'the job asked for, made by this process');
    assert.deepEqual(waited.progress, ['0/3', '3/3', 'end']);
    const text = waited.out.join('\n');
    assert.match(text, new RegExp(`paper batch ${done.batchId}: 2 notice\\(s\\), 2 page\\(s\\)`));
    assert.match(text, /postage 600 KRW\/page, cost 1,200 KRW/);
    assert.deepEqual(readdirSync(out).sort(), [`batch-${done.batchId}.csv`, `batch-${done.batchId}.pdf`]);
    assert.ok(existsSync(join(dataDir, 'paper', 'gangnam', `batch-${done.batchId}.pdf`)), 'where the console downloads it');
    assert.deepEqual(await states(made.map((m) => m.messageId)), ['paper', 'withdrawn', 'paper']);

    const nothing = await run(['--district', 'gangnam', '--wait', '--json']);
    const result = JSON.parse(nothing.out.join('')) as { state: string; batch: unknown; files: string[] };
    assert.deepEqual([result.state, result.batch, result.files], ['done', null, []], 'nothing waits the second time');
  });

  test('--wait follows a worker making the job and takes it again when that worker stopped; each notice printed once', async () => {
    const made = await insertAwaitingPaper(ctx.db, 'gangnam', [{ name: '정대현' }, { name: '한결' }]);
    await run(['--district', 'gangnam']);
    const job = (await latestPaperJob(ctx.db, 'gangnam'))!;
    // Another worker takes it, has handled one notice, and then stops (its process killed: nothing of its run is committed).
    const now = new Date();
    await claimPaperJobById(ctx.db, job.id, now, new Date(now.getTime() + PAPER_JOB_LOCK_MS));
    await setPaperJobTotal(ctx.db, job.id, 2);
    await recordPaperJobProgress(ctx.db, job.id, 1, new Date(now.getTime() + PAPER_JOB_LOCK_MS));
    let pauses = 0;
    const waited = await run(['--district', 'gangnam', '--wait'], {
      pause: async () => {
        pauses += 1;
        // While the command waits, the stopped worker's lock lapses.
        await ctx.db.query(`UPDATE paper_batch_jobs SET locked_until = now() - interval '1 second' WHERE id = $1`, [job.id]);
      },
    });
    assert.equal(pauses, 1);
    assert.deepEqual(waited.progress, ['1/2', '1/2', '0/2', '2/2', 'end'], 'the other worker’s count while it holds the job, then this process’s own from the start');
    const done = (await findPaperJob(ctx.db, 'gangnam', job.id))!;
    assert.deepEqual([done.state, done.tries, done.handled], ['done', 2, 2]);
    assert.deepEqual(await states(made.map((m) => m.messageId)), ['paper', 'paper']);
    const { rows } = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM message_events WHERE event = 'paper_reissued' AND message_id = ANY($1::bigint[])`,
      [made.map((m) => m.messageId)],
    );
    assert.equal(rows[0]!.n, 2, 'nothing doubled');
  });

  test('a batch that fails exits 1 with the reason, and marks nothing', async () => {
    const [waiting] = await insertAwaitingPaper(ctx.db, 'mapo', [{ name: '마포주민' }]);
    const blocked = join(dataDir, 'not-a-folder');
    writeFileSync(blocked, 'x');
    await assert.rejects(run(['--district', 'mapo', '--wait'], { dataDir: blocked }), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, 'paper_batch_write_failed');
      assert.match(e.messages.en, /could not write the print files; no notice was marked/);
      return true;
    });
    assert.equal((await latestPaperJob(ctx.db, 'mapo'))?.state, 'failed');
    assert.deepEqual(await states([waiting!.messageId]), ['awaiting_paper']);
  });
});

test('taxstation paper batch --help names --wait, --out and the exit codes', async () => {
  const { code, stdout } = await runCli(['paper', 'batch', '--help']);
  assert.equal(code, 0);
  assert.match(stdout, /--wait/);
  assert.match(stdout, /--out <dir>/);
  assert.match(stdout, /Exit codes: 0 queued, or done/);
});
