-- Sign-in attempts, counted before the password is checked (so concurrent
-- guesses cannot all slip under the limit), one row per key and window:
--   pair:     one client address guessing one username (locks that pair only,
--             so a stranger cannot lock a staff member out by username);
--   address:  one client address trying many usernames (password spraying);
--   username: failed sign-ins against one username from any address, for the
--             alert on a spread-out attack (it locks nothing).
-- Addresses are kept as a SHA-256 prefix, never in clear.
CREATE TABLE login_attempts (
  scope text NOT NULL CHECK (scope IN ('pair', 'address', 'username')),
  username text NOT NULL DEFAULT '' CHECK (length(username) <= 200),
  address_hash text NOT NULL DEFAULT '' CHECK (length(address_hash) <= 64),
  window_started_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL CHECK (attempts >= 0),
  PRIMARY KEY (scope, username, address_hash),
  CHECK (scope <> 'pair' OR (username <> '' AND address_hash <> '')),
  CHECK (scope <> 'address' OR (username = '' AND address_hash <> '')),
  CHECK (scope <> 'username' OR (username <> '' AND address_hash = ''))
);
CREATE INDEX login_attempts_window ON login_attempts (window_started_at);

-- Replaced by login_attempts.
DROP TABLE login_failures;

-- An idle timeout besides the absolute lifetime (ASVS 3.3.2): a session
-- unused for idle_minutes ends. last_seen_at is moved by authenticated
-- requests, at most once a minute.
ALTER TABLE staff_sessions
  ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN idle_minutes integer NOT NULL DEFAULT 30 CHECK (idle_minutes > 0);
