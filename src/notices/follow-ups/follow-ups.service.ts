import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { channelPlanSql } from '../../delivery/channel-plan.sql.ts';

// The two follow-ups of a season, through the same engine as the notice:
// - a reminder a few days before the due date to those who have not paid,
//   on the channels they applied for (guidance: it never goes to paper);
// - an arrears notice after it, from the arrears file: a legal notice like
//   the first (§30⑦ plan, paper when no channel works), KakaoTalk first since
//   it reaches a person by identification key without a phone number.


export interface FollowUpResult {
  issued: number;
  sendAfter: Date | null;
}

/**
 * Reminders for the unpaid notices of a season, sent `daysBefore` days
 * before the due date (09:00 Seoul time), or now when that is past. Running
 * it again issues nothing new.
 */
export async function issueReminders(
  db: Database,
  args: { districtCode: string; taxItem: string; taxYear: number; period: number; daysBefore?: number },
): Promise<FollowUpResult> {
  return db.transaction(async (tx) => {
    const { rows: settings } = await tx.query<{ days: number }>(
      'SELECT reminder_days_before_due AS days FROM delivery_settings WHERE district_code = $1',
      [args.districtCode],
    );
    const days = args.daysBefore ?? settings[0]?.days ?? 5;
    const { rows } = await tx.query<{ issued: number; send_after: Date | null }>(
      `WITH targets AS (
         SELECT n.id AS notice_id, n.district_code, n.taxpayer_id,
                greatest(now(), ((n.due_date - $5::int)::timestamp + interval '9 hours') AT TIME ZONE 'Asia/Seoul') AS send_after,
                ${channelPlanSql()} AS plan
           FROM notices n
           JOIN taxpayers t ON t.id = n.taxpayer_id
           LEFT JOIN delivery_settings s ON s.district_code = n.district_code
          WHERE n.district_code = $1 AND n.tax_item = $2 AND n.tax_year = $3 AND coalesce(n.period, 0) = $4
            AND n.paid_at IS NULL AND n.due_date >= (now() AT TIME ZONE 'Asia/Seoul')::date
            AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.notice_id = n.id AND m.kind = 'reminder')
            AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.notice_id = n.id AND m.kind = 'notice' AND m.state = 'withdrawn')),
       inserted AS (
         INSERT INTO messages (district_code, kind, notice_id, taxpayer_id, legal, plan, send_after)
         SELECT district_code, 'reminder', notice_id, taxpayer_id, false, plan, send_after FROM targets WHERE cardinality(plan) > 0
         RETURNING id, district_code, plan, send_after),
       attempts AS (
         INSERT INTO delivery_attempts (message_id, district_code, channel, idempotency_key, available_at)
         SELECT id, district_code, plan[1], gen_random_uuid()::text, send_after FROM inserted)
       SELECT count(*)::int AS issued, min(send_after) AS send_after FROM inserted`,
      [args.districtCode, args.taxItem, args.taxYear, args.period, days],
    );
    return { issued: rows[0]!.issued, sendAfter: rows[0]!.send_after };
  });
}

/** Arrears notices for every imported arrears row not yet issued and not paid since. */
export async function issueArrears(db: Database, args: { districtCode: string }): Promise<FollowUpResult> {
  return db.transaction(async (tx) => {
    const district = await tx.query('SELECT 1 FROM districts WHERE code = $1', [args.districtCode]);
    if (district.rowCount === 0) throw new AppError('district_not_found', 404, { ko: '구를 찾을 수 없습니다.', en: `No district with code ${args.districtCode}.` });
    const { rows } = await tx.query<{ issued: number }>(
      `WITH targets AS (
         SELECT a.id AS arrears_id, a.notice_id, a.district_code, n.taxpayer_id,
                ${channelPlanSql("'{kakao,sms,email}'::text[]")} AS plan
           FROM arrears a
           JOIN notices n ON n.id = a.notice_id
           JOIN taxpayers t ON t.id = n.taxpayer_id
          WHERE a.district_code = $1 AND n.paid_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.notice_id = a.notice_id AND m.kind = 'arrears')),
       inserted AS (
         INSERT INTO messages (district_code, kind, notice_id, taxpayer_id, arrears_id, legal, state, plan)
         SELECT district_code, 'arrears', notice_id, taxpayer_id, arrears_id, true,
                CASE WHEN cardinality(plan) = 0 THEN 'awaiting_paper' ELSE 'pending' END, plan
           FROM targets
         RETURNING id, district_code, plan, state, send_after),
       attempts AS (
         INSERT INTO delivery_attempts (message_id, district_code, channel, idempotency_key, available_at)
         SELECT id, district_code, plan[1], gen_random_uuid()::text, send_after FROM inserted WHERE state = 'pending')
       SELECT count(*)::int AS issued FROM inserted`,
      [args.districtCode],
    );
    return { issued: rows[0]!.issued, sendAfter: null };
  });
}
