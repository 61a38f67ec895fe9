-- The taxpayer registry and the tax rolls imported into it.
-- Identification key, date of birth, mobile and e-mail are stored encrypted
-- (*_enc, AES-256-GCM) with a keyed hash (*_hash, HMAC-SHA-256) for look-up.

CREATE TABLE taxpayers (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  taxpayer_no text NOT NULL CHECK (length(taxpayer_no) BETWEEN 1 AND 40),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  birth_date_enc bytea NOT NULL,
  birth_date_hash bytea NOT NULL,
  identity_key_enc bytea,
  identity_key_hash bytea,
  mobile_enc bytea,
  mobile_hash bytea,
  -- a 10-digit 01X number (016-123-4567): accepted, but on a dead prefix
  mobile_legacy boolean NOT NULL DEFAULT false,
  email_enc bytea,
  email_hash bytea,
  postal_code text NOT NULL CHECK (postal_code ~ '^[0-9]{5}$'),
  address text NOT NULL,
  enrol_kakao boolean NOT NULL DEFAULT false,
  enrol_sms boolean NOT NULL DEFAULT false,
  enrol_email boolean NOT NULL DEFAULT false,
  -- who set the contact data last: a roll does not silently overwrite a
  -- correction made by an official, the taxpayer or through chat
  contact_source text NOT NULL DEFAULT 'roll' CHECK (contact_source IN ('roll', 'official', 'self_service', 'chat')),
  contact_updated_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (district_code, taxpayer_no),
  CHECK ((mobile_enc IS NULL) = (mobile_hash IS NULL)),
  CHECK ((email_enc IS NULL) = (email_hash IS NULL)),
  CHECK ((identity_key_enc IS NULL) = (identity_key_hash IS NULL))
);
CREATE INDEX taxpayers_name_birth ON taxpayers (district_code, name, birth_date_hash);
CREATE INDEX taxpayers_mobile ON taxpayers (district_code, mobile_hash) WHERE mobile_hash IS NOT NULL;
CREATE INDEX taxpayers_email ON taxpayers (district_code, email_hash) WHERE email_hash IS NOT NULL;
CREATE INDEX taxpayers_identity_key ON taxpayers (district_code, identity_key_hash) WHERE identity_key_hash IS NOT NULL;

CREATE TABLE roll_imports (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  file_name text NOT NULL,
  file_sha256 text NOT NULL,
  encoding text NOT NULL,
  rows_total integer NOT NULL,
  rows_inserted integer NOT NULL,
  rows_updated integer NOT NULL,
  rows_unchanged integer NOT NULL,
  rows_rejected integer NOT NULL,
  conflicts integer NOT NULL,
  imported_by text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  report jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX roll_imports_district ON roll_imports (district_code, finished_at);

CREATE TABLE notices (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  tax_year integer NOT NULL CHECK (tax_year BETWEEN 1990 AND 2200),
  notice_no text NOT NULL CHECK (length(notice_no) BETWEEN 1 AND 40),
  taxpayer_id bigint NOT NULL REFERENCES taxpayers(id),
  tax_item text NOT NULL CHECK (tax_item IN ('property_tax', 'vehicle_tax', 'resident_tax', 'local_income_tax', 'registration_license_tax')),
  period smallint CHECK (period BETWEEN 1 AND 12),
  amount bigint NOT NULL CHECK (amount >= 0),
  due_date date NOT NULL,
  payment_account text,
  roll_import_id bigint NOT NULL REFERENCES roll_imports(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (district_code, tax_year, notice_no)
);
CREATE INDEX notices_taxpayer ON notices (taxpayer_id);
CREATE INDEX notices_season ON notices (district_code, tax_item, tax_year, period);

-- A roll row whose contact data differs from a later correction: the
-- correction is kept, the difference waits here for an official.
CREATE TABLE contact_conflicts (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  taxpayer_id bigint NOT NULL REFERENCES taxpayers(id),
  roll_import_id bigint NOT NULL REFERENCES roll_imports(id),
  line integer NOT NULL,
  -- names of the differing fields: identity_key, mobile, email, e_notice
  fields text[] NOT NULL CHECK (cardinality(fields) > 0),
  -- the roll's contact values, each encrypted like the taxpayer's own
  -- columns (decrypt with the same cipher); enrolment as the roll had it
  identity_key_enc bytea,
  mobile_enc bytea,
  mobile_legacy boolean NOT NULL DEFAULT false,
  email_enc bytea,
  enrol_kakao boolean NOT NULL,
  enrol_sms boolean NOT NULL,
  enrol_email boolean NOT NULL,
  -- SHA-256 over the roll's look-up hashes: the same open difference is filed once
  roll_values_hash bytea NOT NULL,
  detected_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by text
);
CREATE INDEX contact_conflicts_open ON contact_conflicts (district_code) WHERE resolved_at IS NULL;
CREATE INDEX contact_conflicts_taxpayer ON contact_conflicts (taxpayer_id) WHERE resolved_at IS NULL;
