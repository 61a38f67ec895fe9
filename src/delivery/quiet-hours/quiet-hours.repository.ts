import type { Queryable } from '../../platform/db/database.ts';
import { channelPlanSql } from '../queue/channel-plan.sql.ts';

// How many messages quiet hours hold: of a season about to be issued (by the
// first channel of each notice's plan, as issuance will compute it), and of a
// season already issued (its KakaoTalk and text attempts waiting in the queue).

export interface HeldOnIssue {
  /** Notices whose first channel is KakaoTalk or SMS: they wait for the morning. */
  messaging: number;
  /** Notices whose first channel is e-mail: they go at once. */
  email: number;
}

export async function heldOnIssue(q: Queryable, districtCode: string, taxItem: string, taxYear: number, period: number): Promise<HeldOnIssue> {
  const { rows } = await q.query<{ messaging: number; email: number }>(
    `WITH plans AS (
       SELECT (${channelPlanSql()})[1] AS first
         FROM notices n
         JOIN taxpayers t ON t.id = n.taxpayer_id
         LEFT JOIN delivery_settings s ON s.district_code = n.district_code
        WHERE n.district_code = $1 AND n.tax_item = $2 AND n.tax_year = $3 AND coalesce(n.period, 0) = $4 AND n.paid_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.notice_id = n.id AND m.kind = 'notice'))
     SELECT count(*) FILTER (WHERE first IN ('kakao', 'sms'))::int AS messaging,
            count(*) FILTER (WHERE first = 'email')::int AS email
       FROM plans`,
    [districtCode, taxItem, taxYear, period],
  );
  return { messaging: rows[0]?.messaging ?? 0, email: rows[0]?.email ?? 0 };
}

/** A season's KakaoTalk and text attempts queued to go before `until` (the end of the quiet hours). */
export async function heldInSeason(q: Queryable, districtCode: string, seasonId: number, until: Date): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n
       FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
      WHERE m.district_code = $1 AND m.season_id = $2 AND a.state = 'queued' AND a.channel IN ('kakao', 'sms') AND a.available_at < $3`,
    [districtCode, seasonId, until],
  );
  return rows[0]?.n ?? 0;
}
