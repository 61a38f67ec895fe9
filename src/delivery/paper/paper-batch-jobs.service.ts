import { join } from 'node:path';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import type { Logger } from '../../platform/logger.ts';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import { countAwaitingPaper, createPaperBatch } from './paper-batch.service.ts';
import { paperBatchMessages } from './paper-batches.messages.ts';
import {
  claimPaperJob,
  claimPaperJobById,
  findPaperJob,
  failPaperJob,
  finishPaperJob,
  recordPaperJobProgress,
  requestPaperJob,
  setPaperJobTotal,
  type PaperJob,
} from './paper-batch-jobs.repository.ts';

// Paper batches in the background (issue 19): the console's button, the
// API (POST /api/paper-batches, 202) and `paper batch` queue a job and answer
// at once; a worker (serve's, or a `work` process, or `paper batch --wait`
// for the job it asked for) takes the job, makes the batch
// (paper-batch.service.ts, all or nothing) and counts its progress on the job
// as it goes, so that the season's page, the API's status and the command
// line show how far it is and the download when it is ready. Every batch is
// made here (runClaimedPaperJob), whoever asked for it.
//
// Progress is committed after each chunk of notices printed, in its own
// short statement: the batch writes its files outside any transaction and
// marks the notices in one short transaction at the end (all or nothing,
// paper-batch.service.ts), so progress shows on PostgreSQL and on PGlite
// (one connection) alike. A worker that dies leaves the job 'running' until
// its lock lapses; another worker then makes the batch again from the start
// (the lost run marked nothing; its *.partial files are left, never named
// as a batch's).

/** How long a worker holds a job without a sign of life (each progress step renews it). */
export const PAPER_JOB_LOCK_MS = 10 * 60_000;
/** Runs of one job before it is given up (a batch that kills its worker every time). */
export const PAPER_JOB_MAX_TRIES = 3;

export interface PaperJobDeps {
  db: Database;
  cipher: PersonalDataCipher;
  /** Base of the payment links printed as QR codes. */
  publicUrl: string;
  /** Batches are written to <dataDir>/paper/<district>. */
  dataDir: string;
  log?: Logger;
  clock?: () => Date;
  /** Told the number of notices handled as the batch goes, once it is recorded on the job (the command line's progress bar); awaited. */
  onProgress?: (handled: number, total: number) => void | Promise<void>;
  /** Notices printed per chunk, each chunk's progress committed (tests; default paper-batch.service.ts's). */
  chunkSize?: number;
}

/** The deps a worker of this installation uses (the same folder and links as the console's batches always had). */
export function paperJobDepsOf(deps: Pick<AppDeps, 'config' | 'db' | 'cipher' | 'log' | 'clock'>): PaperJobDeps {
  const c = deps.config;
  return {
    db: deps.db,
    cipher: deps.cipher,
    publicUrl: c.TAXSTATION_PUBLIC_URL ?? `http://${c.TAXSTATION_HOST}:${c.TAXSTATION_PORT}`,
    dataDir: c.dataDir,
    log: deps.log,
    clock: deps.clock,
  };
}

/** Queues a batch of the district's notices waiting for paper (or joins the one queued or running). */
export async function requestPaperBatch(db: Database, staff: StaffPrincipal): Promise<{ job: PaperJob; created: boolean }> {
  return requestPaperJob(db, staff.districtCode, staff.username);
}

/**
 * Takes the next job and makes its batch; the job, finished or failed, or
 * null when none was waiting. Never throws for the batch's own failure: that
 * is recorded on the job with its code, for the page to say in words.
 */
export async function runNextPaperJob(deps: PaperJobDeps): Promise<PaperJob | null> {
  const now = deps.clock?.() ?? new Date();
  const job = await claimPaperJob(deps.db, now, new Date(now.getTime() + PAPER_JOB_LOCK_MS));
  return job ? runClaimedPaperJob(deps, job) : null;
}

/**
 * Takes this job, if it is waiting (or its worker stopped), and makes its
 * batch; null when it is finished or another worker is making it.
 */
