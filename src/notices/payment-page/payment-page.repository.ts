import type { Queryable } from '../../platform/db/database.ts';

// What the payment page reads: a notice's public figures, and how many wrong
// codes an address has typed in the current window of its limit.

export interface PayView {
  districtName: { ko: string; en: string };
  noticeNo: string;
  taxItem: string;
  taxYear: number;
  period: number | null;
  amount: number;
  dueDate: string;
  effectiveDueDate: string | null;
  paymentAccount: string | null;
  /** The bank of the district's virtual accounts (district settings), or null when the district has not said. */
  paymentBank: { ko: string; en: string } | null;
  /** The district's tax office telephone, as residents are told it. */
  officePhone: string | null;
  article: string;
}

/** A notice number is unique per district and tax year; the link names none, so the latest year wins. */
export async function findPayView(q: Queryable, districtCode: string, noticeNo: string): Promise<PayView | null> {
  const { rows } = await q.query<{
    name_ko: string; name_en: string; notice_no: string; tax_item: string; tax_year: number; period: number | null; amount: number;
    due_date: string; effective_due_date: string | null; payment_account: string | null; article: string | null;
    bank_ko: string | null; bank_en: string | null; office_phone: string | null;
  }>(
    `SELECT d.name_ko, d.name_en, n.notice_no, n.tax_item, n.tax_year, n.period, n.amount, n.due_date, n.payment_account,
            b.bank_ko, b.bank_en, d.office_phone,
            (SELECT max(m.effective_due_date) FROM messages m WHERE m.notice_id = n.id AND m.kind IN ('notice', 'arrears')) AS effective_due_date,
            (SELECT article FROM law_rules WHERE code = 'due_date_extended_on_late_arrival') AS article
       FROM notices n JOIN districts d ON d.code = n.district_code
       LEFT JOIN notice_payment_settings b ON b.district_code = n.district_code
      WHERE n.district_code = $1 AND n.notice_no = $2
      ORDER BY n.tax_year DESC LIMIT 1`,
    [districtCode, noticeNo],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    districtName: { ko: r.name_ko, en: r.name_en },
    noticeNo: r.notice_no,
    taxItem: r.tax_item,
    taxYear: r.tax_year,
    period: r.period,
    amount: Number(r.amount),
    dueDate: r.due_date,
    effectiveDueDate: r.effective_due_date && r.effective_due_date !== r.due_date ? r.effective_due_date : null,
    paymentAccount: r.payment_account,
    paymentBank: r.bank_ko && r.bank_en ? { ko: r.bank_ko, en: r.bank_en } : null,
    officePhone: r.office_phone,
    article: r.article ?? '',
  };
}
