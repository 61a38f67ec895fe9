import type { Queryable } from '../../platform/db/database.ts';
import { MESSAGE_CONTENT_COLUMNS, MESSAGE_CONTENT_JOINS, sendingRowFromJson, type SendingRow } from '../dispatch/outbound.ts';

// The reads behind the message pages and the messages API: the district's
// messages, filtered and paged, and one message with its attempts. Every
// query names the district: a message of another district is simply not
// found. No contact (phone, e-mail, identification key) is ever opened
// here: the lists select none, and renderRowOf carries only the message's
// own sealed recipient column, which the renderer never decrypts.

export const MESSAGE_STATES = ['pending', 'awaiting_paper', 'delivered', 'paper', 'withdrawn', 'failed'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];
export const PAGE_SIZE = 50;

export interface MessageListRow {
  id: number;
  kind: string;
  seasonId: number | null;
  noticeNo: string | null;
  taxYear: number | null;
  taxpayerId: number | null;
  taxpayerName: string | null;
  state: string;
  plan: string[];
  deliveredChannel: string | null;
  deliveredAt: Date | null;
  lastFailureCause: string | null;
  returnedAt: Date | null;
  effectiveDueDate: string | null;
  paperBatchId: number | null;
}

export interface MessageFilter {
  seasonId?: number;
  state?: MessageState;
  cause?: string;
  /**
   * A taxpayer's name (or part of it) or the start of a notice number.
   * Names are kept in the clear on the registry (taxpayers.name; the sealed
   * fields are the identification key, date of birth and contacts), so the
   * database compares them: no contact is opened to search.
   */
  search?: string;
  page: number;
}

/** LIKE's wildcards taken literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The WHERE clause of a filter and its parameters (the district first). */
function filterClause(districtCode: string, f: Omit<MessageFilter, 'page'>): { clause: string; params: unknown[]; joins: boolean } {
  const where = ['m.district_code = $1'];
  const params: unknown[] = [districtCode];
  if (f.seasonId !== undefined) where.push(`m.season_id = $${params.push(f.seasonId)}`);
  if (f.state) where.push(`m.state = $${params.push(f.state)}`);
  if (f.cause) where.push(`m.last_failure_cause = $${params.push(f.cause)}`);
  const search = f.search?.trim();
  if (search) {
    const contains = params.push(search);
    const prefix = params.push(`${likeLiteral(search)}%`);
    where.push(`(strpos(t.name, $${contains}) > 0 OR n.notice_no ILIKE $${prefix})`);
  }
  return { clause: where.join(' AND '), params, joins: Boolean(search) };
}

const LIST_COLUMNS = `m.id, m.kind, m.season_id, n.notice_no, n.tax_year, m.taxpayer_id, t.name, m.state, m.plan, m.delivered_channel, m.delivered_at,
            m.last_failure_cause, m.returned_at, m.effective_due_date, m.paper_batch_id`;
const LIST_JOINS = `LEFT JOIN notices n ON n.id = m.notice_id
       LEFT JOIN taxpayers t ON t.id = m.taxpayer_id`;

interface ListDbRow {
  id: number; kind: string; season_id: number | null; notice_no: string | null; tax_year: number | null; taxpayer_id: number | null; name: string | null;
  state: string; plan: string[]; delivered_channel: string | null; delivered_at: Date | null; last_failure_cause: string | null;
  returned_at: Date | null; effective_due_date: string | null; paper_batch_id: number | null;
}

function toListRow(r: ListDbRow): MessageListRow {
  return {
    id: Number(r.id),
    kind: r.kind,
    seasonId: r.season_id === null ? null : Number(r.season_id),
    noticeNo: r.notice_no,
    taxYear: r.tax_year,
    taxpayerId: r.taxpayer_id === null ? null : Number(r.taxpayer_id),
    taxpayerName: r.name,
    state: r.state,
    plan: r.plan,
    deliveredChannel: r.delivered_channel,
    deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
    lastFailureCause: r.last_failure_cause,
    returnedAt: r.returned_at ? new Date(r.returned_at) : null,
    effectiveDueDate: r.effective_due_date,
    paperBatchId: r.paper_batch_id === null ? null : Number(r.paper_batch_id),
  };
}

