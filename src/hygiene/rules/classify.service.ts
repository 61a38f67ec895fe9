import type { Database, Queryable } from '../../platform/db/database.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import { CONTACT_FAILURE_CAUSES, evaluateContacts, type ContactChannel, type ContactFacts, type Finding } from './contact-rules.ts';

// Classification: the rules run over every taxpayer of a district and their
// findings replace the district's rows in contact_checks. The taxpayers are
// read in id order in batches (keyset pagination, so memory stays flat and
// each batch commits on its own), decrypted in Node (the key never reaches
// the database), judged by the pure rules, and written back set-based.
//
// A delivery failure counts against the current contacts only when it came
// after the contacts were last changed: a corrected number starts clean.

export interface ClassifyDeps {
  db: Database;
  cipher: PersonalDataCipher;
}

export interface ClassifyResult {
  runId: number;
  taxpayers: number;
  /** taxpayers with at least one finding */
  flagged: number;
  findings: number;
  byRule: Record<string, number>;
}

interface FactsRow {
  id: number;
  mobile_enc: Uint8Array | null;
  email_enc: Uint8Array | null;
  has_key: boolean;
  enrol_kakao: boolean;
  enrol_sms: boolean;
  enrol_email: boolean;
  failures: string[] | null;
}

const FACTS_COLUMNS = `t.id, t.mobile_enc, t.email_enc, t.identity_key_hash IS NOT NULL AS has_key, t.enrol_kakao, t.enrol_sms, t.enrol_email,
  ARRAY(SELECT DISTINCT a.channel || ':' || a.failure_cause
          FROM messages m JOIN delivery_attempts a ON a.message_id = m.id
         WHERE m.taxpayer_id = t.id AND a.state = 'failed' AND a.failure_cause = ANY($CAUSES::text[])
           AND a.final_at >= t.contact_updated_at) AS failures`;

function factsOf(cipher: PersonalDataCipher, row: FactsRow): ContactFacts {
  return {
    mobile: cipher.decryptNullable(row.mobile_enc),
    email: cipher.decryptNullable(row.email_enc),
    hasIdentityKey: row.has_key,
    enrol: { kakao: row.enrol_kakao, sms: row.enrol_sms, email: row.enrol_email },
    failures: (row.failures ?? []).map((f) => {
      const colon = f.indexOf(':');
      return { channel: f.slice(0, colon) as ContactChannel, cause: f.slice(colon + 1) };
    }),
  };
}

/** Replaces the findings of these taxpayers (all of one district) with the given ones, keeping detected_at of those that stay. */
async function writeFindings(q: Queryable, districtCode: string, taxpayerIds: number[], found: { taxpayerId: number; finding: Finding }[]): Promise<void> {
  await q.query(
    `WITH f AS (
       SELECT * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS f(taxpayer_id, rule_code, field, severity)),
     gone AS (
       DELETE FROM contact_checks c
        WHERE c.taxpayer_id = ANY($1::bigint[])
          AND NOT EXISTS (SELECT 1 FROM f WHERE f.taxpayer_id = c.taxpayer_id AND f.rule_code = c.rule_code))
     INSERT INTO contact_checks (taxpayer_id, district_code, rule_code, field, severity)
     SELECT taxpayer_id, $6, rule_code, field, severity FROM f
     ON CONFLICT (taxpayer_id, rule_code) DO UPDATE SET field = EXCLUDED.field, severity = EXCLUDED.severity
      WHERE (contact_checks.field, contact_checks.severity) IS DISTINCT FROM (EXCLUDED.field, EXCLUDED.severity)`,
    [
      taxpayerIds,
      found.map((x) => x.taxpayerId),
      found.map((x) => x.finding.code),
      found.map((x) => x.finding.field),
      found.map((x) => x.finding.severity),
      districtCode,
    ],
  );
}

function judge(cipher: PersonalDataCipher, rows: FactsRow[]): { taxpayerId: number; finding: Finding }[] {
  const out: { taxpayerId: number; finding: Finding }[] = [];
  for (const row of rows) for (const finding of evaluateContacts(factsOf(cipher, row))) out.push({ taxpayerId: row.id, finding });
  return out;
}

/**
 * Re-runs the rules for some taxpayers of a district, inside the caller's
 * transaction (the contact update service calls it after a change).
 * Returns the findings now stored for them.
 */
export async function classifyTaxpayers(q: Queryable, cipher: PersonalDataCipher, districtCode: string, taxpayerIds: number[]): Promise<Map<number, Finding[]>> {
  const result = new Map<number, Finding[]>(taxpayerIds.map((id) => [id, []]));
  if (taxpayerIds.length === 0) return result;
  const { rows } = await q.query<FactsRow>(
    `SELECT ${FACTS_COLUMNS.replace('$CAUSES', '$3')} FROM taxpayers t WHERE t.district_code = $1 AND t.id = ANY($2::bigint[])`,
    [districtCode, taxpayerIds, CONTACT_FAILURE_CAUSES],
  );
  const found = judge(cipher, rows);
  await writeFindings(q, districtCode, rows.map((r) => r.id), found);
  for (const x of found) result.get(x.taxpayerId)?.push(x.finding);
  return result;
}

/**
 * Classifies every taxpayer of a district: batches of `batchSize` in id
 * order, each read, judged and written in its own transaction, then a run
 * record. Safe to run while other work goes on; a taxpayer changed during
 * the run is re-classified by the change itself.
 */
export async function classifyDistrict(
  deps: ClassifyDeps,
  districtCode: string,
  opts: { batchSize?: number; runBy?: string; onProgress?: (done: number) => void } = {},
): Promise<ClassifyResult> {
  const batchSize = opts.batchSize ?? 5000;
  const startedAt = new Date();
  const byRule: Record<string, number> = {};
  let after = 0;
  let taxpayers = 0;
  let flagged = 0;
  let findings = 0;
  const select = `SELECT ${FACTS_COLUMNS.replace('$CAUSES', '$4')} FROM taxpayers t
                   WHERE t.district_code = $1 AND t.id > $2 ORDER BY t.id LIMIT $3`;
  for (;;) {
    const batch = await deps.db.transaction(async (tx) => {
      const { rows } = await tx.query<FactsRow>(select, [districtCode, after, batchSize, CONTACT_FAILURE_CAUSES]);
      if (rows.length === 0) return null;
      const found = judge(deps.cipher, rows);
      await writeFindings(tx, districtCode, rows.map((r) => r.id), found);
      return { rows, found };
    });
    if (!batch) break;
    const { rows, found } = batch;
    after = Number(rows[rows.length - 1]!.id);
    taxpayers += rows.length;
    findings += found.length;
    let last = -1;
    for (const x of found) {
      byRule[x.finding.code] = (byRule[x.finding.code] ?? 0) + 1;
      if (x.taxpayerId !== last) flagged++;
      last = x.taxpayerId;
    }
    opts.onProgress?.(taxpayers);
    if (rows.length < batchSize) break;
  }
  const { rows } = await deps.db.query<{ id: number }>(
    `INSERT INTO contact_check_runs (district_code, started_at, taxpayers, flagged, findings, run_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [districtCode, startedAt, taxpayers, flagged, findings, opts.runBy ?? 'system'],
  );
  return { runId: Number(rows[0]!.id), taxpayers, flagged, findings, byRule };
}
