import type { Queryable } from '../../platform/db/database.ts';

// A notice as the payment system asks after it: its amount and dates, and the
// state of its notice message (the legal service). The district is named: a
// notice of another district is simply not found.

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

export interface NoticeStatus {
  noticeNo: string;
  taxYear: number;
  taxItem: string;
  period: number | null;
  amount: number;
  dueDate: string;
  paymentAccount: string | null;
  paidAt: Date | null;
  /** The notice message (the legal service), when the notice was issued. */
  message: null | {
    id: number;
    state: string;
    deliveredChannel: string | null;
    deliveredAt: Date | null;
    effectiveDueDate: string | null;
    publicNoticeAt: Date | null;
    deemedServedOn: string | null;
  };
}

export async function findNoticeStatus(q: Queryable, districtCode: string, taxYear: number | null, noticeNo: string): Promise<NoticeStatus | null> {
  const { rows } = await q.query<Record<string, unknown>>(
    `SELECT n.notice_no, n.tax_year, n.tax_item, n.period, n.amount, n.due_date, n.payment_account, n.paid_at,
            m.id AS message_id, m.state, m.delivered_channel, m.delivered_at, m.effective_due_date, m.public_notice_at, m.deemed_served_on
       FROM notices n
       LEFT JOIN messages m ON m.notice_id = n.id AND m.kind = 'notice'
      WHERE n.district_code = $1 AND n.notice_no = $2 AND ($3::int IS NULL OR n.tax_year = $3)
      ORDER BY n.tax_year DESC LIMIT 1`,
    [districtCode, noticeNo, taxYear],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    noticeNo: r.notice_no as string,
    taxYear: r.tax_year as number,
    taxItem: r.tax_item as string,
    period: r.period as number | null,
    amount: Number(r.amount),
    dueDate: r.due_date as string,
    paymentAccount: r.payment_account as string | null,
    paidAt: date(r.paid_at as Date | null),
    message:
      r.message_id === null || r.message_id === undefined
        ? null
        : {
            id: r.message_id as number,
            state: r.state as string,
            deliveredChannel: r.delivered_channel as string | null,
            deliveredAt: date(r.delivered_at as Date | null),
            effectiveDueDate: r.effective_due_date as string | null,
            publicNoticeAt: date(r.public_notice_at as Date | null),
            deemedServedOn: r.deemed_served_on as string | null,
          },
  };
}
