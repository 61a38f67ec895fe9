import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { api, noticeNo, postEmpty, startDeliveryConsoleScenario, type DeliveryConsoleScenario } from '../delivery-console.test-support.ts';
import { claimPaperJobById, failPaperJob, recordPaperJobProgress } from './paper-batch-jobs.repository.ts';
import { PAPER_JOB_LOCK_MS, paperJobDepsOf, runPaperJobs } from './paper-batch-jobs.service.ts';

// The paper batches API over real HTTP on both engines: asking for a batch
// answers 202 with a job at once; its status is polled while the worker
// (driven here, as serve's would) makes it; once done it names the batch,
// whose PDF and mail-house manifest download; nothing waits the second time.
// Another district's jobs and batches are out of reach, other roles are
// refused, and a failure is said in words.

interface Job {
  id: number;
  state: string;
  total: number;
  handled: number;
  withdrawnPaid: number;
  requestedBy: string;
  statusUrl: string;
  batch: { id: number; notices: number; costKrw: number; pdfUrl: string; manifestUrl: string } | null;
  error: { code: string; message: string } | null;
}

forEachEngine('paper batches: API', (ctx) => {
  let s: DeliveryConsoleScenario;
  before(async () => {
    s = await startDeliveryConsoleScenario(ctx.db);
  });
  after(async () => {
    await s?.server.close();
  });
  const status = async (id: number) => {
    const r = await api(s.official, `/api/paper-batch-jobs/${id}`);
    assert.equal(r.status, 200);
    return ((await r.json()) as { job: Job }).job;
  };

  test('asking answers 202 with a job; its status follows the worker; when done the batch downloads; then nothing waits', async () => {
    assert.equal((await postEmpty(s.anonymous, '/api/paper-batches')).status, 401);
    assert.equal((await postEmpty(s.desk, '/api/paper-batches')).status, 403, 'a desk agent makes no batch');
    const asked = await postEmpty(s.official, '/api/paper-batches');
    assert.equal(asked.status, 202);
    const { job } = (await asked.json()) as { job: Job };
    assert.equal(asked.headers.get('location'), `/api/paper-batch-jobs/${job.id}`);
    assert.deepEqual([job.state, job.handled, job.batch, job.error, job.statusUrl], ['queued', 0, null, null, `/api/paper-batch-jobs/${job.id}`]);
    const again = (await (await postEmpty(s.official, '/api/paper-batches')).json()) as { job: Job };
    assert.equal(again.job.id, job.id, 'asking again while it waits answers the same job');
    assert.equal((await status(job.id)).state, 'queued');

    // Another district's official and another role are refused the status; an unknown job is named in words.
    const foreign = await api(s.seocho, `/api/paper-batch-jobs/${job.id}`);
    assert.equal(foreign.status, 404);
    assert.equal(((await foreign.json()) as { code: string }).code, 'paper_job_not_found');
    assert.equal((await api(s.desk, `/api/paper-batch-jobs/${job.id}`)).status, 403);
    assert.equal((await api(s.expert, `/api/paper-batch-jobs/${job.id}`)).status, 403);
    const missing = await api(s.official, '/api/paper-batch-jobs/999999?lang=en');
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { detail: string }).detail, /No paper batch job 999999 in your district/);
    assert.equal((await api(s.official, '/api/paper-batch-jobs/x')).status, 400);

    // A worker takes it and has handled one notice: the status says so.
    const now = new Date();
    assert.equal((await claimPaperJobById(ctx.db, job.id, now, new Date(now.getTime() + PAPER_JOB_LOCK_MS)))?.id, job.id);
    await recordPaperJobProgress(ctx.db, job.id, 1, new Date(now.getTime() + PAPER_JOB_LOCK_MS));
    const running = await status(job.id);
    assert.deepEqual([running.state, running.handled, running.batch], ['running', 1, null]);
    assert.equal((await runPaperJobs(paperJobDepsOf(s.server.deps))), 0, 'held by its worker while the lock lasts');
    // That worker stopped; the job is taken again once its lock lapses, from the start, and made.
    await ctx.db.query(`UPDATE paper_batch_jobs SET locked_until = now() - interval '1 second' WHERE id = $1`, [job.id]);
    assert.equal(await runPaperJobs(paperJobDepsOf(s.server.deps)), 1);

    const done = await status(job.id);
    assert.deepEqual([done.state, done.total, done.handled, done.withdrawnPaid, done.error], ['done', 2, 2, 0, null]);
    const batch = done.batch!;
    assert.equal(batch.notices, 2, 'B (its channel failed) and C (paper only) wait for paper');
    assert.ok(batch.costKrw > 0);
    assert.equal(batch.pdfUrl, `/api/paper-batches/${batch.id}/pdf`);
    const pdf = await s.official.request(batch.pdfUrl);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.match(pdf.headers.get('content-disposition') ?? '', /attachment; filename="paper-batch-\d+\.pdf"/);
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
    const manifest = await s.official.request(batch.manifestUrl);
    assert.equal(manifest.status, 200);
    const manifestText = await manifest.text();
    for (const notice of [s.notices.b, s.notices.c]) assert.ok(manifestText.includes(await noticeNo(ctx.db, notice)));
    assert.equal((await s.official.request('/api/paper-batches/999999/pdf')).status, 404);
    const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM message_events WHERE event = 'paper_reissued'`);
    assert.equal(rows[0]!.n, 2, 'the stopped run kept nothing: each notice printed once');

    const next = (await (await postEmpty(s.official, '/api/paper-batches')).json()) as { job: Job };
    assert.notEqual(next.job.id, job.id, 'a new job once the last is over');
    await runPaperJobs(paperJobDepsOf(s.server.deps));
    const empty = await status(next.job.id);
    assert.deepEqual([empty.state, empty.total, empty.batch], ['done', 0, null], 'nothing waited: done, no batch');
    const list = (await (await api(s.official, '/api/paper-batches')).json()) as { batches: { id: number; notices: number }[] };
    assert.deepEqual(list.batches.map((b) => [b.id, b.notices]), [[batch.id, 2]]);
    const summary = (await (await api(s.official, `/api/seasons/${s.seasonId}/summary`)).json()) as { paper: number; paper_cost_krw: number };
    assert.equal(summary.paper, 2);
    assert.equal(summary.paper_cost_krw, batch.costKrw);
  });

  test('a failed job says why in the caller’s language, from the catalogue', async () => {
    const { job } = (await (await postEmpty(s.official, '/api/paper-batches')).json()) as { job: Job };
    const now = new Date();
    await claimPaperJobById(ctx.db, job.id, now, new Date(now.getTime() + PAPER_JOB_LOCK_MS));
    await failPaperJob(ctx.db, job.id, 'paper_batch_write_failed', now);
    const en = ((await (await api(s.official, `/api/paper-batch-jobs/${job.id}?lang=en`)).json()) as { job: Job }).job;
    assert.equal(en.state, 'failed');
    assert.equal(en.error?.code, 'paper_batch_write_failed');
    assert.match(en.error!.message, /could not write the print files; no notice was marked/);
    const ko = ((await (await api(s.official, `/api/paper-batch-jobs/${job.id}?lang=ko`)).json()) as { job: Job }).job;
    assert.match(ko.error!.message, /인쇄 파일을 쓸 수 없어/);
  });

  test('district isolation: a Seocho official cannot list or download Gangnam’s batches', async () => {
    const batches = (await (await api(s.official, '/api/paper-batches')).json()) as { batches: { id: number }[] };
    const batchId = batches.batches[0]!.id;
    for (const path of [`/api/paper-batches/${batchId}/pdf`, `/api/paper-batches/${batchId}/manifest`]) assert.equal((await api(s.seocho, path)).status, 404, path);
    assert.deepEqual(((await (await api(s.seocho, '/api/paper-batches')).json()) as { batches: unknown[] }).batches, []);
  });
});
