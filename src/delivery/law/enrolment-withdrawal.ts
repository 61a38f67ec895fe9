import type { Database } from '../../platform/db/database.ts';
import type { LawRules } from './law-rules.ts';

// Enforcement Decree §14④: an e-delivery application is deemed withdrawn when
// the taxpayer leaves N consecutive electronically served notices unopened
// within D days (unless paid). Only channels that report openings count
// (KakaoTalk reports them; SMS does not). The enrolment is withdrawn, the
// change is audited, and the taxpayer is told by a guidance message.

export interface WithdrawalResult {
  taxpayers: number;
}

export async function applyEnrolmentWithdrawals(db: Database, rules: LawRules): Promise<WithdrawalResult> {
  const { consecutiveUnopened: n, withinDays, article } = rules.enrolmentWithdrawal;
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ taxpayer_id: number; district_code: string; channels: string[] }>(
      `WITH recent AS (
         SELECT m.taxpayer_id, m.district_code, m.delivered_at, m.opened_at, n.paid_at,
                row_number() OVER (PARTITION BY m.taxpayer_id ORDER BY m.delivered_at DESC) AS k
           FROM messages m JOIN notices n ON n.id = m.notice_id
           JOIN taxpayers t ON t.id = m.taxpayer_id
          WHERE m.kind IN ('notice', 'arrears') AND m.state = 'delivered' AND m.delivered_channel = 'kakao'
            AND (t.enrol_kakao OR t.enrol_sms OR t.enrol_email)),
       lapsed AS (
         SELECT taxpayer_id, min(district_code) AS district_code
           FROM recent WHERE k <= $1
          GROUP BY taxpayer_id
         HAVING count(*) = $1 AND count(opened_at) = 0 AND count(paid_at) = 0
            AND max(delivered_at) - min(delivered_at) <= make_interval(days => $2))
       UPDATE taxpayers t
          SET enrol_kakao = false, enrol_sms = false, enrol_email = false, updated_at = now()
         FROM lapsed l
        WHERE t.id = l.taxpayer_id
       RETURNING t.id AS taxpayer_id, t.district_code,
                 ARRAY['kakao', 'sms', 'email'] AS channels`,
      [n, withinDays],
    );
    if (rows.length === 0) return { taxpayers: 0 };
    await tx.query(
      `INSERT INTO audit_log (district_code, actor_type, action, entity_type, entity_id, reason, source, details)
       SELECT district_code, 'system', 'enrolment_withdrawn', 'taxpayer', id::text, $2, 'delivery',
              jsonb_build_object('rule', 'enrolment_deemed_withdrawn_when_unopened', 'article', $2::text)
         FROM unnest($1::bigint[], $3::text[]) AS x(id, district_code)`,
      [rows.map((r) => r.taxpayer_id), article, rows.map((r) => r.district_code)],
    );
    // Tell the taxpayer on the KakaoTalk they used: a guidance message, not a notice.
    await tx.query(
      `WITH g AS (
         INSERT INTO messages (district_code, kind, taxpayer_id, legal, topic, plan)
         SELECT district_code, 'guidance', id, false, 'enrolment_withdrawn', '{kakao}'
           FROM unnest($1::bigint[], $2::text[]) AS x(id, district_code)
         RETURNING id, district_code)
       INSERT INTO delivery_attempts (message_id, district_code, channel, idempotency_key)
       SELECT id, district_code, 'kakao', gen_random_uuid()::text FROM g`,
      [rows.map((r) => r.taxpayer_id), rows.map((r) => r.district_code)],
    );
    return { taxpayers: rows.length };
  });
}
