-- The desk's extras around the conversations of 0007: the messenger channel
-- (per-district gateway settings, inbound de-duplication, replies sent out),
-- attachments, business hours and extra closed days, the out-of-hours
-- message, offline messages and their answers, canned answers, satisfaction
-- answers, transcript requests and structured contact-update requests.

-- One messenger channel (a KakaoTalk-channel-like consultation gateway) per
-- district. The API key and webhook secret are sealed with the personal-data
-- cipher: a database dump does not let anyone post as the gateway.
CREATE TABLE desk_messenger_channels (
  district_code text PRIMARY KEY REFERENCES districts(code),
  gateway_url text NOT NULL CHECK (gateway_url ~ '^https?://'),
  api_key_enc bytea NOT NULL,
  webhook_secret_enc bytea NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The gateway retries a webhook it thinks failed: its message id is
-- recorded once, so the same message twice is stored once.
CREATE TABLE desk_messenger_inbound (
  district_code text NOT NULL REFERENCES districts(code),
  gateway_message_id text NOT NULL CHECK (length(gateway_message_id) BETWEEN 1 AND 100),
  conversation_id bigint NOT NULL REFERENCES conversations(id),
  desk_message_id bigint REFERENCES desk_messages(id),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (district_code, gateway_message_id)
);

-- Agent and system messages of messenger conversations, claimed by the
-- forwarder before the call to the gateway (the row's existence is the
-- claim) and marked sent or failed after it.
CREATE TABLE desk_messenger_outbound (
  desk_message_id bigint PRIMARY KEY REFERENCES desk_messages(id),
  conversation_id bigint NOT NULL REFERENCES conversations(id),
  state text NOT NULL DEFAULT 'sending' CHECK (state IN ('sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 1 CHECK (attempts >= 1),
  gateway_message_id text,
  last_error text,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX desk_messenger_outbound_retry ON desk_messenger_outbound (state, claimed_at) WHERE state <> 'sent';

-- Images and PDFs only (type decided from the bytes), at most 5 MB.
CREATE TABLE desk_attachments (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  conversation_id bigint NOT NULL REFERENCES conversations(id),
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf')),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
  sha256 bytea NOT NULL CHECK (length(sha256) = 32),
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (octet_length(content) = size_bytes)
);
CREATE INDEX desk_attachments_conversation ON desk_attachments (conversation_id);

-- Opening hours per weekday (0 = Sunday … 6 = Saturday), Asia/Seoul local
-- time; a weekday without a row is closed. Several rows a day allow a lunch
-- break.
CREATE TABLE desk_hours (
  district_code text NOT NULL REFERENCES districts(code),
  weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  opens time NOT NULL,
  closes time NOT NULL,
  CHECK (opens < closes),
  PRIMARY KEY (district_code, weekday, opens)
);

-- Closed days beyond the national public holidays (an election day, a
-- temporary holiday, the office's own closures).
CREATE TABLE desk_closed_days (
  district_code text NOT NULL REFERENCES districts(code),
  day date NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  PRIMARY KEY (district_code, day)
);

CREATE TABLE desk_settings (
  district_code text PRIMARY KEY REFERENCES districts(code),
  out_of_hours_ko text NOT NULL CHECK (length(out_of_hours_ko) BETWEEN 1 AND 1000),
  out_of_hours_en text NOT NULL CHECK (length(out_of_hours_en) BETWEEN 1 AND 1000),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A message left through the offline form; the contact it names is sealed.
-- Its answer goes out through the delivery engine (messages.id).
CREATE TABLE desk_offline_messages (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  reference text NOT NULL UNIQUE,
  locale text NOT NULL CHECK (locale IN ('ko', 'en')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  reply_channel text NOT NULL CHECK (reply_channel IN ('email', 'sms')),
  contact_enc bytea NOT NULL,
  question text NOT NULL CHECK (length(question) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  answer text CHECK (length(answer) BETWEEN 1 AND 2000),
  answered_by bigint REFERENCES staff_accounts(id),
  answered_at timestamptz,
  message_id bigint REFERENCES messages(id),
  CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX desk_offline_messages_open ON desk_offline_messages (district_code, created_at) WHERE answered_at IS NULL;

CREATE TABLE desk_canned_answers (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  body_ko text NOT NULL CHECK (length(body_ko) BETWEEN 1 AND 2000),
  body_en text NOT NULL CHECK (length(body_en) BETWEEN 1 AND 2000),
  updated_by bigint REFERENCES staff_accounts(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (district_code, title)
);

-- One answer per conversation, after it closed.
CREATE TABLE desk_satisfaction (
  conversation_id bigint PRIMARY KEY REFERENCES conversations(id),
  district_code text NOT NULL REFERENCES districts(code),
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment text CHECK (length(comment) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE desk_transcripts (
  id bigserial PRIMARY KEY,
  conversation_id bigint NOT NULL REFERENCES conversations(id),
  district_code text NOT NULL REFERENCES districts(code),
  message_id bigint NOT NULL REFERENCES messages(id),
  requested_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX desk_transcripts_conversation ON desk_transcripts (conversation_id);

-- A contact-update form applied by an agent: at most once per form message.
CREATE TABLE desk_contact_requests_applied (
  desk_message_id bigint PRIMARY KEY REFERENCES desk_messages(id),
  conversation_id bigint NOT NULL REFERENCES conversations(id),
  taxpayer_id bigint NOT NULL REFERENCES taxpayers(id),
  applied_by bigint NOT NULL REFERENCES staff_accounts(id),
  changed_fields text[] NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
