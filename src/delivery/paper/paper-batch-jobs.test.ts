import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { forEachEngine } from '../../../test-support/engines.ts';
import { loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { startDeliveryRuntime } from '../delivery.runtime.ts';
import { insertAwaitingPaper, insertDistrict, testCipher } from '../../../test-support/awaiting-paper.ts';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import { claimPaperJob, findPaperJob, latestPaperJob, recordPaperJobProgress } from './paper-batch-jobs.repository.ts';
import { PAPER_JOB_LOCK_MS, PAPER_JOB_MAX_TRIES, requestPaperBatch, runNextPaperJob, runPaperJobs, type PaperJobDeps } from './paper-batch-jobs.service.ts';

// Paper batches in the background, on both engines: a request queues one
// job per district (a second joins it), a worker makes the batch and records
// its progress and result; a failure is kept with its code and marks
// nothing; a job whose worker died is taken again once its lock lapses, and
// given up after a few such runs. Times come from an injected clock.

const staff = (district: string, username = `${district}.official`) => ({ districtCode: district, username }) as StaffPrincipal;

forEachEngine('paper batch jobs', (ctx) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'taxstation-paper-jobs-'));
  let now = new Date('2026-08-03T01:00:00Z');
  const deps = (over: Partial<PaperJobDeps> = {}): PaperJobDeps => ({ db: ctx.db, cipher: testCipher, publicUrl: 'https://tax.example.go.kr', dataDir, clock: () => now, ...over });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  before(async () => {
    await insertDistrict(ctx.db, 'gangnam', { ko: '강남구', en: 'Gangnam-gu' }, 600);
    await insertDistrict(ctx.db, 'seocho', { ko: '서초구', en: 'Seocho-gu' });
    await insertDistrict(ctx.db, 'mapo', { ko: '마포구', en: 'Mapo-gu' });
  });

  test('a request queues one job per district; asking again joins it; a worker makes the batch and records it', async () => {
    await insertAwaitingPaper(ctx.db, 'gangnam', [{ name: '김민수' }, { name: '이영희', paid: true }, { name: '박철수' }]);
    await insertAwaitingPaper(ctx.db, 'seocho', [{ name: '서초주민' }]);
    const first = await requestPaperBatch(ctx.db, staff('gangnam'));
    assert.equal(first.created, true);
    assert.equal(first.job.state, 'queued');
    const second = await requestPaperBatch(ctx.db, staff('gangnam', 'gangnam.admin'));
    assert.deepEqual([second.created, second.job.id], [false, first.job.id], 'one batch at a time per district');
    const other = await requestPaperBatch(ctx.db, staff('seocho'));
    assert.notEqual(other.job.id, first.job.id, 'another district has its own');

    const done = await runNextPaperJob(deps());
    assert.equal(done?.id, first.job.id, 'the oldest first');
    const job = await findPaperJob(ctx.db, 'gangnam', first.job.id);
    assert.equal(job?.state, 'done');
    assert.ok(job?.batchId);
    assert.deepEqual([job.total, job.handled, job.withdrawnPaid, job.tries, job.requestedBy], [3, 3, 1, 1, 'gangnam.official']);
    assert.deepEqual([job.startedAt?.toISOString(), job.finishedAt?.toISOString()], [now.toISOString(), now.toISOString()]);
    assert.ok(existsSync(join(dataDir, 'paper', 'gangnam', `batch-${job.batchId}.pdf`)), 'written where the console’s batches always were');
    const { rows } = await ctx.db.query<{ created_by: string; notices: number }>('SELECT created_by, notices FROM paper_batches WHERE id = $1', [job.batchId]);
    assert.deepEqual(rows[0], { created_by: 'gangnam.official', notices: 2 }, 'the batch is the one who asked for it');
    assert.equal(await findPaperJob(ctx.db, 'seocho', first.job.id), null, 'another district’s job is not found');

    assert.equal(await runPaperJobs(deps()), 1, 'Seocho’s, then nothing waits');
    assert.equal(await runNextPaperJob(deps()), null);
    const again = await requestPaperBatch(ctx.db, staff('gangnam'));
    assert.equal(again.created, true, 'a new one once the last is over');
    await runNextPaperJob(deps());
    const empty = await findPaperJob(ctx.db, 'gangnam', again.job.id);
    assert.deepEqual([empty?.state, empty?.batchId, empty?.total], ['done', null, 0], 'nothing waited: done, no batch');
  });

  test('a batch that fails is recorded with its code, marks nothing, and a new request may try again', async () => {
    const [waiting] = await insertAwaitingPaper(ctx.db, 'mapo', [{ name: '마포주민' }]);
    const blocked = join(dataDir, 'not-a-folder');
    writeFileSync(blocked, 'x');
    const { job } = await requestPaperBatch(ctx.db, staff('mapo'));
    const failed = await runNextPaperJob(deps({ dataDir: blocked }));
    assert.deepEqual([failed?.state, failed?.errorCode], ['failed', 'paper_batch_write_failed']);
    const stored = await findPaperJob(ctx.db, 'mapo', job.id);
    assert.deepEqual([stored?.state, stored?.errorCode, stored?.batchId], ['failed', 'paper_batch_write_failed', null]);
    const { rows } = await ctx.db.query<{ state: string }>('SELECT state FROM messages WHERE id = $1', [waiting!.messageId]);
    assert.equal(rows[0]!.state, 'awaiting_paper', 'nothing was marked');
    const retry = await requestPaperBatch(ctx.db, staff('mapo'));
    assert.equal(retry.created, true);
    assert.equal((await runNextPaperJob(deps()))?.state, 'done');
  });

  test('a job whose worker died is taken again once its lock lapses, and given up after a few runs', async () => {
    await insertAwaitingPaper(ctx.db, 'gangnam', [{ name: '정대현' }]);
    const { job } = await requestPaperBatch(ctx.db, staff('gangnam'));
    // A worker takes it and dies (its claim is all that happens).
    const lock = new Date(now.getTime() + PAPER_JOB_LOCK_MS);
    assert.equal((await claimPaperJob(ctx.db, now, lock))?.id, job.id);
    assert.equal(await runNextPaperJob(deps()), null, 'held while its lock lasts');
    await recordPaperJobProgress(ctx.db, job.id, 1, lock);
    assert.equal((await latestPaperJob(ctx.db, 'gangnam'))?.handled, 1, 'progress is kept while it runs');
    assert.equal((await requestPaperBatch(ctx.db, staff('gangnam'))).job.id, job.id, 'a request meanwhile joins it');

    now = new Date(lock.getTime() + 1000);
    const rerun = await runNextPaperJob(deps());
    assert.deepEqual([rerun?.id, rerun?.state, rerun?.tries], [job.id, 'done', 2], 'taken again and finished');

    // One that kills its worker every time is given up.
    await insertAwaitingPaper(ctx.db, 'gangnam', [{ name: '한결' }]);
    const doomed = (await requestPaperBatch(ctx.db, staff('gangnam'))).job;
    for (let i = 0; i < PAPER_JOB_MAX_TRIES; i += 1) {
      assert.equal((await claimPaperJob(ctx.db, now, new Date(now.getTime() + PAPER_JOB_LOCK_MS)))?.id, doomed.id);
      now = new Date(now.getTime() + PAPER_JOB_LOCK_MS + 1000);
    }
    const given = await runNextPaperJob(deps());
    assert.deepEqual([given?.id, given?.state, given?.errorCode], [doomed.id, 'failed', 'paper_batch_gave_up']);
    await recordPaperJobProgress(ctx.db, doomed.id, 5, now);
    assert.equal((await findPaperJob(ctx.db, 'gangnam', doomed.id))?.handled, 0, 'a finished job never moves');
  });

  test('progress is committed chunk by chunk and seen while the batch runs, on either engine; nothing is marked until the end', async () => {
    const made = await insertAwaitingPaper(ctx.db, 'mapo', Array.from({ length: 5 }, (_, i) => ({ name: `마포${i}` })));
    const ids = made.map((m) => m.messageId);
    const { job } = await requestPaperBatch(ctx.db, staff('mapo'));
    const seen: [number, number, string[]][] = [];
    const done = await runNextPaperJob(
      deps({
        chunkSize: 2,
        // Read from another request's point of view while the batch goes on (on PGlite a transaction held open would stall this read).
        onProgress: async () => {
          const current = await findPaperJob(ctx.db, 'mapo', job.id);
          const { rows } = await ctx.db.query<{ state: string }>('SELECT DISTINCT state FROM messages WHERE id = ANY($1::bigint[])', [ids]);
          seen.push([current!.handled, current!.total, rows.map((r) => r.state)]);
        },
      }),
    );
    assert.equal(done?.state, 'done');
    assert.deepEqual(seen, [
      [0, 5, ['awaiting_paper']],
      [2, 5, ['awaiting_paper']],
      [4, 5, ['awaiting_paper']],
      [5, 5, ['awaiting_paper']],
    ]);
    const { rows } = await ctx.db.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM messages WHERE id = ANY($1::bigint[]) GROUP BY state', [ids]);
    assert.deepEqual(rows, [{ state: 'paper', n: 5 }], 'all marked at the end, once');
  });

  test('a worker of the delivery runtime (serve’s or work’s) takes a job by itself', async () => {
    await insertAwaitingPaper(ctx.db, 'seocho', [{ name: '서초구민' }]);
    const config = loadConfig({ NODE_ENV: 'test', TAXSTATION_ENCRYPTION_KEY: randomBytes(32).toString('base64'), TAXSTATION_DATA_DIR: dataDir, TAXSTATION_LOG_LEVEL: 'silent' });
    const runtime = await startDeliveryRuntime({ config, db: ctx.db, log: createLogger({ level: 'silent' }), cipher: testCipher }, { worker: true, bounceListener: false, providers: [], idleMs: 20 });
    try {
      const { job } = await requestPaperBatch(ctx.db, staff('seocho'));
      // The worker runs on its own clock: asked every 20 ms until it is done, for at most two minutes.
      const deadline = Date.now() + 120_000;
      let seen = await findPaperJob(ctx.db, 'seocho', job.id);
      while (seen?.state !== 'done' && seen?.state !== 'failed' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        seen = await findPaperJob(ctx.db, 'seocho', job.id);
      }
      assert.equal(seen?.state, 'done');
      assert.ok(seen.batchId);
      assert.ok(existsSync(join(dataDir, 'paper', 'seocho', `batch-${seen.batchId}.pdf`)));
    } finally {
      await runtime.close();
    }
  });

  test('the database keeps one active job per district and a finished job’s time', async () => {
    await assert.rejects(
      ctx.db.query(`INSERT INTO paper_batch_jobs (district_code, requested_by, state) VALUES ('seocho', 'x', 'queued'), ('seocho', 'y', 'queued')`),
      'two active jobs of one district are refused',
    );
    await assert.rejects(ctx.db.query(`INSERT INTO paper_batch_jobs (district_code, requested_by, state) VALUES ('seocho', 'x', 'done')`), 'done without a finishing time');
  });
});
