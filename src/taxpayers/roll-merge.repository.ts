import type { Queryable } from '../platform/db/database.ts';
import { AUDIT_INSERT_FROM_SELECT } from '../platform/audit/audit.ts';

// The registry's side of the tax-roll import (notices/roll): the import
// stages one row per taxpayer in its temporary table roll_stage_taxpayers
// (sealed values and look-up hashes, see notices/roll/roll-import.sql.ts) and,
// in its transaction and under its lock, calls these set-based statements to
// merge them into taxpayers, each change with its audit row (field names and
// ids only) and each taxpayer it changed listed in roll_changed_taxpayers.
// The cost is per file, not per row.

// Contact data corrected after a roll (contact_source other than 'roll')
// is kept; where this roll says something else the difference is filed.
// $1 district, $2 import id
const RECORD_CONFLICTS = `
WITH diff AS (
  SELECT t.id, s.line, s.taxpayer_no, s.identity_key_enc, s.mobile_enc, s.mobile_legacy, s.email_enc,
    s.enrol_kakao, s.enrol_sms, s.enrol_email,
    sha256(coalesce(s.identity_key_hash, '\\x00'::bytea) || coalesce(s.mobile_hash, '\\x00'::bytea) || coalesce(s.email_hash, '\\x00'::bytea)
      || CASE WHEN s.enrol_kakao THEN '\\x01'::bytea ELSE '\\x00'::bytea END
      || CASE WHEN s.enrol_sms THEN '\\x01'::bytea ELSE '\\x00'::bytea END
      || CASE WHEN s.enrol_email THEN '\\x01'::bytea ELSE '\\x00'::bytea END) AS values_hash,
    array_remove(ARRAY[
      CASE WHEN t.identity_key_hash IS DISTINCT FROM s.identity_key_hash THEN 'identity_key' END,
      CASE WHEN t.mobile_hash IS DISTINCT FROM s.mobile_hash THEN 'mobile' END,
      CASE WHEN t.email_hash IS DISTINCT FROM s.email_hash THEN 'email' END,
      CASE WHEN (t.enrol_kakao, t.enrol_sms, t.enrol_email) IS DISTINCT FROM (s.enrol_kakao, s.enrol_sms, s.enrol_email) THEN 'e_notice' END
    ], NULL) AS fields
  FROM roll_stage_taxpayers s
  JOIN taxpayers t ON t.district_code = $1 AND t.taxpayer_no = s.taxpayer_no
  WHERE t.contact_source <> 'roll'
), found AS (
  SELECT * FROM diff WHERE cardinality(fields) > 0
), filed AS (
  -- the same open difference is filed once, however often the roll is imported
  INSERT INTO contact_conflicts (district_code, taxpayer_id, roll_import_id, line, fields, roll_values_hash,
    identity_key_enc, mobile_enc, mobile_legacy, email_enc, enrol_kakao, enrol_sms, enrol_email)
  SELECT $1, f.id, $2, f.line, f.fields, f.values_hash,
    f.identity_key_enc, f.mobile_enc, f.mobile_legacy, f.email_enc, f.enrol_kakao, f.enrol_sms, f.enrol_email
  FROM found f
  WHERE NOT EXISTS (
    SELECT 1 FROM contact_conflicts c
    WHERE c.taxpayer_id = f.id AND c.resolved_at IS NULL AND c.roll_values_hash = f.values_hash
  )
)
SELECT line, taxpayer_no, fields FROM found ORDER BY line`;

