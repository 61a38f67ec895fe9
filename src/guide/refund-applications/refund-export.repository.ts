import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Queryable } from '../../platform/db/database.ts';

// One taxpayer's refund applications (on their notices), unsealed, with
// each step, for their data export (refund.export.ts). The district's only.

export interface RefundForExport {
  reference: string;
  noticeNo: string;
  taxYear: number;
  contactField: string;
  contact: string;
  bankCode: string;
  account: string;
  holder: string;
  reason: string;
  reasonDetail: string;
  state: string;
  approvedAmount: number | null;
  rejectionReason: string | null;
  paidOn: string | null;
  createdAt: string;
  events: { at: string; fromState: string | null; toState: string; note: string }[];
}

export async function refundsOfTaxpayer(q: Queryable, cipher: PersonalDataCipher, districtCode: string, taxpayerId: number): Promise<RefundForExport[]> {
  const { rows } = await q.query<{
    id: number; reference: string; notice_no: string; tax_year: number; contact_field: string; contact_sealed: Uint8Array; bank_code: string; account_sealed: Uint8Array;
    holder_sealed: Uint8Array; reason: string; reason_detail: string; state: string; approved_amount: number | string | null; rejection_reason: string | null;
    paid_on: string | null; created_at: Date;
  }>(
    `SELECT a.id, a.reference, n.notice_no, n.tax_year, a.contact_field, a.contact_sealed, a.bank_code, a.account_sealed, a.holder_sealed,
            a.reason, a.reason_detail, a.state, a.approved_amount, a.rejection_reason, to_char(a.paid_on, 'YYYY-MM-DD') AS paid_on, a.created_at
       FROM guide_refund_applications a JOIN notices n ON n.id = a.notice_id
      WHERE n.taxpayer_id = $1 AND a.district_code = $2 ORDER BY a.id`,
    [taxpayerId, districtCode],
  );
  if (rows.length === 0) return [];
  const { rows: events } = await q.query<{ application_id: number; at: Date; from_state: string | null; to_state: string; note: string }>(
    'SELECT application_id, at, from_state, to_state, note FROM guide_refund_events WHERE application_id = ANY($1::bigint[]) ORDER BY id',
    [rows.map((r) => Number(r.id))],
  );
  const open = (v: Uint8Array) => cipher.decrypt(Buffer.from(v));
  return rows.map((r) => ({
    reference: r.reference,
    noticeNo: r.notice_no,
    taxYear: r.tax_year,
    contactField: r.contact_field,
    contact: open(r.contact_sealed),
    bankCode: r.bank_code,
    account: open(r.account_sealed),
    holder: open(r.holder_sealed),
    reason: r.reason,
    reasonDetail: r.reason_detail,
    state: r.state,
    approvedAmount: r.approved_amount === null ? null : Number(r.approved_amount),
    rejectionReason: r.rejection_reason,
    paidOn: r.paid_on,
    createdAt: new Date(r.created_at).toISOString(),
    events: events
      .filter((e) => Number(e.application_id) === Number(r.id))
      .map((e) => ({ at: new Date(e.at).toISOString(), fromState: e.from_state, toState: e.to_state, note: e.note })),
  }));
}
