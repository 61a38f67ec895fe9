-- Issue 20: an optional second factor (TOTP, RFC 6238) per staff account,
-- and a district's rule that its administrators must use one. Written by the
-- platform only (src/platform/auth/totp/totp.repository.ts).

-- The account's authenticator secret, sealed like other personal data
-- (AES-256-GCM, platform/crypto.ts). enabled_at is NULL while enrolment
-- waits for the first correct code. last_time_step is the 30-second step of
-- the last code accepted: a code is never accepted twice, nor an older one.
CREATE TABLE staff_totp (
  staff_id bigint PRIMARY KEY REFERENCES staff_accounts(id),
  district_code text NOT NULL REFERENCES districts(code),
  secret_enc bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  enabled_at timestamptz,
  last_time_step bigint CHECK (last_time_step IS NULL OR last_time_step >= 0),
  CHECK (enabled_at IS NOT NULL OR last_time_step IS NULL)
);

-- One-time recovery codes given at enrolment: only a keyed hash (HMAC of
-- the account and the code) is stored; each works once.
CREATE TABLE staff_totp_recovery_codes (
  code_hash bytea PRIMARY KEY CHECK (octet_length(code_hash) = 32),
  staff_id bigint NOT NULL REFERENCES staff_accounts(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);
CREATE INDEX staff_totp_recovery_codes_staff ON staff_totp_recovery_codes (staff_id) WHERE used_at IS NULL;

-- After a correct password, an account with a second factor gets a
-- short-lived, single-use pending sign-in (its token in a cookie; only the
-- token's SHA-256 here) and no session until a code is accepted.
CREATE TABLE staff_login_challenges (
  token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
  staff_id bigint NOT NULL REFERENCES staff_accounts(id),
  district_code text NOT NULL REFERENCES districts(code),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  failed_codes integer NOT NULL DEFAULT 0 CHECK (failed_codes >= 0),
  used_at timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX staff_login_challenges_staff ON staff_login_challenges (staff_id);
CREATE INDEX staff_login_challenges_expiry ON staff_login_challenges (expires_at);

-- A district's rules for its staff's sign-in. No row: the defaults.
CREATE TABLE staff_security_settings (
  district_code text PRIMARY KEY REFERENCES districts(code),
  require_admin_totp boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
