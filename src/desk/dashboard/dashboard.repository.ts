import type { Queryable } from '../../platform/db/database.ts';
import type { DeskDashboard } from './dashboard.schema.ts';

// Desk figures of one district over the last days: time waiting for an
// agent, time handled, satisfaction, and conversations per hour of the day
// (Seoul time).

const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

export async function deskDashboard(q: Queryable, districtCode: string, days = 7): Promise<DeskDashboard> {
  const { rows: t } = await q.query<{ n: number; wait_avg: unknown; wait_p90: unknown; handle_avg: unknown; handle_p90: unknown }>(
    `SELECT count(*)::int AS n,
            avg(extract(epoch FROM assigned_at - created_at)) AS wait_avg,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM assigned_at - created_at)) AS wait_p90,
            avg(extract(epoch FROM closed_at - assigned_at)) FILTER (WHERE closed_at IS NOT NULL) AS handle_avg,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - assigned_at)) FILTER (WHERE closed_at IS NOT NULL) AS handle_p90
       FROM conversations WHERE district_code = $1 AND created_at > now() - make_interval(days => $2::int)`,
    [districtCode, days],
  );
  const { rows: s } = await q.query<{ rating: number; n: number }>(
    `SELECT rating::int AS rating, count(*)::int AS n FROM desk_satisfaction
      WHERE district_code = $1 AND created_at > now() - make_interval(days => $2::int) GROUP BY rating`,
    [districtCode, days],
  );
  const { rows: h } = await q.query<{ hour: number; n: number }>(
    `SELECT extract(hour FROM created_at AT TIME ZONE 'Asia/Seoul')::int AS hour, count(*)::int AS n FROM conversations
      WHERE district_code = $1 AND created_at > now() - make_interval(days => $2::int) GROUP BY 1`,
    [districtCode, days],
  );
  const byRating = [1, 2, 3, 4, 5].map((r) => s.find((x) => Number(x.rating) === r)?.n ?? 0);
  const answers = byRating.reduce((a, b) => a + b, 0);
  return {
    days,
    conversations: t[0]!.n,
    waitingSeconds: { average: num(t[0]!.wait_avg), p90: num(t[0]!.wait_p90) },
    handlingSeconds: { average: num(t[0]!.handle_avg), p90: num(t[0]!.handle_p90) },
    satisfaction: { answers, average: answers ? Math.round((byRating.reduce((a, n, i) => a + n * (i + 1), 0) / answers) * 100) / 100 : null, byRating },
    perHour: Array.from({ length: 24 }, (_, hour) => ({ hour, conversations: h.find((x) => Number(x.hour) === hour)?.n ?? 0 })),
  };
}
