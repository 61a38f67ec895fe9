-- Contact hygiene: the current findings of the contact validation rules for
-- each taxpayer (one row per rule that holds), and a record of each
-- classification run. Findings are recomputed from the sealed contacts and
-- the delivery history; detected_at keeps the first time a finding was seen.

CREATE TABLE contact_checks (
  taxpayer_id bigint NOT NULL REFERENCES taxpayers(id) ON DELETE CASCADE,
  district_code text NOT NULL REFERENCES districts(code),
  rule_code text NOT NULL CHECK (rule_code ~ '^[a-z][a-z0-9_]{1,59}$'),
  field text NOT NULL CHECK (field IN ('mobile', 'email', 'identity_key', 'enrolment')),
  severity text NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
  detected_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (taxpayer_id, rule_code)
);
-- the risk list: counts per reason and pages of taxpayers per reason
CREATE INDEX contact_checks_district_rule ON contact_checks (district_code, rule_code, taxpayer_id);
CREATE INDEX contact_checks_district_taxpayer ON contact_checks (district_code, taxpayer_id);

-- classification walks a district's taxpayers in id order (keyset pagination)
CREATE INDEX taxpayers_district_id ON taxpayers (district_code, id);

CREATE TABLE contact_check_runs (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  taxpayers integer NOT NULL CHECK (taxpayers >= 0),
  flagged integer NOT NULL CHECK (flagged >= 0),
  findings integer NOT NULL CHECK (findings >= 0),
  run_by text NOT NULL
);
CREATE INDEX contact_check_runs_district ON contact_check_runs (district_code, finished_at);
