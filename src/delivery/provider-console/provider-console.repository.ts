import type { Queryable } from '../../platform/db/database.ts';

// The console's providers page: a district's failed attempts since a moment,
// counted per provider and failure cause (delivery owns delivery_attempts).

export interface ProviderCauseCount {
  provider: string;
  cause: string;
  count: number;
}

export async function failedAttemptsByCause(q: Queryable, districtCode: string, since: Date): Promise<ProviderCauseCount[]> {
  const { rows } = await q.query<{ provider: string; cause: string; count: string | number }>(
    `SELECT provider, COALESCE(failure_cause, 'provider_error') AS cause, count(*) AS count
       FROM delivery_attempts
      WHERE district_code = $1 AND state = 'failed' AND final_at >= $2 AND provider IS NOT NULL
      GROUP BY provider, COALESCE(failure_cause, 'provider_error')
      ORDER BY provider, count(*) DESC, cause`,
    [districtCode, since],
  );
  return rows.map((r) => ({ provider: r.provider, cause: r.cause, count: Number(r.count) }));
}
