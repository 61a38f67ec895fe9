import { z } from 'zod';
import type { Database, Queryable } from '../../platform/db/database.ts';

// Paying stops everything: a payment withdraws the notice's messages that are
// still pending or waiting for paper, and cancels their live attempts. A
// notice already delivered or printed stays as it is. The messages are the
// delivery queue's: notices records the payment and asks, through the port
// PaymentEffects, for the withdrawal in the same transaction (delivery's
// paymentEffects in delivery/queue/queue.ts implements it).

/** What a payment does beyond the notice, run in the payment's transaction. */
export interface PaymentEffects {
  /** Withdraws what is still to be sent for these paid notices; returns how many messages. */
  withdrawPaid(tx: Queryable, noticeIds: number[]): Promise<number>;
}

export const paymentSchema = z.object({
  noticeNo: z.string().min(1).max(40),
  taxYear: z.number().int().min(1990).max(2200),
  paidAt: z.coerce.date(),
  amount: z.number().int().min(0),
  source: z.string().min(1).max(40).default('payment_system'),
});
export type PaymentInput = z.input<typeof paymentSchema>;

export interface PaymentResult {
  recorded: number;
  unknownNotices: string[];
  withdrawnMessages: number;
}

export async function recordPayments(db: Database, effects: PaymentEffects, districtCode: string, input: PaymentInput[]): Promise<PaymentResult> {
  const payments = input.map((p) => paymentSchema.parse(p));
  return db.transaction(async (tx) => {
    const { rows: matched } = await tx.query<{ notice_no: string; tax_year: number; id: number }>(
      `SELECT n.notice_no, n.tax_year, n.id FROM notices n
         JOIN unnest($2::text[], $3::int[]) AS x(no, year) ON n.notice_no = x.no AND n.tax_year = x.year
        WHERE n.district_code = $1`,
      [districtCode, payments.map((p) => p.noticeNo), payments.map((p) => p.taxYear)],
    );
    const ids = new Map(matched.map((r) => [`${r.tax_year}/${r.notice_no}`, r.id]));
    const known = payments.filter((p) => ids.has(`${p.taxYear}/${p.noticeNo}`));
    const unknownNotices = payments.filter((p) => !ids.has(`${p.taxYear}/${p.noticeNo}`)).map((p) => p.noticeNo);
    const { rowCount } = await tx.query(
      `INSERT INTO payments (district_code, notice_id, paid_at, amount, source)
       SELECT $1, * FROM unnest($2::bigint[], $3::timestamptz[], $4::bigint[], $5::text[])
       ON CONFLICT (notice_id, source, paid_at) DO NOTHING`,
      [
        districtCode,
        known.map((p) => ids.get(`${p.taxYear}/${p.noticeNo}`)),
        known.map((p) => p.paidAt),
        known.map((p) => p.amount),
        known.map((p) => p.source),
      ],
    );
    const noticeIds = known.map((p) => ids.get(`${p.taxYear}/${p.noticeNo}`)!);
    await tx.query(
      `UPDATE notices n SET paid_at = x.paid_at, updated_at = now()
         FROM (SELECT unnest($1::bigint[]) AS id, unnest($2::timestamptz[]) AS paid_at) x
        WHERE n.id = x.id AND (n.paid_at IS NULL OR n.paid_at > x.paid_at)`,
      [noticeIds, known.map((p) => p.paidAt)],
    );
    const withdrawn = await effects.withdrawPaid(tx, noticeIds);
    return { recorded: rowCount, unknownNotices, withdrawnMessages: withdrawn };
  });
}
