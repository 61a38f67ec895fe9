import type { Queryable } from '../../platform/db/database.ts';

// The delivery queue as Prometheus sees it at each scrape (queue.metrics.ts).
// Both read only the partial indexes of live attempts (queued, sending,
// accepted), never the finished ones, so a scrape costs the size of the
// queue, not of the season.

/** Live attempts per channel and state: queued (waiting), sending (claimed by a worker), accepted (awaiting a receipt). */
export async function queueDepth(q: Queryable): Promise<{ channel: string; state: string; n: number }[]> {
  const { rows } = await q.query<{ channel: string; state: string; n: number }>(
    `SELECT channel, state, count(*)::int AS n
       FROM delivery_attempts
      WHERE state IN ('queued', 'sending', 'accepted')
      GROUP BY channel, state`,
  );
  return rows;
}

/** Per channel: seconds since the oldest attempt still awaiting its receipt was accepted by the provider. */
export async function receiptLag(q: Queryable): Promise<{ channel: string; seconds: number }[]> {
  const { rows } = await q.query<{ channel: string; seconds: number }>(
    `SELECT channel, extract(epoch FROM now() - min(accepted_at))::float8 AS seconds
       FROM delivery_attempts
      WHERE state = 'accepted'
      GROUP BY channel`,
  );
  return rows;
}
