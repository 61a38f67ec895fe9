-- One rate-limit module in the platform (src/platform/rate-limit/), so one
-- table for the request counters every serve process shares: sign-in
-- attempts (login_attempts) and the limits of the public pages, the payment
-- page and the desk's resident routes (request_counters) become rows of
-- rate_limit_counters, one row per key. A row holds its current window: a
-- hit after the window ended starts the next one at 1. Keys name their limit
-- first ('login-pair:…', 'ss-addr:…', 'pay-code:…').
CREATE TABLE rate_limit_counters (
  key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
  window_seconds integer NOT NULL CHECK (window_seconds > 0),
  window_started_at timestamptz NOT NULL,
  hits integer NOT NULL CHECK (hits >= 0)
);
CREATE INDEX rate_limit_counters_window ON rate_limit_counters (window_started_at);

-- The windows still running carry over, so an upgrade gives nobody a fresh
-- budget. Sign-in keys hold SHA-256 prefixes of the username and of the
-- address (as platform/auth/login-throttle.ts makes them); the old counters
-- did not record their window's length, so they carry over with the longest
-- in use (an hour): the next hit reads the window its limit has.
INSERT INTO rate_limit_counters (key, window_seconds, window_started_at, hits)
SELECT CASE scope
         WHEN 'address' THEN 'login-address:' || address_hash
         WHEN 'pair' THEN 'login-pair:' || left(encode(sha256(convert_to(username, 'UTF8')), 'hex'), 32) || ':' || address_hash
         ELSE 'login-username:' || left(encode(sha256(convert_to(username, 'UTF8')), 'hex'), 32)
       END,
       15 * 60, window_started_at, attempts
  FROM login_attempts
 WHERE window_started_at > now() - interval '15 minutes';

INSERT INTO rate_limit_counters (key, window_seconds, window_started_at, hits)
SELECT DISTINCT ON (key) key, 3600, window_start, hits
  FROM request_counters
 WHERE window_start > now() - interval '1 hour'
 ORDER BY key, window_start DESC
    ON CONFLICT (key) DO NOTHING;

DROP TABLE login_attempts;
DROP TABLE request_counters;

-- The desk's per-address token buckets, shared between processes through a
-- ledger of what each let through per second, become the platform's shared
-- token buckets: any limiter may keep its ledger here, named for its domain.
ALTER TABLE desk_rate_usage RENAME TO rate_limit_usage;
ALTER INDEX desk_rate_usage_pkey RENAME TO rate_limit_usage_pkey;
ALTER INDEX desk_rate_usage_window RENAME TO rate_limit_usage_window;
ALTER TABLE rate_limit_usage DROP CONSTRAINT desk_rate_usage_limiter_check;
ALTER TABLE rate_limit_usage ADD CONSTRAINT rate_limit_usage_limiter_check CHECK (limiter ~ '^[a-z][a-z0-9-]{0,39}$');
UPDATE rate_limit_usage SET limiter = 'desk-' || limiter;
