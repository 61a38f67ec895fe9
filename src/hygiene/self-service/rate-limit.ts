import type { Queryable } from '../../platform/db/database.ts';

// Fixed-window request counters in the database, so that every serve
// process counts against the same limit. One row per key and window; old
// windows are swept now and then by whoever passes.

export interface RateLimit {
  /** e.g. 'link:42', 'addr:203.0.113.7' */
  key: string;
  windowSeconds: number;
  max: number;
}

export interface RateDecision {
  allowed: boolean;
  hits: number;
  /** Seconds until the window ends. */
  retryAfter: number;
}

/** Counts one request against each limit; allowed only when none is exceeded. */
export async function hitRateLimits(q: Queryable, limits: readonly RateLimit[]): Promise<RateDecision> {
  let worst: RateDecision = { allowed: true, hits: 0, retryAfter: 0 };
  for (const limit of limits) {
    const { rows } = await q.query<{ hits: number; retry_after: number }>(
      `WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / $2::int) * $2::int) AS start)
       INSERT INTO request_counters (key, window_start, hits)
       SELECT $1, w.start, 1 FROM w
       ON CONFLICT (key, window_start) DO UPDATE SET hits = request_counters.hits + 1
       RETURNING hits, ceil(extract(epoch FROM (window_start + make_interval(secs => $2::int)) - now()))::int AS retry_after`,
      [limit.key, limit.windowSeconds],
    );
    const hits = rows[0]!.hits;
    if (hits > limit.max) worst = { allowed: false, hits, retryAfter: Math.max(1, rows[0]!.retry_after) };
  }
  if (Math.random() < 0.01) await sweepRateLimits(q);
  return worst;
}

export async function sweepRateLimits(q: Queryable): Promise<number> {
  const { rowCount } = await q.query(`DELETE FROM request_counters WHERE window_start < now() - interval '1 day'`);
  return rowCount;
}
