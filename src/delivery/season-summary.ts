import type { Queryable } from '../platform/db/database.ts';

// The figures of a season, as the command prints them and the console shows them.

export interface SeasonSummary {
  season_id: number;
  notices: number;
  /** Taxpayers who applied for electronic notices (§30⑦), counted per notice. */
  applicants: number;
  final: number;
  pending: number;
  awaiting_paper: number;
  delivered: Record<string, number>;
  failed: Record<string, number>;
  /** Applicants whose electronic channels were all exhausted. */
  returned: number;
  paper: number;
  paper_cost_krw: number;
  withdrawn: number;
  /** Delivered electronically ÷ applicants not withdrawn. */
  electronic_delivery_rate: number;
}

export async function seasonSummary(q: Queryable, seasonId: number): Promise<SeasonSummary> {
  const { rows } = await q.query<{
    notices: number; applicants: number; final: number; pending: number; awaiting_paper: number;
    returned: number; paper: number; withdrawn: number; applicants_withdrawn: number; delivered_total: number;
  }>(
    `SELECT count(*)::int AS notices,
            count(*) FILTER (WHERE cardinality(plan) > 0)::int AS applicants,
            count(*) FILTER (WHERE final_at IS NOT NULL)::int AS final,
            count(*) FILTER (WHERE final_at IS NULL)::int AS pending,
            count(*) FILTER (WHERE state = 'awaiting_paper')::int AS awaiting_paper,
            count(*) FILTER (WHERE returned_at IS NOT NULL)::int AS returned,
            count(*) FILTER (WHERE state = 'paper')::int AS paper,
            count(*) FILTER (WHERE state = 'withdrawn')::int AS withdrawn,
            count(*) FILTER (WHERE state = 'withdrawn' AND cardinality(plan) > 0)::int AS applicants_withdrawn,
            count(*) FILTER (WHERE state = 'delivered')::int AS delivered_total
       FROM messages WHERE season_id = $1 AND kind = 'notice'`,
    [seasonId],
  );
  const totals = rows[0]!;
  const delivered = await q.query<{ channel: string; n: number }>(
    `SELECT delivered_channel AS channel, count(*)::int AS n FROM messages
      WHERE season_id = $1 AND kind = 'notice' AND state = 'delivered' GROUP BY 1 ORDER BY 1`,
    [seasonId],
  );
  const failed = await q.query<{ cause: string; n: number }>(
    `SELECT a.failure_cause AS cause, count(*)::int AS n
       FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
      WHERE m.season_id = $1 AND m.kind = 'notice' AND a.state = 'failed'
      GROUP BY 1 ORDER BY 2 DESC`,
    [seasonId],
  );
  const cost = await q.query<{ cost: number }>(
    `SELECT coalesce(sum(p.postage_per_page_krw), 0)::bigint AS cost
       FROM messages m JOIN paper_batches p ON p.id = m.paper_batch_id
      WHERE m.season_id = $1 AND m.kind = 'notice'`,
    [seasonId],
  );
  const eligible = totals.applicants - totals.applicants_withdrawn;
  return {
    season_id: seasonId,
    notices: totals.notices,
    applicants: totals.applicants,
    final: totals.final,
    pending: totals.pending,
    awaiting_paper: totals.awaiting_paper,
    delivered: Object.fromEntries(delivered.rows.map((r) => [r.channel, r.n])),
    failed: Object.fromEntries(failed.rows.map((r) => [r.cause, r.n])),
    returned: totals.returned,
    paper: totals.paper,
    paper_cost_krw: Number(cost.rows[0]?.cost ?? 0),
    withdrawn: totals.withdrawn,
    electronic_delivery_rate: eligible > 0 ? Math.round((totals.delivered_total / eligible) * 10000) / 10000 : 0,
  };
}
