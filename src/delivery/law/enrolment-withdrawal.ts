import type { Database } from '../../platform/db/database.ts';
import { withdrawEnrolment } from '../../taxpayers/enrolment.service.ts';
import { notifyEnrolmentWithdrawn } from '../queue/queue.ts';
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
    const { rows } = await tx.query<{ taxpayer_id: number }>(
      `WITH recent AS (
         SELECT m.taxpayer_id, m.delivered_at, m.opened_at, n.paid_at,
                row_number() OVER (PARTITION BY m.taxpayer_id ORDER BY m.delivered_at DESC) AS k
           FROM messages m JOIN notices n ON n.id = m.notice_id
           JOIN taxpayers t ON t.id = m.taxpayer_id
          WHERE m.kind IN ('notice', 'arrears') AND m.state = 'delivered' AND m.delivered_channel = 'kakao'
            AND (t.enrol_kakao OR t.enrol_sms OR t.enrol_email))
       SELECT taxpayer_id
         FROM recent WHERE k <= $1
        GROUP BY taxpayer_id
       HAVING count(*) = $1 AND count(opened_at) = 0 AND count(paid_at) = 0
          AND max(delivered_at) - min(delivered_at) <= make_interval(days => $2)`,
      [n, withinDays],
    );
    if (rows.length === 0) return { taxpayers: 0 };
    // The taxpayers' own audited path changes the enrolment and audits it.
    const withdrawn = await withdrawEnrolment(tx, rows.map((r) => Number(r.taxpayer_id)), { rule: 'enrolment_deemed_withdrawn_when_unopened', article });
    // Tell the taxpayer on the KakaoTalk they used: a guidance message, not a notice.
    await notifyEnrolmentWithdrawn(tx, withdrawn);
    return { taxpayers: withdrawn.length };
  });
}
