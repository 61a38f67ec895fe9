import type { Queryable } from '../db/database.ts';

// The rate limits' two tables (migration 0017):
//   rate_limit_counters  one row per key: its current window and the hits in
//                        it (window-counters.ts: exact, counted before the
//                        check, shared by every process);
//   rate_limit_usage     what each process let through per key and second,
//                        for the token buckets shared in the background
//                        (shared-token-buckets.ts).

export interface CounterHit {
  key: string;
  windowSeconds: number;
  /** 'clock': windows every windowSeconds since the epoch; 'first_hit': a window starts at the first hit after the last one ended. */
  windowStart: 'clock' | 'first_hit';
}

export interface CounterState {
  key: string;
  /** Hits in the current window, this one included. */
  hits: number;
  /** Seconds until the current window ends (at least 1). */
  retryAfter: number;
}

// A row's window is current while it started less than its length ago: a
// clock window that started at an earlier multiple of its length has ended.
const FRESH_START = `CASE WHEN x.on_clock THEN to_timestamp(floor(extract(epoch FROM now()) / x.secs) * x.secs) ELSE now() END`;

/**
 * Counts one hit on each key in one statement and returns the counts. The
 * rows are locked until the caller's transaction ends, in the order given
 * (callers sort the keys, so two never wait on each other crosswise).
 */
export async function addHits(q: Queryable, hits: readonly CounterHit[]): Promise<CounterState[]> {
  const { rows } = await q.query<{ key: string; hits: number; retry_after: number }>(
    `INSERT INTO rate_limit_counters AS c (key, window_seconds, window_started_at, hits)
     SELECT x.key, x.secs, ${FRESH_START}, 1
       FROM unnest($1::text[], $2::int[], $3::boolean[]) WITH ORDINALITY AS x(key, secs, on_clock, n)
      ORDER BY x.n
     ON CONFLICT (key) DO UPDATE SET
       window_seconds = EXCLUDED.window_seconds,
       window_started_at = CASE WHEN c.window_started_at > now() - make_interval(secs => EXCLUDED.window_seconds)
                                THEN c.window_started_at ELSE EXCLUDED.window_started_at END,
       hits = CASE WHEN c.window_started_at > now() - make_interval(secs => EXCLUDED.window_seconds) THEN c.hits + 1 ELSE 1 END
     RETURNING c.key, c.hits, ceil(extract(epoch FROM c.window_started_at + make_interval(secs => c.window_seconds) - now()))::int AS retry_after`,
    [hits.map((h) => h.key), hits.map((h) => h.windowSeconds), hits.map((h) => h.windowStart === 'clock')],
  );
  return rows.map((r) => ({ key: r.key, hits: r.hits, retryAfter: Math.max(1, r.retry_after) }));
}

/** The hits of the key's current window without counting one (0 when its window has ended). */
export async function readHits(q: Queryable, hit: CounterHit): Promise<CounterState> {
  const { rows } = await q.query<{ hits: number; retry_after: number }>(
    `WITH x AS (SELECT $2::int AS secs, $3::boolean AS on_clock), w AS (SELECT ${FRESH_START} AS fresh FROM x)
     SELECT coalesce(c.hits, 0) AS hits,
            ceil(extract(epoch FROM coalesce(c.window_started_at, w.fresh) + make_interval(secs => $2::int) - now()))::int AS retry_after
       FROM w LEFT JOIN rate_limit_counters c ON c.key = $1 AND c.window_started_at > now() - make_interval(secs => $2::int)`,
    [hit.key, hit.windowSeconds, hit.windowStart === 'clock'],
  );
  return { key: hit.key, hits: rows[0]!.hits, retryAfter: Math.max(1, rows[0]!.retry_after) };
}

/** Takes one hit back from the key's count (never below zero). */
export async function subtractHit(q: Queryable, key: string): Promise<void> {
  await q.query('UPDATE rate_limit_counters SET hits = greatest(hits - 1, 0) WHERE key = $1', [key]);
}

export async function deleteCounter(q: Queryable, key: string): Promise<void> {
  await q.query('DELETE FROM rate_limit_counters WHERE key = $1', [key]);
}

/** Keys starting with the prefix (compared exactly, no wildcards) with hits in their current window. */
export async function countLiveKeys(q: Queryable, prefix: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM rate_limit_counters
      WHERE starts_with(key, $1) AND hits > 0 AND window_started_at > now() - make_interval(secs => window_seconds)`,
    [prefix],
  );
  return rows[0]!.n;
}

/** Deletes counters whose window ended; a window more than an hour old first, so the index finds them. */
export async function deleteEndedCounters(q: Queryable): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM rate_limit_counters
      WHERE window_started_at < now() - interval '1 hour' AND window_started_at + make_interval(secs => window_seconds) < now()`,
  );
  return rowCount;
}

/** Adds what this process let through per key to its row of the current second. */
export async function addUsage(q: Queryable, limiter: string, processId: string, used: ReadonlyMap<string, number>): Promise<void> {
  await q.query(
    `INSERT INTO rate_limit_usage (limiter, address, process_id, window_start, used)
     SELECT $1, u.address, $2, date_trunc('second', now()), u.used FROM unnest($3::text[], $4::int[]) AS u(address, used)
     ON CONFLICT (limiter, address, process_id, window_start) DO UPDATE SET used = rate_limit_usage.used + EXCLUDED.used`,
    [limiter, processId, [...used.keys()].map((k) => k.slice(0, 100)), [...used.values()]],
  );
}

export interface UsageRow {
  key: string;
  processId: string;
  /** The second, in epoch seconds. */
  window: number;
  used: number;
}

/**
 * The other processes' use of a limiter since `sinceEpochSeconds`, at most
 * `memorySeconds` back, and the database's clock (epoch seconds) at the read.
 */
export async function readOthersUsage(
  q: Queryable,
  limiter: string,
  processId: string,
  memorySeconds: number,
  sinceEpochSeconds: number,
): Promise<{ rows: UsageRow[]; dbNow: number }> {
  const { rows } = await q.query<{ address: string | null; process_id: string | null; w: number | null; used: number | null; db_now: number }>(
    `SELECT u.address, u.process_id, extract(epoch FROM u.window_start)::float8 AS w, u.used, extract(epoch FROM n.db_now)::float8 AS db_now
       FROM (SELECT now() AS db_now) n
       LEFT JOIN rate_limit_usage u ON u.limiter = $1 AND u.process_id <> $2
        AND u.window_start >= greatest(n.db_now - make_interval(secs => $3), to_timestamp($4))`,
    [limiter, processId, memorySeconds, sinceEpochSeconds],
  );
  return {
    rows: rows.filter((r) => r.address !== null).map((r) => ({ key: r.address!, processId: r.process_id!, window: r.w!, used: r.used! })),
    dbNow: rows[0]!.db_now,
  };
}

export async function deleteOldUsage(q: Queryable, limiter: string, olderThanSeconds: number): Promise<void> {
  await q.query(`DELETE FROM rate_limit_usage WHERE limiter = $1 AND window_start < now() - make_interval(secs => $2)`, [limiter, olderThanSeconds]);
}
