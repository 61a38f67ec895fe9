-- A district's first day (issue 20): staff accounts are created from the
-- command line or the console without a password; the person chooses one
-- through a one-time set-up link. Only the SHA-256 of the link's token is
-- stored. A link is used once, expires, and is voided when a newer link is
-- issued or the account is disabled. Written by the platform only.
ALTER TABLE staff_accounts ALTER COLUMN password_hash DROP NOT NULL;

CREATE TABLE staff_setup_links (
  token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
  staff_id bigint NOT NULL REFERENCES staff_accounts(id),
  district_code text NOT NULL REFERENCES districts(code),
  -- new_account: the first password; reset: the old one was voided
  purpose text NOT NULL CHECK (purpose IN ('new_account', 'reset')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  voided_at timestamptz,
  CHECK (expires_at > created_at),
  CHECK (used_at IS NULL OR voided_at IS NULL)
);
CREATE INDEX staff_setup_links_staff ON staff_setup_links (staff_id) WHERE used_at IS NULL AND voided_at IS NULL;
