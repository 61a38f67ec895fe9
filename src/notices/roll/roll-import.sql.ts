// The set-based SQL of the roll import. Rows are first loaded into two
// temporary tables (one row per notice, one per distinct taxpayer) with COPY,
// then merged into the registry with a handful of statements: the cost is
// per file, not per row.

export const CREATE_STAGE = `
CREATE TEMP TABLE roll_stage_notices (
  line integer NOT NULL,
  notice_no text NOT NULL,
  tax_year integer NOT NULL,
  taxpayer_no text NOT NULL,
  tax_item text NOT NULL,
  period smallint,
  amount bigint NOT NULL,
  due_date date NOT NULL,
  payment_account text,
  name text NOT NULL,
  birth_date_hash bytea NOT NULL,
  raw text
) ON COMMIT DROP;
-- one row per taxpayer and line where it was sealed; more than one per
-- taxpayer when the rows of a taxpayer lie far apart in the file
CREATE TEMP TABLE roll_stage_taxpayer_rows (
  taxpayer_no text NOT NULL,
  line integer NOT NULL,
  name text NOT NULL,
  birth_date_enc bytea NOT NULL,
  birth_date_hash bytea NOT NULL,
  identity_key_enc bytea,
  identity_key_hash bytea,
  mobile_enc bytea,
  mobile_hash bytea,
  mobile_legacy boolean NOT NULL,
  email_enc bytea,
  email_hash bytea,
  postal_code text NOT NULL,
  address text NOT NULL,
  enrol_kakao boolean NOT NULL,
  enrol_sms boolean NOT NULL,
  enrol_email boolean NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE roll_changed_taxpayers (id bigint PRIMARY KEY) ON COMMIT DROP;
`;

export const STAGE_NOTICE_COLUMNS = [
  'line', 'notice_no', 'tax_year', 'taxpayer_no', 'tax_item', 'period', 'amount', 'due_date', 'payment_account', 'name',
  'birth_date_hash', 'raw',
] as const;

export const STAGE_TAXPAYER_COLUMNS = [
  'taxpayer_no', 'line', 'name', 'birth_date_enc', 'birth_date_hash', 'identity_key_enc', 'identity_key_hash',
  'mobile_enc', 'mobile_hash', 'mobile_legacy', 'email_enc', 'email_hash', 'postal_code', 'address',
  'enrol_kakao', 'enrol_sms', 'enrol_email',
] as const;

// Rows whose taxpayer_no is on an earlier line with another name or date of birth.
export const TAXPAYER_MISMATCHES = `
SELECT n.line, f.line AS first_line, n.raw
FROM roll_stage_notices n
JOIN (SELECT DISTINCT ON (taxpayer_no) taxpayer_no, line, name, birth_date_hash
      FROM roll_stage_notices ORDER BY taxpayer_no, line) f ON f.taxpayer_no = n.taxpayer_no
WHERE n.name <> f.name OR n.birth_date_hash <> f.birth_date_hash
ORDER BY n.line`;

export const DROP_LINES = 'DELETE FROM roll_stage_notices WHERE line = ANY ($1::integer[])';

// One row per taxpayer: the earliest sealed row that agrees with the
// taxpayer's first remaining line on name and date of birth.
export const DISTINCT_TAXPAYERS = `
CREATE TEMP TABLE roll_stage_taxpayers ON COMMIT DROP AS
SELECT DISTINCT ON (s.taxpayer_no) s.*
FROM roll_stage_taxpayer_rows s
JOIN (SELECT DISTINCT ON (taxpayer_no) taxpayer_no, name, birth_date_hash
      FROM roll_stage_notices ORDER BY taxpayer_no, line) f
  ON f.taxpayer_no = s.taxpayer_no AND f.name = s.name AND f.birth_date_hash = s.birth_date_hash
ORDER BY s.taxpayer_no, s.line`;

// Every notice staged for the merge has its taxpayer staged too (an
// aggregate, not LIMIT 1: a limit tempts the planner into a nested loop).
export const NOTICES_WITHOUT_TAXPAYER = `
SELECT count(*)::integer AS n, min(n.line) AS line FROM roll_stage_notices n
WHERE NOT EXISTS (SELECT 1 FROM roll_stage_taxpayers s WHERE s.taxpayer_no = n.taxpayer_no)`;

export const DUPLICATE_NOTICES = `
SELECT tax_year, notice_no, array_agg(line ORDER BY line) AS lines, array_agg(raw ORDER BY line) AS raws
FROM roll_stage_notices
GROUP BY tax_year, notice_no
HAVING count(*) > 1
ORDER BY min(line)`;

// notice_no (with the tax year) is the key: a notice already there with the
// same values is left alone, so importing the same file twice changes nothing.
// Changed notices are updated and new ones inserted by plain INSERT: ON
// CONFLICT's speculative insertion cost ~30% more per row, and the merge
// holds the district's import lock (IMPORT_LOCK), so no other import adds
// the same notice meanwhile. $1 district, $2 import id
export const UPSERT_NOTICES = `
WITH upd AS (
  UPDATE notices x SET
    taxpayer_id = t.id,
    tax_item = n.tax_item,
    period = n.period,
    amount = n.amount,
    due_date = n.due_date,
    payment_account = n.payment_account,
    roll_import_id = $2,
    updated_at = now()
  FROM roll_stage_notices n
  JOIN taxpayers t ON t.district_code = $1 AND t.taxpayer_no = n.taxpayer_no
  WHERE x.district_code = $1 AND x.tax_year = n.tax_year AND x.notice_no = n.notice_no
    AND (x.taxpayer_id, x.tax_item, x.period, x.amount, x.due_date, x.payment_account)
      IS DISTINCT FROM (t.id, n.tax_item, n.period, n.amount, n.due_date, n.payment_account)
  RETURNING 1
), ins AS (
  INSERT INTO notices (district_code, tax_year, notice_no, taxpayer_id, tax_item, period, amount, due_date, payment_account, roll_import_id)
  SELECT $1, n.tax_year, n.notice_no, t.id, n.tax_item, n.period, n.amount, n.due_date, n.payment_account, $2
  FROM roll_stage_notices n
  JOIN taxpayers t ON t.district_code = $1 AND t.taxpayer_no = n.taxpayer_no
  WHERE NOT EXISTS (SELECT 1 FROM notices x WHERE x.district_code = $1 AND x.tax_year = n.tax_year AND x.notice_no = n.notice_no)
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::integer AS inserted, (SELECT count(*) FROM upd)::integer AS updated`;

// One merge at a time per district: the merge reads the registry, then
// inserts what is not there yet. $1 district
export const IMPORT_LOCK = "SELECT pg_advisory_xact_lock(hashtext('taxstation.roll_import'), hashtext($1))";

// Rows whose notice stayed as it was but whose taxpayer this import changed
// count as updated too. $1 district, $2 import id
export const COUNT_TAXPAYER_ONLY_UPDATES = `
SELECT count(*)::integer AS n
FROM roll_stage_notices s
JOIN taxpayers t ON t.district_code = $1 AND t.taxpayer_no = s.taxpayer_no
JOIN roll_changed_taxpayers c ON c.id = t.id
JOIN notices x ON x.district_code = $1 AND x.tax_year = s.tax_year AND x.notice_no = s.notice_no
WHERE x.roll_import_id <> $2`;
