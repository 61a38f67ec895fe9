import type { Queryable } from '../../platform/db/database.ts';

// Paper batches asked for from the console and made in the background
// (migration 0032): the request queues a job, a worker claims it, counts
// its progress and records the batch it made or why it failed. One job at a
// time per district (a batch takes all the district's notices waiting for
// paper); a second request while one is queued or running joins it.

export type PaperJobState = 'queued' | 'running' | 'done' | 'failed';

export interface PaperJob {
  id: number;
  districtCode: string;
  requestedBy: string;
  state: PaperJobState;
  total: number;
  handled: number;
  tries: number;
  batchId: number | null;
  withdrawnPaid: number;
  errorCode: string | null;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

interface JobRow {
  id: number;
  district_code: string;
  requested_by: string;
  state: PaperJobState;
  total: number;
  handled: number;
  tries: number;
  batch_id: number | null;
  withdrawn_paid: number;
  error_code: string | null;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const COLUMNS = 'id, district_code, requested_by, state, total, handled, tries, batch_id, withdrawn_paid, error_code, requested_at, started_at, finished_at';

function toJob(r: JobRow): PaperJob {
  return {
    id: Number(r.id),
    districtCode: r.district_code,
    requestedBy: r.requested_by,
    state: r.state,
    total: r.total,
    handled: r.handled,
    tries: r.tries,
    batchId: r.batch_id === null ? null : Number(r.batch_id),
    withdrawnPaid: r.withdrawn_paid,
    errorCode: r.error_code,
    requestedAt: new Date(r.requested_at),
    startedAt: r.started_at ? new Date(r.started_at) : null,
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
  };
}

/** Queues a batch for the district, or finds the one queued or running already (created: false). */
export async function requestPaperJob(q: Queryable, districtCode: string, requestedBy: string): Promise<{ job: PaperJob; created: boolean }> {
  for (;;) {
    const { rows } = await q.query<JobRow>(
      `INSERT INTO paper_batch_jobs (district_code, requested_by) VALUES ($1, $2)
       ON CONFLICT (district_code) WHERE state IN ('queued', 'running') DO NOTHING
       RETURNING ${COLUMNS}`,
      [districtCode, requestedBy],
    );
    if (rows[0]) return { job: toJob(rows[0]), created: true };
    const { rows: active } = await q.query<JobRow>(
      `SELECT ${COLUMNS} FROM paper_batch_jobs WHERE district_code = $1 AND state IN ('queued', 'running')`,
      [districtCode],
    );
    // Finished between the two statements: queue a new one.
    if (active[0]) return { job: toJob(active[0]), created: false };
  }
}

/**
 * Takes the oldest job waiting, or one whose worker stopped (running, its
 * lock lapsed), for this worker until `lockUntil`; null when none.
 */
export async function claimPaperJob(q: Queryable, now: Date, lockUntil: Date): Promise<PaperJob | null> {
  const { rows } = await q.query<JobRow>(
    `UPDATE paper_batch_jobs SET state = 'running', tries = tries + 1, handled = 0, started_at = coalesce(started_at, $1), locked_until = $2
      WHERE id = (SELECT id FROM paper_batch_jobs
                   WHERE state = 'queued' OR (state = 'running' AND locked_until < $1)
                   ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
    [now, lockUntil],
  );
  return rows[0] ? toJob(rows[0]) : null;
}

/**
 * Takes this one job, when it is waiting or its worker stopped (its lock
 * lapsed), for this worker until `lockUntil`; null when it is finished or
 * another worker holds it. (`paper batch --wait` makes the job it asked for.)
 */
export async function claimPaperJobById(q: Queryable, id: number, now: Date, lockUntil: Date): Promise<PaperJob | null> {
  const { rows } = await q.query<JobRow>(
    `UPDATE paper_batch_jobs SET state = 'running', tries = tries + 1, handled = 0, started_at = coalesce(started_at, $2), locked_until = $3
      WHERE id = (SELECT id FROM paper_batch_jobs
                   WHERE id = $1 AND (state = 'queued' OR (state = 'running' AND locked_until < $2))
                   FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
    [id, now, lockUntil],
  );
  return rows[0] ? toJob(rows[0]) : null;
}

/** How many notices the running job has to print (counted when it starts). */
export async function setPaperJobTotal(q: Queryable, id: number, total: number): Promise<void> {
  await q.query(`UPDATE paper_batch_jobs SET total = $2 WHERE id = $1 AND state = 'running'`, [id, total]);
}

/** Notices handled so far; keeps the lock while the worker is alive. Never moves a finished job. */
export async function recordPaperJobProgress(q: Queryable, id: number, handled: number, lockUntil: Date): Promise<void> {
  await q.query(
    `UPDATE paper_batch_jobs SET handled = greatest(handled, $2), total = greatest(total, $2), locked_until = $3 WHERE id = $1 AND state = 'running'`,
    [id, handled, lockUntil],
  );
}

export async function finishPaperJob(q: Queryable, id: number, r: { batchId: number | null; handled: number; withdrawnPaid: number }, now: Date): Promise<void> {
  await q.query(
    `UPDATE paper_batch_jobs
        SET state = 'done', batch_id = $2, handled = $3, total = greatest(total, $3), withdrawn_paid = $4, finished_at = $5, locked_until = NULL
      WHERE id = $1 AND state = 'running'`,
    [id, r.batchId, r.handled, r.withdrawnPaid, now],
  );
}

export async function failPaperJob(q: Queryable, id: number, errorCode: string, now: Date): Promise<void> {
  await q.query(
    `UPDATE paper_batch_jobs SET state = 'failed', error_code = $2, finished_at = $3, locked_until = NULL WHERE id = $1 AND state = 'running'`,
    [id, errorCode.slice(0, 60), now],
  );
}

/** One job of the district (another district's is not found). */
export async function findPaperJob(q: Queryable, districtCode: string, id: number): Promise<PaperJob | null> {
  const { rows } = await q.query<JobRow>(`SELECT ${COLUMNS} FROM paper_batch_jobs WHERE district_code = $1 AND id = $2`, [districtCode, id]);
  return rows[0] ? toJob(rows[0]) : null;
}

/** The district's newest job (the one the season page shows), or null. */
export async function latestPaperJob(q: Queryable, districtCode: string): Promise<PaperJob | null> {
  const { rows } = await q.query<JobRow>(`SELECT ${COLUMNS} FROM paper_batch_jobs WHERE district_code = $1 ORDER BY id DESC LIMIT 1`, [districtCode]);
  return rows[0] ? toJob(rows[0]) : null;
}
