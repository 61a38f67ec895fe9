-- The desk's per-address limits (socket frames, new connections) are one
-- budget across every serve process. Each process decides at once from its
-- own token bucket and, about once a second, adds what it let through per
-- address to its row of the current second here and reads the other
-- processes' rows of the last seconds to charge them to its buckets.
-- UNLOGGED: counts of the last minute are worth nothing after a crash.
CREATE UNLOGGED TABLE desk_rate_usage (
  limiter text NOT NULL CHECK (limiter IN ('frames', 'connects')),
  address text NOT NULL CHECK (length(address) BETWEEN 1 AND 100),
  process_id text NOT NULL CHECK (length(process_id) BETWEEN 1 AND 64),
  window_start timestamptz NOT NULL,
  used integer NOT NULL CHECK (used > 0),
  PRIMARY KEY (limiter, address, process_id, window_start)
);
CREATE INDEX desk_rate_usage_window ON desk_rate_usage (limiter, window_start);
