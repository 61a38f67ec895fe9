import type { Queryable } from '../../platform/db/database.ts';
import { seasonSummary, type SeasonSummary } from '../season-summary.ts';

// The reads behind the season pages and the seasons API: the district's
// seasons with their progress counts, what issuing would send, and a
// season's figures for the charts. Every query names the district: a season
// of another district is simply not found.

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

/** Notices imported and not issued yet, by season: what the issue form offers to send. */
export interface ReadyRoll {
  taxItem: string;
  taxYear: number;
  period: number;
  notices: number;
  /** The roll files they came from (the latest few). */
  files: string[];
  /** When the last of them was imported. */
  importedAt: Date;
}

/** The district's imported rolls with notices not issued yet, newest import first. */
export async function readyRolls(q: Queryable, districtCode: string): Promise<ReadyRoll[]> {
  const { rows } = await q.query<{ tax_item: string; tax_year: number; period: number; notices: number; files: string[]; imported_at: Date }>(
    `SELECT n.tax_item, n.tax_year, coalesce(n.period, 0)::int AS period, count(*)::int AS notices,
            (array_agg(DISTINCT r.file_name))[1:3] AS files, max(r.finished_at) AS imported_at
       FROM notices n JOIN roll_imports r ON r.id = n.roll_import_id
      WHERE n.district_code = $1
        AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.notice_id = n.id AND m.kind = 'notice')
      GROUP BY n.tax_item, n.tax_year, coalesce(n.period, 0)
      ORDER BY max(r.finished_at) DESC, n.tax_year DESC, n.tax_item, 3
      LIMIT 20`,
    [districtCode],
  );
  return rows.map((r) => ({ taxItem: r.tax_item, taxYear: r.tax_year, period: r.period, notices: r.notices, files: r.files, importedAt: new Date(r.imported_at) }));
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
