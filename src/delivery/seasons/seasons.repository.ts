import type { Queryable } from '../../platform/db/database.ts';
import { seasonSummary, type SeasonSummary } from '../season-summary.ts';

// The reads behind the delivery console and its API. Every query names the
// district: a row of another district is simply not found. No contact data
// (phone, e-mail, identification key) is ever selected here.

export interface SeasonRow {
  id: number;
  kind: string;
  taxItem: string;
  taxYear: number;
  period: number;
  sendAfter: Date;
  createdBy: string;
  createdAt: Date;
  notices: number;
  final: number;
  delivered: number;
}

const SEASON_COLUMNS = `s.id, s.kind, s.tax_item, s.tax_year, s.period, s.send_after, s.created_by, s.created_at,
  (SELECT count(*)::int FROM messages m WHERE m.season_id = s.id AND m.kind = 'notice') AS notices,
  (SELECT count(*)::int FROM messages m WHERE m.season_id = s.id AND m.kind = 'notice' AND m.final_at IS NOT NULL) AS final,
  (SELECT count(*)::int FROM messages m WHERE m.season_id = s.id AND m.kind = 'notice' AND m.state = 'delivered') AS delivered`;

interface SeasonDbRow {
  id: number;
  kind: string;
  tax_item: string;
  tax_year: number;
  period: number;
  send_after: Date;
  created_by: string;
  created_at: Date;
  notices: number;
  final: number;
  delivered: number;
}

function toSeason(r: SeasonDbRow): SeasonRow {
  return {
    id: r.id,
    kind: r.kind,
    taxItem: r.tax_item,
    taxYear: r.tax_year,
    period: r.period,
    sendAfter: new Date(r.send_after),
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    notices: r.notices,
    final: r.final,
    delivered: r.delivered,
  };
}

export async function listSeasons(q: Queryable, districtCode: string): Promise<SeasonRow[]> {
  const { rows } = await q.query<SeasonDbRow>(
    `SELECT ${SEASON_COLUMNS} FROM seasons s WHERE s.district_code = $1 ORDER BY s.created_at DESC, s.id DESC LIMIT 200`,
    [districtCode],
  );
  return rows.map(toSeason);
}

export async function findSeason(q: Queryable, districtCode: string, seasonId: number): Promise<SeasonRow | null> {
  const { rows } = await q.query<SeasonDbRow>(`SELECT ${SEASON_COLUMNS} FROM seasons s WHERE s.district_code = $1 AND s.id = $2`, [
    districtCode,
    seasonId,
  ]);
  return rows[0] ? toSeason(rows[0]) : null;
}