// Existing taxpayers: name, date of birth and address always follow the
// roll; contact data only while the roll is its source. $1 district,
// $2 actor id, $3 reason, $4 import id
const UPDATE_TAXPAYERS = `
WITH diff AS (
  SELECT t.id, s.taxpayer_no,
    array_remove(ARRAY[
      CASE WHEN t.name <> s.name THEN 'name' END,
      CASE WHEN t.birth_date_hash <> s.birth_date_hash THEN 'birth_date' END,
      CASE WHEN t.postal_code <> s.postal_code OR t.address <> s.address THEN 'address' END,
      CASE WHEN t.contact_source = 'roll' AND t.identity_key_hash IS DISTINCT FROM s.identity_key_hash THEN 'identity_key' END,
      CASE WHEN t.contact_source = 'roll' AND t.mobile_hash IS DISTINCT FROM s.mobile_hash THEN 'mobile' END,
      CASE WHEN t.contact_source = 'roll' AND t.email_hash IS DISTINCT FROM s.email_hash THEN 'email' END,
      CASE WHEN t.contact_source = 'roll'
        AND (t.enrol_kakao, t.enrol_sms, t.enrol_email) IS DISTINCT FROM (s.enrol_kakao, s.enrol_sms, s.enrol_email) THEN 'e_notice' END
    ], NULL) AS fields
  FROM roll_stage_taxpayers s
  JOIN taxpayers t ON t.district_code = $1 AND t.taxpayer_no = s.taxpayer_no
), changed AS (
  SELECT * FROM diff WHERE cardinality(fields) > 0
), upd AS (
  UPDATE taxpayers t SET
    name = s.name,
    birth_date_enc = CASE WHEN 'birth_date' = ANY (c.fields) THEN s.birth_date_enc ELSE t.birth_date_enc END,
    birth_date_hash = s.birth_date_hash,
    postal_code = s.postal_code,
    address = s.address,
    identity_key_enc = CASE WHEN 'identity_key' = ANY (c.fields) THEN s.identity_key_enc ELSE t.identity_key_enc END,
    identity_key_hash = CASE WHEN 'identity_key' = ANY (c.fields) THEN s.identity_key_hash ELSE t.identity_key_hash END,
    mobile_enc = CASE WHEN 'mobile' = ANY (c.fields) THEN s.mobile_enc ELSE t.mobile_enc END,
    mobile_hash = CASE WHEN 'mobile' = ANY (c.fields) THEN s.mobile_hash ELSE t.mobile_hash END,
    mobile_legacy = CASE WHEN 'mobile' = ANY (c.fields) THEN s.mobile_legacy ELSE t.mobile_legacy END,
    email_enc = CASE WHEN 'email' = ANY (c.fields) THEN s.email_enc ELSE t.email_enc END,
    email_hash = CASE WHEN 'email' = ANY (c.fields) THEN s.email_hash ELSE t.email_hash END,
    enrol_kakao = CASE WHEN 'e_notice' = ANY (c.fields) THEN s.enrol_kakao ELSE t.enrol_kakao END,
    enrol_sms = CASE WHEN 'e_notice' = ANY (c.fields) THEN s.enrol_sms ELSE t.enrol_sms END,
    enrol_email = CASE WHEN 'e_notice' = ANY (c.fields) THEN s.enrol_email ELSE t.enrol_email END,
    contact_updated_at = CASE WHEN c.fields && ARRAY['identity_key', 'mobile', 'email', 'e_notice'] THEN now() ELSE t.contact_updated_at END,
    updated_at = now()
  FROM changed c
  JOIN roll_stage_taxpayers s ON s.taxpayer_no = c.taxpayer_no
  WHERE t.id = c.id
  RETURNING t.id
), audit AS (
  ${AUDIT_INSERT_FROM_SELECT}
  SELECT $1, 'import', $2, 'taxpayer.updated', 'taxpayer', c.id::text, $3, 'roll',
    jsonb_build_object('roll_import_id', $4::bigint, 'fields', to_jsonb(c.fields))
  FROM changed c
)
INSERT INTO roll_changed_taxpayers (id) SELECT id FROM upd`;

// New taxpayers (plain INSERT under IMPORT_LOCK, as for notices), each with
// its audit row. $1 district, $2 actor id, $3 reason, $4 import id
const INSERT_TAXPAYERS = `
WITH ins AS (
  INSERT INTO taxpayers (district_code, taxpayer_no, name, birth_date_enc, birth_date_hash, identity_key_enc, identity_key_hash,
    mobile_enc, mobile_hash, mobile_legacy, email_enc, email_hash, postal_code, address, enrol_kakao, enrol_sms, enrol_email, contact_source)
  SELECT $1, s.taxpayer_no, s.name, s.birth_date_enc, s.birth_date_hash, s.identity_key_enc, s.identity_key_hash,
    s.mobile_enc, s.mobile_hash, s.mobile_legacy, s.email_enc, s.email_hash, s.postal_code, s.address,
    s.enrol_kakao, s.enrol_sms, s.enrol_email, 'roll'
  FROM roll_stage_taxpayers s
  WHERE NOT EXISTS (SELECT 1 FROM taxpayers t WHERE t.district_code = $1 AND t.taxpayer_no = s.taxpayer_no)
  RETURNING id, identity_key_hash IS NOT NULL AS has_identity_key, mobile_hash IS NOT NULL AS has_mobile, email_hash IS NOT NULL AS has_email,
    enrol_kakao OR enrol_sms OR enrol_email AS has_e_notice
)
${AUDIT_INSERT_FROM_SELECT}
SELECT $1, 'import', $2, 'taxpayer.created', 'taxpayer', ins.id::text, $3, 'roll',
  jsonb_build_object('roll_import_id', $4::bigint, 'fields', to_jsonb(array_remove(ARRAY['name', 'birth_date', 'address',
    CASE WHEN has_identity_key THEN 'identity_key' END, CASE WHEN has_mobile THEN 'mobile' END,
    CASE WHEN has_email THEN 'email' END, CASE WHEN has_e_notice THEN 'e_notice' END], NULL)))
FROM ins`;

export interface RollMerge {
  districtCode: string;
  importId: number;
  /** Audit actor id and reason of the import. */
  actorId: string;
  reason: string;
}

/** Files the differences between the roll and contacts corrected since (once per open difference); returns them by line. */
export async function recordRollContactConflicts(
  tx: Queryable,
  merge: Pick<RollMerge, 'districtCode' | 'importId'>,
): Promise<{ line: number; taxpayer_no: string; fields: string[] }[]> {
  const { rows } = await tx.query<{ line: number; taxpayer_no: string; fields: string[] }>(RECORD_CONFLICTS, [merge.districtCode, merge.importId]);
  return rows;
}

/** Updates the taxpayers already registered and inserts the new ones, each audited. */
export async function mergeRollTaxpayers(tx: Queryable, merge: RollMerge): Promise<void> {
  const params = [merge.districtCode, merge.actorId, merge.reason, merge.importId];
  await tx.query(UPDATE_TAXPAYERS, params);
  await tx.query(INSERT_TAXPAYERS, params);
}