export async function listMessages(q: Queryable, districtCode: string, f: MessageFilter): Promise<{ total: number; rows: MessageListRow[] }> {
  const { clause, params, joins } = filterClause(districtCode, f);
  const { rows: count } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages m ${joins ? LIST_JOINS : ''} WHERE ${clause}`, params);
  const limit = params.push(PAGE_SIZE);
  const offset = params.push((f.page - 1) * PAGE_SIZE);
  const { rows } = await q.query<ListDbRow>(
    `SELECT ${LIST_COLUMNS}
       FROM messages m
       ${LIST_JOINS}
      WHERE ${clause}
      ORDER BY m.id
      LIMIT $${limit} OFFSET $${offset}`,
    params,
  );
  return { total: count[0]?.n ?? 0, rows: rows.map(toListRow) };
}

/**
 * Every message a filter finds, in id order, read a batch at a time (the
 * season's report as CSV, streamed: memory stays flat whatever the season's size).
 */
export async function* messageReportRows(q: Queryable, districtCode: string, f: Omit<MessageFilter, 'page'>, batchSize = 1000): AsyncGenerator<MessageListRow> {
  let after = 0;
  for (;;) {
    const { clause, params } = filterClause(districtCode, f);
    const from = params.push(after);
    const limit = params.push(batchSize);
    const { rows } = await q.query<ListDbRow>(
      `SELECT ${LIST_COLUMNS}
         FROM messages m
         ${LIST_JOINS}
        WHERE ${clause} AND m.id > $${from}
        ORDER BY m.id
        LIMIT $${limit}`,
      params,
    );
    for (const r of rows) yield toListRow(r);
    if (rows.length < batchSize) return;
    after = Number(rows[rows.length - 1]!.id);
  }
}

/** Failure causes seen in a season (for the filter). */
export async function seasonCauses(q: Queryable, districtCode: string, seasonId: number): Promise<string[]> {
  const { rows } = await q.query<{ cause: string }>(
    `SELECT DISTINCT last_failure_cause AS cause FROM messages
      WHERE district_code = $1 AND season_id = $2 AND last_failure_cause IS NOT NULL ORDER BY 1`,
    [districtCode, seasonId],
  );
  return rows.map((r) => r.cause);
}

export interface MessageDetail {
  id: number;
  kind: string;
  seasonId: number | null;
  legal: boolean;
  state: string;
  plan: string[];
  /** Whom it went to (null: a message to a contact not on the registry, e.g. a one-time code). */
  taxpayerId: number | null;
  taxpayerName: string | null;
  lastFailureCause: string | null;
  noticeNo: string | null;
  taxItem: string | null;
  taxYear: number | null;
  period: number | null;
  amount: number | null;
  dueDate: string | null;
  effectiveDueDate: string | null;
  deliveredChannel: string | null;
  deliveredAt: Date | null;
  openedAt: Date | null;
  returnedAt: Date | null;
  paperBatchId: number | null;
  publicNoticeAt: Date | null;
  deemedServedOn: string | null;
  withdrawnReason: string | null;
  createdAt: Date;
  finalAt: Date | null;
  /** When the retention purge removed its contents (null: they are kept). */
  contentsPurgedAt: Date | null;
  attempts: {
    id: number;
    channel: string;
    provider: string | null;
    state: string;
    tries: number;
    createdAt: Date;
    acceptedAt: Date | null;
    finalAt: Date | null;
    failureCause: string | null;
    failureDetail: string | null;
  }[];
}

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

export async function findMessage(q: Queryable, districtCode: string, messageId: number): Promise<MessageDetail | null> {
  const { rows } = await q.query<Record<string, unknown>>(
    `SELECT m.id, m.kind, m.season_id, m.legal, m.state, m.plan, m.taxpayer_id, t.name AS taxpayer_name, m.last_failure_cause, n.notice_no, n.tax_item, n.tax_year, n.period, n.amount, n.due_date,
            m.effective_due_date, m.delivered_channel, m.delivered_at, m.opened_at, m.returned_at, m.paper_batch_id,
            m.public_notice_at, m.deemed_served_on, m.withdrawn_reason, m.created_at, m.final_at, m.contents_purged_at
       FROM messages m LEFT JOIN notices n ON n.id = m.notice_id LEFT JOIN taxpayers t ON t.id = m.taxpayer_id
      WHERE m.district_code = $1 AND m.id = $2`,
    [districtCode, messageId],
  );
  const r = rows[0];
  if (!r) return null;
  const { rows: attempts } = await q.query<Record<string, unknown>>(
    `SELECT id, channel, provider, state, tries, created_at, accepted_at, final_at, failure_cause, failure_detail
       FROM delivery_attempts WHERE message_id = $1 ORDER BY id`,
    [messageId],
  );
  return {
    id: r.id as number,
    kind: r.kind as string,
    seasonId: r.season_id as number | null,
    legal: r.legal as boolean,
    state: r.state as string,
    plan: r.plan as string[],
    taxpayerId: r.taxpayer_id === null ? null : Number(r.taxpayer_id),
    taxpayerName: r.taxpayer_name as string | null,
    lastFailureCause: r.last_failure_cause as string | null,
    noticeNo: r.notice_no as string | null,
    taxItem: r.tax_item as string | null,
    taxYear: r.tax_year as number | null,
    period: r.period as number | null,
    amount: r.amount as number | null,
    dueDate: r.due_date as string | null,
    effectiveDueDate: r.effective_due_date as string | null,
    deliveredChannel: r.delivered_channel as string | null,
    deliveredAt: date(r.delivered_at as Date | null),
    openedAt: date(r.opened_at as Date | null),
    returnedAt: date(r.returned_at as Date | null),
    paperBatchId: r.paper_batch_id as number | null,
    publicNoticeAt: date(r.public_notice_at as Date | null),
    deemedServedOn: r.deemed_served_on as string | null,
    withdrawnReason: r.withdrawn_reason as string | null,
    createdAt: new Date(r.created_at as Date),
    finalAt: date(r.final_at as Date | null),
    contentsPurgedAt: date(r.contents_purged_at as Date | null),
    attempts: attempts.map((a) => ({
      id: a.id as number,
      channel: a.channel as string,
      provider: a.provider as string | null,
      state: a.state as string,
      tries: a.tries as number,
      createdAt: new Date(a.created_at as Date),
      acceptedAt: date(a.accepted_at as Date | null),
      finalAt: date(a.final_at as Date | null),
      failureCause: a.failure_cause as string | null,
      failureDetail: a.failure_detail as string | null,
    })),
  };
}

/**
 * What the renderer needs to show a message as its latest attempt's channel
 * sent it (the channel of the latest attempt; none: null). No contact is loaded.
 */
export async function renderRowOf(q: Queryable, districtCode: string, messageId: number): Promise<SendingRow | null> {
  const { rows } = await q.query<{ row: string }>(
    `SELECT row_to_json(r)::text AS row FROM (
       SELECT a.id AS attempt_id, a.message_id, a.channel, a.idempotency_key, a.tries, ${MESSAGE_CONTENT_COLUMNS},
              NULL::bytea AS identity_key_enc, NULL::bytea AS mobile_enc, NULL::bytea AS email_enc
         FROM delivery_attempts a
         ${MESSAGE_CONTENT_JOINS}
        WHERE m.district_code = $1 AND m.id = $2
        ORDER BY a.id DESC LIMIT 1) r`,
    [districtCode, messageId],
  );
  return rows[0] ? sendingRowFromJson(rows[0].row) : null;
}