/** Notices of the imported roll that issuing this season would turn into messages now. */
export async function countIssuable(q: Queryable, districtCode: string, taxItem: string, taxYear: number, period: number): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notices n
      WHERE n.district_code = $1 AND n.tax_item = $2 AND n.tax_year = $3 AND coalesce(n.period, 0) = $4
        AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.notice_id = n.id AND m.kind = 'notice')`,
    [districtCode, taxItem, taxYear, period],
  );
  return rows[0]?.n ?? 0;
}

export interface ChannelRate {
  channel: string;
  /** Messages with at least one attempt on this channel. */
  attempted: number;
  delivered: number;
  /** delivered ÷ attempted, 0..1 (4 decimals). */
  rate: number;
}

export interface SeasonStats {
  season: SeasonRow;
  summary: SeasonSummary;
  channels: ChannelRate[];
  /** Delivered notices per calendar day in Asia/Seoul, oldest first. */
  deliveredPerDay: { day: string; delivered: number }[];
  failureCauses: { cause: string; count: number }[];
  paperCostKrw: number;
  previous: null | {
    season: SeasonRow;
    summary: SeasonSummary;
    channels: ChannelRate[];
  };
}

async function channelRates(q: Queryable, seasonId: number): Promise<ChannelRate[]> {
  const { rows } = await q.query<{ channel: string; attempted: number; delivered: number }>(
    `SELECT a.channel, count(DISTINCT a.message_id)::int AS attempted,
            count(DISTINCT a.message_id) FILTER (WHERE a.state = 'delivered')::int AS delivered
       FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
      WHERE m.season_id = $1 AND m.kind = 'notice' AND a.state <> 'cancelled'
      GROUP BY a.channel ORDER BY a.channel`,
    [seasonId],
  );
  return rows.map((r) => ({ ...r, rate: r.attempted > 0 ? Math.round((r.delivered / r.attempted) * 10000) / 10000 : 0 }));
}

export async function seasonStats(q: Queryable, season: SeasonRow, districtCode: string): Promise<SeasonStats> {
  const [summary, channels, perDay] = await Promise.all([
    seasonSummary(q, season.id),
    channelRates(q, season.id),
    q.query<{ day: string; delivered: number }>(
      `SELECT to_char(delivered_at AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD') AS day, count(*)::int AS delivered
         FROM messages WHERE season_id = $1 AND kind = 'notice' AND state = 'delivered'
        GROUP BY 1 ORDER BY 1`,
      [season.id],
    ),
  ]);
  // The previous season of the same tax item: the last one issued before this one.
  const { rows: prev } = await q.query<SeasonDbRow>(
    `SELECT ${SEASON_COLUMNS} FROM seasons s
      WHERE s.district_code = $1 AND s.kind = $2 AND s.tax_item = $3 AND s.id <> $4
        AND (s.tax_year, s.period) < ($5::int, $6::int)
      ORDER BY s.tax_year DESC, s.period DESC, s.id DESC LIMIT 1`,
    [districtCode, season.kind, season.taxItem, season.id, season.taxYear, season.period],
  );
  let previous: SeasonStats['previous'] = null;
  if (prev[0]) {
    const p = toSeason(prev[0]);
    previous = { season: p, summary: await seasonSummary(q, p.id), channels: await channelRates(q, p.id) };
  }
  return {
    season,
    summary,
    channels,
    deliveredPerDay: perDay.rows,
    failureCauses: Object.entries(summary.failed).map(([cause, count]) => ({ cause, count })),
    paperCostKrw: summary.paper_cost_krw,
    previous,
  };
}

export const MESSAGE_STATES = ['pending', 'awaiting_paper', 'delivered', 'paper', 'withdrawn', 'failed'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];
export const PAGE_SIZE = 50;

export interface MessageListRow {
  id: number;
  kind: string;
  seasonId: number | null;
  noticeNo: string | null;
  taxYear: number | null;
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
  page: number;
}

export async function listMessages(q: Queryable, districtCode: string, f: MessageFilter): Promise<{ total: number; rows: MessageListRow[] }> {
  const where = ['m.district_code = $1'];
  const params: unknown[] = [districtCode];
  if (f.seasonId !== undefined) where.push(`m.season_id = $${params.push(f.seasonId)}`);
  if (f.state) where.push(`m.state = $${params.push(f.state)}`);
  if (f.cause) where.push(`m.last_failure_cause = $${params.push(f.cause)}`);
  const clause = where.join(' AND ');
  const { rows: count } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages m WHERE ${clause}`, params);
  const limit = params.push(PAGE_SIZE);
  const offset = params.push((f.page - 1) * PAGE_SIZE);
  const { rows } = await q.query<{
    id: number; kind: string; season_id: number | null; notice_no: string | null; tax_year: number | null; name: string | null;
    state: string; plan: string[]; delivered_channel: string | null; delivered_at: Date | null; last_failure_cause: string | null;
    returned_at: Date | null; effective_due_date: string | null; paper_batch_id: number | null;
  }>(
    `SELECT m.id, m.kind, m.season_id, n.notice_no, n.tax_year, t.name, m.state, m.plan, m.delivered_channel, m.delivered_at,
            m.last_failure_cause, m.returned_at, m.effective_due_date, m.paper_batch_id
       FROM messages m
       LEFT JOIN notices n ON n.id = m.notice_id
       LEFT JOIN taxpayers t ON t.id = m.taxpayer_id
      WHERE ${clause}
      ORDER BY m.id
      LIMIT $${limit} OFFSET $${offset}`,
    params,
  );
  return {
    total: count[0]?.n ?? 0,
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      seasonId: r.season_id,
      noticeNo: r.notice_no,
      taxYear: r.tax_year,
      taxpayerName: r.name,
      state: r.state,
      plan: r.plan,
      deliveredChannel: r.delivered_channel,
      deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
      lastFailureCause: r.last_failure_cause,
      returnedAt: r.returned_at ? new Date(r.returned_at) : null,
      effectiveDueDate: r.effective_due_date,
      paperBatchId: r.paper_batch_id,
    })),
  };
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
    `SELECT m.id, m.kind, m.season_id, m.legal, m.state, m.plan, n.notice_no, n.tax_item, n.tax_year, n.period, n.amount, n.due_date,
            m.effective_due_date, m.delivered_channel, m.delivered_at, m.opened_at, m.returned_at, m.paper_batch_id,
            m.public_notice_at, m.deemed_served_on, m.withdrawn_reason, m.created_at, m.final_at
       FROM messages m LEFT JOIN notices n ON n.id = m.notice_id
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

export interface PaperBatchRow {
  id: number;
  createdBy: string;
  createdAt: Date;
  notices: number;
  pages: number;
  postagePerPageKrw: number;
  costKrw: number;
  pdfFile: string;
  manifestFile: string;
}

export async function listPaperBatches(q: Queryable, districtCode: string, batchId?: number): Promise<PaperBatchRow[]> {
  const { rows } = await q.query<Record<string, unknown>>(
    `SELECT id, created_by, created_at, notices, pages, postage_per_page_krw, cost_krw, pdf_file, manifest_file
       FROM paper_batches WHERE district_code = $1 AND ($2::bigint IS NULL OR id = $2) ORDER BY id DESC LIMIT 100`,
    [districtCode, batchId ?? null],
  );
  return rows.map((r) => ({
    id: r.id as number,
    createdBy: r.created_by as string,
    createdAt: new Date(r.created_at as Date),
    notices: r.notices as number,
    pages: r.pages as number,
    postagePerPageKrw: r.postage_per_page_krw as number,
    costKrw: Number(r.cost_krw),
    pdfFile: r.pdf_file as string,
    manifestFile: r.manifest_file as string,
  }));
}

export async function countAwaitingPaperInDistrict(q: Queryable, districtCode: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE district_code = $1 AND state = 'awaiting_paper'`, [districtCode]);
  return rows[0]?.n ?? 0;
}

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

