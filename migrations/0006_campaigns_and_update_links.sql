-- Contact update campaigns, the personal links they carry, the self-service
-- sessions and one-time codes behind those links, and request counters for
-- rate limiting shared by every serve process.

CREATE TABLE update_campaigns (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- which taxpayers: see src/hygiene/campaigns/campaign-targets.ts
  target text NOT NULL CHECK (target IN ('last_notice_failed', 'contact_at_risk')),
  send_at timestamptz NOT NULL,
  link_days integer NOT NULL DEFAULT 14 CHECK (link_days BETWEEN 1 AND 90),
  recipients integer NOT NULL DEFAULT 0 CHECK (recipients >= 0),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX update_campaigns_district ON update_campaigns (district_code, created_at);

-- A personal, single-use, expiring link. The URL carries 32 random bytes;
-- only their SHA-256 is stored, so the table cannot be used to open links.
CREATE TABLE update_links (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  taxpayer_id bigint NOT NULL REFERENCES taxpayers(id),
  purpose text NOT NULL CHECK (purpose IN ('campaign', 'on_request')),
  campaign_id bigint REFERENCES update_campaigns(id),
  token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  opened_at timestamptz,
  verified_at timestamptz,
  dob_failures integer NOT NULL DEFAULT 0 CHECK (dob_failures >= 0),
  locked_at timestamptz,
  -- set when a change was saved through the link: the link is then spent
  used_at timestamptz,
  reference text UNIQUE,
  message_id bigint REFERENCES messages(id),
  CHECK (purpose <> 'campaign' OR campaign_id IS NOT NULL),
  CHECK ((used_at IS NULL) = (reference IS NULL))
);
CREATE INDEX update_links_campaign ON update_links (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX update_links_taxpayer ON update_links (taxpayer_id, created_at);

-- After the date of birth matched: a short browser session on one link. The
-- cookie carries a random token, only its SHA-256 is stored. The change
-- being prepared (new mobile, e-mail, channels) is personal data: encrypted.
CREATE TABLE update_sessions (
  id bigserial PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  link_id bigint NOT NULL REFERENCES update_links(id),
  csrf_token text NOT NULL,
  pending_enc bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX update_sessions_link ON update_sessions (link_id);

-- A one-time code sent to a new mobile number or e-mail address before it is
-- saved: keyed hash of the code, 5 minutes, 5 tries.
CREATE TABLE contact_confirmations (
  id bigserial PRIMARY KEY,
  session_id bigint NOT NULL REFERENCES update_sessions(id),
  field text NOT NULL CHECK (field IN ('mobile', 'email')),
  value_hash bytea NOT NULL,
  code_hash bytea NOT NULL,
  message_id bigint REFERENCES messages(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  tries integer NOT NULL DEFAULT 0 CHECK (tries >= 0),
  confirmed_at timestamptz,
  superseded_at timestamptz
);
CREATE INDEX contact_confirmations_session ON contact_confirmations (session_id, field, id);

-- Fixed-window request counters (per link, per client address …), one row
-- per key and window, shared by every process through the database.
CREATE TABLE request_counters (
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  window_start timestamptz NOT NULL,
  hits integer NOT NULL DEFAULT 0,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX request_counters_window ON request_counters (window_start);