export async function runPaperJob(deps: PaperJobDeps, id: number): Promise<PaperJob | null> {
  const now = deps.clock?.() ?? new Date();
  const job = await claimPaperJobById(deps.db, id, now, new Date(now.getTime() + PAPER_JOB_LOCK_MS));
  return job ? runClaimedPaperJob(deps, job) : null;
}

export interface AwaitPaperJobOptions {
  /** Called with the job as it is read while another worker makes it. */
  onProgress?: (job: PaperJob) => void;
  /** Waits between two readings of a job another worker makes (the command line: a second). */
  pause: () => Promise<void>;
}

/**
 * Sees the district's job through to its end: makes it in this process when
 * no worker has taken it (or its worker stopped), else follows the worker
 * that has. The job as it ended.
 */
export async function awaitPaperJob(deps: PaperJobDeps, districtCode: string, id: number, o: AwaitPaperJobOptions): Promise<PaperJob> {
  for (;;) {
    const current = await findPaperJob(deps.db, districtCode, id);
    if (!current) throw new AppError('paper_job_not_found', 404, paperBatchMessages.both('job_not_found', { id }));
    if (current.state === 'done' || current.state === 'failed') return current;
    o.onProgress?.(current);
    const ran = await runPaperJob({ ...deps, onProgress: (handled, total) => o.onProgress?.({ ...current, state: 'running', handled, total }) }, id);
    if (ran) return (await findPaperJob(deps.db, districtCode, id)) ?? ran;
    await o.pause();
  }
}

/** Makes the batch of a job this worker has claimed (one code path for the console's, the API's and the command line's). */
async function runClaimedPaperJob(deps: PaperJobDeps, job: PaperJob): Promise<PaperJob> {
  const now = () => deps.clock?.() ?? new Date();
  const lockUntil = () => new Date(now().getTime() + PAPER_JOB_LOCK_MS);
  if (job.tries > PAPER_JOB_MAX_TRIES) {
    await failPaperJob(deps.db, job.id, 'paper_batch_gave_up', now());
    deps.log?.error({ jobId: job.id, district: job.districtCode, tries: job.tries }, 'paper batch job given up after its worker stopped too often');
    return { ...job, state: 'failed', errorCode: 'paper_batch_gave_up' };
  }
  const total = await countAwaitingPaper(deps.db, job.districtCode);
  await setPaperJobTotal(deps.db, job.id, total);
  deps.onProgress?.(0, total);

  // Each chunk's count is committed before the next chunk is read: no transaction is open
  // meanwhile (paper-batch.service.ts), so the page and the API see it on either engine.
  const progress = async (handled: number) => {
    await recordPaperJobProgress(deps.db, job.id, handled, lockUntil()).catch((error: unknown) => deps.log?.warn({ err: error, jobId: job.id }, 'paper batch progress not recorded'));
    await deps.onProgress?.(handled, total);
  };

  try {
    const result = await createPaperBatch(
      { db: deps.db, cipher: deps.cipher, publicUrl: deps.publicUrl },
      { districtCode: job.districtCode, outDir: join(deps.dataDir, 'paper', job.districtCode), createdBy: job.requestedBy, onProgress: progress, chunkSize: deps.chunkSize },
    );
    const handled = result.notices + result.withdrawnPaid;
    await finishPaperJob(deps.db, job.id, { batchId: result.batchId, handled, withdrawnPaid: result.withdrawnPaid }, now());
    deps.log?.info({ jobId: job.id, district: job.districtCode, batchId: result.batchId, notices: result.notices, withdrawnPaid: result.withdrawnPaid }, 'paper batch made');
    return { ...job, state: 'done', batchId: result.batchId, handled, withdrawnPaid: result.withdrawnPaid };
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'paper_batch_failed';
    await failPaperJob(deps.db, job.id, code, now());
    deps.log?.error({ err: error, jobId: job.id, district: job.districtCode }, 'paper batch failed');
    return { ...job, state: 'failed', errorCode: code };
  }
}

/** Runs jobs until none waits (tests, and a worker's round). */
export async function runPaperJobs(deps: PaperJobDeps): Promise<number> {
  let n = 0;
  while (await runNextPaperJob(deps)) n += 1;
  return n;
}