/**
 * E-mail refused for the sender's reasons (issue 18): the receiving systems
 * judged the district's mail, not the address (SPF, DKIM or DMARC failed,
 * the sending address or server is on a block list, their policy or spam
 * filter refused it). Counted from failure_cause `sender_rejected`, split by
 * the reason the bounce or the SMTP reply named (kept in failure_detail).
 * Such failures never count against a taxpayer's contact.
 */
export interface SenderSideRefusals {
  /** The window's start and end. */
  since: Date;
  until: Date;
  /** E-mail attempts of the district handed to a provider, or ended, in the window. */
  attempts: number;
  refused: number;
  /** Of the refused: sender authentication (SPF, DKIM, DMARC, reverse DNS). */
  authentication: number;
  /** Of the refused: the sending address, domain or server on a block list. */
  blockList: number;
  /** Of the refused: the receiver's policy or spam filter. */
  policy: number;
  latest: Date | null;
  /** At least SENDER_SIDE_WARNING.minRefused and SENDER_SIDE_WARNING.minShare of the attempts. */
  warn: boolean;
}

/**
 * When the console warns: at least 5 such refusals and at least 2% of the
 * district's e-mail attempts in the last 24 hours. Five keeps one odd
 * receiving system from raising it; 2% is well above what a correctly set-up
 * sender sees (large mailbox providers ask bulk senders to stay under 0.3%
 * of complaints, and authentication failures should be none at all).
 */
export const SENDER_SIDE_WARNING = { windowHours: 24, minRefused: 5, minShare: 0.02 } as const;

export async function senderSideRefusals(q: Queryable, districtCode: string, at?: Date): Promise<SenderSideRefusals> {
  const { rows } = await q.query<{ since: Date; until: Date; attempts: number; refused: number; authentication: number; block_list: number; latest: Date | null }>(
    `WITH w AS (SELECT coalesce($2::timestamptz, now()) - make_interval(hours => $3) AS since, coalesce($2::timestamptz, now()) AS until)
     SELECT w.since, w.until,
            count(a.id)::int AS attempts,
            count(a.id) FILTER (WHERE a.failure_cause = 'sender_rejected')::int AS refused,
            count(a.id) FILTER (WHERE a.failure_cause = 'sender_rejected' AND a.failure_detail LIKE '%sender_auth_failed%')::int AS authentication,
            count(a.id) FILTER (WHERE a.failure_cause = 'sender_rejected' AND a.failure_detail LIKE '%sender_blocked%')::int AS block_list,
            max(a.final_at) FILTER (WHERE a.failure_cause = 'sender_rejected') AS latest
       FROM w LEFT JOIN delivery_attempts a
         ON a.district_code = $1 AND a.channel = 'email'
        AND ((a.claimed_at > w.since AND a.claimed_at <= w.until) OR (a.final_at > w.since AND a.final_at <= w.until))
      GROUP BY w.since, w.until`,
    [districtCode, at ?? null, SENDER_SIDE_WARNING.windowHours],
  );
  const r = rows[0]!;
  const policy = r.refused - r.authentication - r.block_list;
  return {
    since: new Date(r.since),
    until: new Date(r.until),
    attempts: r.attempts,
    refused: r.refused,
    authentication: r.authentication,
    blockList: r.block_list,
    policy,
    latest: r.latest ? new Date(r.latest) : null,
    warn: r.refused >= SENDER_SIDE_WARNING.minRefused && r.refused >= SENDER_SIDE_WARNING.minShare * r.attempts,
  };
}
