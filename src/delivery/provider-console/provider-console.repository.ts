import type { Queryable } from '../../platform/db/database.ts';

// The console's providers page: a district's failed attempts since a moment,
// counted per provider and failure cause (delivery owns delivery_attempts).

export interface ProviderCauseCount {
  provider: string;
  cause: string;
  count: number;
}

/**
 * The provider is the attempt's own when the service accepted it; an attempt
 * refused at send time has none there, so it is read from the attempt's
 * 'attempt_failed' event. Failures no provider saw (no contact) are left out.
 */
export async function failedAttemptsByCause(q: Queryable, districtCode: string, since: Date): Promise<ProviderCauseCount[]> {
  const { rows } = await q.query<{ provider: string; cause: string; count: string | number }>(
    `SELECT f.provider, f.cause, count(*) AS count
       FROM (SELECT COALESCE(a.provider,
                             (SELECT e.provider FROM message_events e
                               WHERE e.message_id = a.message_id AND e.attempt_id = a.id AND e.event = 'attempt_failed'
                               ORDER BY e.id DESC LIMIT 1)) AS provider,
                    COALESCE(a.failure_cause, 'provider_error') AS cause
               FROM delivery_attempts a
              WHERE a.district_code = $1 AND a.state = 'failed' AND a.final_at >= $2) f
      WHERE f.provider IS NOT NULL
      GROUP BY f.provider, f.cause
      ORDER BY f.provider, count(*) DESC, f.cause`,
    [districtCode, since],
  );
  return rows.map((r) => ({ provider: r.provider, cause: r.cause, count: Number(r.count) }));
}
