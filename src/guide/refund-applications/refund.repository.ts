import type { Queryable } from '../../platform/db/database.ts';

// The refund applications' tables (migration 0024). A step is an UPDATE
// that names the state it starts from, so two officials acting at once
// cannot both move the same application.

export type RefundState = 'received' | 'reviewing' | 'approved' | 'rejected' | 'paid';
export type RefundReason = 'overpaid' | 'paid_twice' | 'reduced' | 'other';

export interface NewApplication {
  districtCode: string;
  reference: string;
  noticeId: number;
  contactField: 'mobile' | 'email';
  contactSealed: Buffer;
  bankCode: string;
  accountSealed: Buffer;
  accountLast4: string;
  holderSealed: Buffer;
  reason: RefundReason;
  reasonDetail: string;
}

export interface ApplicationRow {
  id: number;
  districtCode: string;
  reference: string;
  noticeId: number;
  contactField: 'mobile' | 'email';
  contactSealed: Buffer;
  bankCode: string;
  accountLast4: string;
  reason: RefundReason;
  reasonDetail: string;
  state: RefundState;
  approvedAmount: number | null;
  rejectionReason: string | null;
  paidOn: string | null;
  createdAt: Date;
}

type Row = {
  id: string; district_code: string; reference: string; notice_id: string; contact_field: 'mobile' | 'email'; contact_sealed: Uint8Array;
  bank_code: string; account_last4: string; reason: RefundReason; reason_detail: string; state: RefundState;
  approved_amount: string | null; rejection_reason: string | null; paid_on: string | null; created_at: Date;
};

const COLUMNS = `id, district_code, reference, notice_id, contact_field, contact_sealed, bank_code, account_last4, reason, reason_detail, state,
  approved_amount, rejection_reason, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, created_at`;

const fromRow = (r: Row): ApplicationRow => ({
  id: Number(r.id), districtCode: r.district_code, reference: r.reference, noticeId: Number(r.notice_id), contactField: r.contact_field,
  contactSealed: Buffer.from(r.contact_sealed), bankCode: r.bank_code, accountLast4: r.account_last4, reason: r.reason, reasonDetail: r.reason_detail,
  state: r.state, approvedAmount: r.approved_amount === null ? null : Number(r.approved_amount), rejectionReason: r.rejection_reason,
  paidOn: r.paid_on, createdAt: r.created_at,
});

/** The notice's application that is not rejected (open, approved or paid), if any. */
export async function liveApplicationOf(q: Queryable, noticeId: number): Promise<ApplicationRow | null> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM guide_refund_applications WHERE notice_id = $1 AND state <> 'rejected'`, [noticeId]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Stores a new application with its first event; null when the notice has a live one (the unique index decided). */
export async function insertApplication(q: Queryable, a: NewApplication): Promise<number | null> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO guide_refund_applications
       (district_code, reference, notice_id, contact_field, contact_sealed, bank_code, account_sealed, account_last4, holder_sealed, reason, reason_detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (notice_id) WHERE state <> 'rejected' DO NOTHING
     RETURNING id`,
    [a.districtCode, a.reference, a.noticeId, a.contactField, a.contactSealed, a.bankCode, a.accountSealed, a.accountLast4, a.holderSealed, a.reason, a.reasonDetail],
  );
  return rows[0] ? Number(rows[0].id) : null;
}

export async function applicationByReference(q: Queryable, reference: string, districtCode?: string): Promise<ApplicationRow | null> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM guide_refund_applications WHERE reference = $1 AND ($2::text IS NULL OR district_code = $2)`,
    [reference, districtCode ?? null],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function listApplications(q: Queryable, districtCode: string, state: RefundState | null, limit = 200): Promise<ApplicationRow[]> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM guide_refund_applications
      WHERE district_code = $1 AND ($2::text IS NULL OR state = $2)
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [districtCode, state, limit],
  );
  return rows.map(fromRow);
}

export interface StepChange {
  to: RefundState;
  approvedAmount?: number;
  rejectionReason?: string;
  paidOn?: string;
}

/** Moves the application from `from` to the new state; false when it was not in `from` any more. */
export async function moveApplication(q: Queryable, id: number, from: RefundState, change: StepChange): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE guide_refund_applications
        SET state = $3,
            approved_amount = coalesce($4, approved_amount),
            rejection_reason = $5,
            paid_on = $6::date,
            updated_at = now()
      WHERE id = $1 AND state = $2`,
    [id, from, change.to, change.approvedAmount ?? null, change.rejectionReason ?? null, change.paidOn ?? null],
  );
  return rowCount > 0;
}

export async function insertEvent(q: Queryable, e: { applicationId: number; from: RefundState | null; to: RefundState; staffId: number | null; note: string; messageId: number | null }): Promise<void> {
  await q.query(
    'INSERT INTO guide_refund_events (application_id, from_state, to_state, staff_id, note, message_id) VALUES ($1, $2, $3, $4, $5, $6)',
    [e.applicationId, e.from, e.to, e.staffId, e.note, e.messageId],
  );
}

export interface EventRow {
  from: RefundState | null;
  to: RefundState;
  byStaff: string | null;
  note: string;
  at: Date;
}

export async function eventsOf(q: Queryable, applicationId: number): Promise<EventRow[]> {
  const { rows } = await q.query<{ from_state: RefundState | null; to_state: RefundState; display_name: string | null; note: string; at: Date }>(
    `SELECT e.from_state, e.to_state, s.display_name, e.note, e.at
       FROM guide_refund_events e LEFT JOIN staff_accounts s ON s.id = e.staff_id
      WHERE e.application_id = $1 ORDER BY e.id`,
    [applicationId],
  );
  return rows.map((r) => ({ from: r.from_state, to: r.to_state, byStaff: r.display_name, note: r.note, at: r.at }));
}
