import type { Queryable } from '../../platform/db/database.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import { maskEmail, maskPhone } from '../../taxpayers/taxpayers.repository.ts';
import { RULE_CODES } from '../rules/contact-rules.ts';

// The risk list of a district: taxpayers with at least one finding in
// contact_checks, counts per reason, pages for the console, and a stream for
// the CSV export. Contacts leave this module masked, never in clear.

export const RISK_PAGE_SIZE = 50;

export interface RiskCounts {
  /** taxpayers with at least one finding */
  flagged: number;
  byReason: { reason: string; count: number }[];
  lastRun: { finishedAt: Date; taxpayers: number; runBy: string } | null;
}

export async function riskCounts(q: Queryable, districtCode: string): Promise<RiskCounts> {
  const [byRule, flagged, run] = await Promise.all([
    q.query<{ rule_code: string; n: number }>(
      `SELECT rule_code, count(*)::int AS n FROM contact_checks WHERE district_code = $1 GROUP BY rule_code`,
      [districtCode],
    ),
    q.query<{ n: number }>(`SELECT count(DISTINCT taxpayer_id)::int AS n FROM contact_checks WHERE district_code = $1`, [districtCode]),
    q.query<{ finished_at: Date; taxpayers: number; run_by: string }>(
      `SELECT finished_at, taxpayers, run_by FROM contact_check_runs WHERE district_code = $1 ORDER BY finished_at DESC, id DESC LIMIT 1`,
      [districtCode],
    ),
  ]);
  const counts = new Map(byRule.rows.map((r) => [r.rule_code, r.n]));
  const r = run.rows[0];
  return {
    flagged: flagged.rows[0]?.n ?? 0,
    // every rule appears, in the rules' order, with 0 when nobody is flagged for it
    byReason: RULE_CODES.map((reason) => ({ reason, count: counts.get(reason) ?? 0 })),
    lastRun: r ? { finishedAt: new Date(r.finished_at), taxpayers: r.taxpayers, runBy: r.run_by } : null,
  };
}

export interface RiskRow {
  taxpayerId: number;
  taxpayerNo: string;
  name: string;
  reasons: string[];
  /** 010-****-5678 */
  mobileMasked: string | null;
  /** m****@example.kr */
  emailMasked: string | null;
  enrolled: ('kakao' | 'sms' | 'email')[];
  detectedAt: Date;
}

interface RawRiskRow {
  id: number;
  taxpayer_no: string;
  name: string;
  mobile_enc: Uint8Array | null;
  email_enc: Uint8Array | null;
  enrol_kakao: boolean;
  enrol_sms: boolean;
  enrol_email: boolean;
  reasons: string[];
  detected_at: Date;
}

function toRiskRow(cipher: PersonalDataCipher, r: RawRiskRow): RiskRow {
  const mobile = cipher.decryptNullable(r.mobile_enc);
  const email = cipher.decryptNullable(r.email_enc);
  const order = (code: string) => RULE_CODES.indexOf(code);
  return {
    taxpayerId: Number(r.id),
    taxpayerNo: r.taxpayer_no,
    name: r.name,
    reasons: [...r.reasons].sort((a, b) => order(a) - order(b)),
    mobileMasked: mobile === null ? null : maskPhone(mobile),
    emailMasked: email === null ? null : maskEmail(email),
    enrolled: [r.enrol_kakao && 'kakao', r.enrol_sms && 'sms', r.enrol_email && 'email'].filter(Boolean) as RiskRow['enrolled'],
    detectedAt: new Date(r.detected_at),
  };
}

// One row per flagged taxpayer; with a reason, only taxpayers flagged for it
// (their other reasons are still listed).
const RISK_SELECT = `
  SELECT t.id, t.taxpayer_no, t.name, t.mobile_enc, t.email_enc, t.enrol_kakao, t.enrol_sms, t.enrol_email,
         c.reasons, c.detected_at
    FROM (SELECT taxpayer_id, array_agg(rule_code) AS reasons, min(detected_at) AS detected_at
            FROM contact_checks
           WHERE district_code = $1 AND taxpayer_id > $3
             AND ($2::text IS NULL OR taxpayer_id IN (SELECT taxpayer_id FROM contact_checks WHERE district_code = $1 AND rule_code = $2 AND taxpayer_id > $3))
           GROUP BY taxpayer_id
           ORDER BY taxpayer_id
           LIMIT $4 OFFSET $5) c
    JOIN taxpayers t ON t.id = c.taxpayer_id AND t.district_code = $1
   ORDER BY t.id`;

export async function riskPage(
  q: Queryable,
  cipher: PersonalDataCipher,
  districtCode: string,
  opts: { reason?: string; page: number },
): Promise<{ rows: RiskRow[]; total: number; page: number; pageSize: number }> {
  const reason = opts.reason ?? null;
  const [list, total] = await Promise.all([
    q.query<RawRiskRow>(RISK_SELECT, [districtCode, reason, 0, RISK_PAGE_SIZE, (opts.page - 1) * RISK_PAGE_SIZE]),
    q.query<{ n: number }>(
      reason
        ? `SELECT count(*)::int AS n FROM contact_checks WHERE district_code = $1 AND rule_code = $2`
        : `SELECT count(DISTINCT taxpayer_id)::int AS n FROM contact_checks WHERE district_code = $1 AND $2::text IS NULL`,
      [districtCode, reason],
    ),
  ]);
  return { rows: list.rows.map((r) => toRiskRow(cipher, r)), total: total.rows[0]?.n ?? 0, page: opts.page, pageSize: RISK_PAGE_SIZE };
}

/** Every row of the risk list in taxpayer order, read in keyset batches (flat memory at any size). */
export async function* riskRows(q: Queryable, cipher: PersonalDataCipher, districtCode: string, opts: { reason?: string; batchSize?: number } = {}): AsyncGenerator<RiskRow> {
  const batchSize = opts.batchSize ?? 2000;
  let after = 0;
  for (;;) {
    const { rows } = await q.query<RawRiskRow>(RISK_SELECT, [districtCode, opts.reason ?? null, after, batchSize, 0]);
    for (const r of rows) yield toRiskRow(cipher, r);
    if (rows.length < batchSize) return;
    after = Number(rows[rows.length - 1]!.id);
  }
}
