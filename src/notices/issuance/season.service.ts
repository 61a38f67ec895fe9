import { z } from 'zod';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { TAX_ITEMS } from '../tax-items.ts';
import { channelPlanSql } from '../../delivery/channel-plan.sql.ts';

// Issuing a season turns the imported roll's notices into messages with a
// channel plan and queues the first delivery attempt of each. Running it
// again issues only what was added since: it never issues a notice twice.

export const seasonSchema = z.object({
  districtCode: z.string().min(1),
  taxItem: z.enum(TAX_ITEMS),
  taxYear: z.number().int().min(1990).max(2200),
  period: z.number().int().min(0).max(12).default(0),
  sendAfter: z.date().optional(),
  createdBy: z.string().min(1),
});
export type SeasonInput = z.input<typeof seasonSchema>;

export interface IssueResult {
  seasonId: number;
  issued: number;
  electronic: number;
  paperOnly: number;
  withdrawnPaid: number;
}

export async function issueSeason(db: Database, input: SeasonInput): Promise<IssueResult> {
  const season = seasonSchema.parse(input);
  const result = await issueInTransaction(db, season);
  // The queue just grew by a season: keep the planner's picture current
  // (PGlite has no autovacuum).
  if (result.issued > 1000) await db.exec('ANALYZE messages, delivery_attempts');
  return result;
}

async function issueInTransaction(db: Database, season: z.output<typeof seasonSchema>): Promise<IssueResult> {
  return db.transaction(async (tx) => {
    const district = await tx.query('SELECT 1 FROM districts WHERE code = $1', [season.districtCode]);
    if (district.rowCount === 0) {
      throw new AppError('district_not_found', 404, { ko: `구 코드 ${season.districtCode}를 찾을 수 없습니다.`, en: `No district with code ${season.districtCode}.` });
    }
    const { rows: seasonRows } = await tx.query<{ id: number }>(
      `INSERT INTO seasons (district_code, kind, tax_item, tax_year, period, send_after, created_by)
       VALUES ($1, 'notice', $2, $3, $4, coalesce($5, now()), $6)
       ON CONFLICT (district_code, kind, tax_item, tax_year, period) DO UPDATE SET send_after = seasons.send_after
       RETURNING id`,
      [season.districtCode, season.taxItem, season.taxYear, season.period, season.sendAfter ?? null, season.createdBy],
    );
    const seasonId = seasonRows[0]!.id;
    // §30⑦: electronic channels only for those who applied, in the district's
    // order; KakaoTalk needs an identification key or a phone, SMS a phone,
    // e-mail an address. Nobody enrolled: paper only.
    const { rows: counts } = await tx.query<{ issued: number; electronic: number; paper_only: number; withdrawn: number }>(
      `WITH candidates AS (
         SELECT n.id AS notice_id, n.district_code, n.taxpayer_id, n.paid_at,
                ${channelPlanSql()} AS plan
           FROM notices n
           JOIN taxpayers t ON t.id = n.taxpayer_id
           LEFT JOIN delivery_settings s ON s.district_code = n.district_code
          WHERE n.district_code = $1 AND n.tax_item = $2 AND n.tax_year = $3 AND coalesce(n.period, 0) = $4
            AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.notice_id = n.id AND m.kind = 'notice')),
       inserted AS (
         INSERT INTO messages (district_code, kind, season_id, notice_id, taxpayer_id, legal, state, plan, send_after,
                               withdrawn_reason, final_at)
         SELECT district_code, 'notice', $5, notice_id, taxpayer_id, true,
                CASE WHEN paid_at IS NOT NULL THEN 'withdrawn' WHEN cardinality(plan) = 0 THEN 'awaiting_paper' ELSE 'pending' END,
                plan, (SELECT send_after FROM seasons WHERE id = $5),
                CASE WHEN paid_at IS NOT NULL THEN 'paid' END,
                CASE WHEN paid_at IS NOT NULL THEN now() END
           FROM candidates
         RETURNING id, district_code, state, plan, send_after),
       -- One random UUID per season run, made unique per attempt by the message id:
       -- as unguessable and unique as a UUID each, without drawing strong
       -- randomness per row (a call out of PGlite's WASM each).
       attempts AS (
         INSERT INTO delivery_attempts (message_id, district_code, channel, idempotency_key, available_at)
         SELECT id, district_code, plan[1], k.run || '.' || id, send_after
           FROM inserted CROSS JOIN (SELECT gen_random_uuid()::text AS run) k WHERE state = 'pending'
         RETURNING id)
       SELECT count(*)::int AS issued,
              count(*) FILTER (WHERE state = 'pending')::int AS electronic,
              count(*) FILTER (WHERE state = 'awaiting_paper')::int AS paper_only,
              count(*) FILTER (WHERE state = 'withdrawn')::int AS withdrawn
         FROM inserted`,
      [season.districtCode, season.taxItem, season.taxYear, season.period, seasonId],
    );
    const c = counts[0]!;
    return { seasonId, issued: c.issued, electronic: c.electronic, paperOnly: c.paper_only, withdrawnPaid: c.withdrawn };
  });
}
