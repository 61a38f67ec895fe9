import type { Queryable } from '../../platform/db/database.ts';

// One taxpayer's notices and the messages sent to them, for their data
// export (messages.export.ts): the district's rows only, oldest first.

export interface NoticeForExport {
  id: number;
  noticeNo: string;
  taxItem: string;
  taxYear: number;
  period: number | null;
  amount: number;
  dueDate: string;
  paidAt: string | null;
}

export async function noticesOfTaxpayer(q: Queryable, districtCode: string, taxpayerId: number): Promise<NoticeForExport[]> {
  const { rows } = await q.query<{ id: number; notice_no: string; tax_item: string; tax_year: number; period: number | null; amount: number | string; due_date: string; paid_at: Date | null }>(
    `SELECT id, notice_no, tax_item, tax_year, period, amount, to_char(due_date, 'YYYY-MM-DD') AS due_date, paid_at
       FROM notices WHERE taxpayer_id = $1 AND district_code = $2 ORDER BY tax_year, id`,
    [taxpayerId, districtCode],
  );
  return rows.map((r) => ({
    id: Number(r.id), noticeNo: r.notice_no, taxItem: r.tax_item, taxYear: r.tax_year, period: r.period, amount: Number(r.amount), dueDate: r.due_date,
    paidAt: r.paid_at ? new Date(r.paid_at).toISOString() : null,
  }));
}

export interface MessageForExport {
  id: number;
  noticeId: number | null;
  kind: string;
  topic: string | null;
  legal: boolean;
  state: string;
  plan: string[];
  deliveredChannel: string | null;
  deliveredAt: string | null;
  openedAt: string | null;
  effectiveDueDate: string | null;
  createdAt: string;
  finalAt: string | null;
  contentsPurgedAt: string | null;
}

export async function messagesOfTaxpayer(q: Queryable, districtCode: string, taxpayerId: number): Promise<MessageForExport[]> {
  const { rows } = await q.query<{
    id: number; notice_id: number | null; kind: string; topic: string | null; legal: boolean; state: string; plan: string[]; delivered_channel: string | null;
    delivered_at: Date | null; opened_at: Date | null; effective_due_date: string | null; created_at: Date; final_at: Date | null; contents_purged_at: Date | null;
  }>(
    `SELECT id, notice_id, kind, topic, legal, state, plan, delivered_channel, delivered_at, opened_at,
            to_char(effective_due_date, 'YYYY-MM-DD') AS effective_due_date, created_at, final_at, contents_purged_at
       FROM messages WHERE taxpayer_id = $1 AND district_code = $2 ORDER BY id`,
    [taxpayerId, districtCode],
  );
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((r) => ({
    id: Number(r.id), noticeId: r.notice_id === null ? null : Number(r.notice_id), kind: r.kind, topic: r.topic, legal: r.legal, state: r.state, plan: r.plan,
    deliveredChannel: r.delivered_channel, deliveredAt: iso(r.delivered_at), openedAt: iso(r.opened_at), effectiveDueDate: r.effective_due_date,
    createdAt: new Date(r.created_at).toISOString(), finalAt: iso(r.final_at), contentsPurgedAt: iso(r.contents_purged_at),
  }));
}
