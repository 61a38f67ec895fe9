-- Platform: districts (the tenants), staff accounts, sessions, login
-- throttling and the append-only audit log.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE districts (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,30}$'),
  name_ko text NOT NULL,
  name_en text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_accounts (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'tax_official', 'desk_agent', 'expert', 'lecturer')),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);
CREATE INDEX staff_accounts_district ON staff_accounts (district_code, role);

-- The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE staff_sessions (
  token_hash bytea PRIMARY KEY,
  staff_id bigint NOT NULL REFERENCES staff_accounts(id),
  district_code text NOT NULL REFERENCES districts(code),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- Failed logins per key (username or client address) for throttling,
-- shared by every serve process.
CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  throttle_key text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, failed_at);

-- Who did what, when and why, for every change to personal data. Rows are
-- never updated or deleted: the triggers below refuse it.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  at timestamptz NOT NULL DEFAULT now(),
  actor_type text NOT NULL CHECK (actor_type IN ('staff', 'taxpayer', 'system', 'import')),
  actor_id text,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  reason text NOT NULL,
  source text NOT NULL DEFAULT 'system' CHECK (source IN ('roll', 'official', 'self_service', 'chat', 'system', 'delivery')),
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_entity ON audit_log (district_code, entity_type, entity_id, at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
