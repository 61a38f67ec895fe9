-- Delivery: seasons, the messages sent to taxpayers, delivery attempts (the
-- work queue itself), receipts, the timeline, providers, paper batches, and
-- the law's rules as data.

CREATE TABLE delivery_settings (
  district_code text PRIMARY KEY REFERENCES districts(code),
  -- channels tried in this order among those the taxpayer enrolled in
  channel_order text[] NOT NULL DEFAULT '{kakao,sms,email}',
  -- no receipt within this time counts as a failed attempt
  receipt_timeout_seconds integer NOT NULL DEFAULT 259200 CHECK (receipt_timeout_seconds > 0),
  postage_per_page_krw integer NOT NULL DEFAULT 540 CHECK (postage_per_page_krw >= 0),
  reminder_days_before_due integer NOT NULL DEFAULT 5 CHECK (reminder_days_before_due BETWEEN 1 AND 30),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The rules of the Framework Act on Local Taxes the engine applies. A change
-- of law is a change of these rows.
CREATE TABLE law_rules (
  code text PRIMARY KEY,
  article text NOT NULL,
  summary_ko text NOT NULL,
  summary_en text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  effective_from date NOT NULL DEFAULT '2000-01-01'
);
INSERT INTO law_rules (code, article, summary_ko, summary_en, params) VALUES
  ('electronic_service_requires_application', '지방세기본법 제30조제7항',
   '전자송달은 신청한 사람에게만 한다. 신청하지 않은 사람에게 보내는 전자 메시지는 안내일 뿐이다.',
   'Electronic service only to those who applied; to anyone else a message is guidance only and the legal service is paper.',
   '{}'),
  ('electronic_service_takes_effect_on_storage', '지방세기본법 제32조',
   '전자송달은 지정한 전자우편주소·전자사서함 등에 저장된 때에 도달한 것으로 본다.',
   'Electronic service takes effect when the notice is stored in the designated address or inbox; reading it is not required.',
   '{"receipt_status": "delivered"}'),
  ('due_date_extended_on_late_arrival', '지방세기본법 제31조',
   '납부기한 전 7일 이내에 도달하거나 기한이 지나 도달한 경우 도달한 날부터 14일이 지난 날을 납부기한으로 한다.',
   'A notice that arrives within 7 days of its due date, or after it, is due 14 days after arrival.',
   '{"within_days": 7, "new_due_after_days": 14}'),
  ('public_notice_on_returned_post', '지방세기본법 제33조',
   '우편이 반송되거나 주소를 알 수 없으면 공시송달하며, 공고한 날부터 14일이 지나면 송달된 것으로 본다.',
   'Returned or unaddressable post goes to public notice; it is deemed served 14 days after the public notice.',
   '{"deemed_served_after_days": 14}'),
  ('enrolment_deemed_withdrawn_when_unopened', '지방세기본법 시행령 제14조제4항',
   '전자송달된 서류를 60일 이내에 연속하여 5회 열람하지 않으면 전자송달 신청을 철회한 것으로 본다(납부한 경우 제외).',
   'An e-delivery application is deemed withdrawn when 5 consecutive notices within 60 days go unopened (unless paid).',
   '{"consecutive_unopened": 5, "within_days": 60}');

CREATE TABLE seasons (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  kind text NOT NULL DEFAULT 'notice' CHECK (kind IN ('notice', 'reminder', 'arrears')),
  tax_item text NOT NULL,
  tax_year integer NOT NULL,
  period smallint NOT NULL DEFAULT 0,
  send_after timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (district_code, kind, tax_item, tax_year, period)
);

-- One thing to deliver to one taxpayer: a season's notice, a reminder, an
-- arrears notice, guidance, a campaign message or a one-time code. Legal
-- messages fall back to paper; the others end 'failed' when no channel works.
CREATE TABLE messages (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  kind text NOT NULL CHECK (kind IN ('notice', 'reminder', 'arrears', 'guidance', 'campaign', 'one_time_code')),
  season_id bigint REFERENCES seasons(id),
  notice_id bigint REFERENCES notices(id),
  taxpayer_id bigint REFERENCES taxpayers(id),
  legal boolean NOT NULL,
  -- what a guidance or campaign message is about (its template), e.g. 'enrolment_withdrawn'
  topic text,
  state text NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'awaiting_paper', 'delivered', 'paper', 'withdrawn', 'failed')),
  -- electronic channels to try, in order; empty for paper only
  plan text[] NOT NULL,
  plan_position integer NOT NULL DEFAULT 0,
  send_after timestamptz NOT NULL DEFAULT now(),
  delivered_channel text,
  delivered_at timestamptz,
  opened_at timestamptz,
  returned_at timestamptz,
  last_failure_cause text,
  -- §31: set when the notice arrived within 7 days of its due date or after it
  effective_due_date date,
  paper_batch_id bigint,
  -- §33: returned post goes to public notice; deemed served some days after
  public_notice_at timestamptz,
  deemed_served_on date,
  withdrawn_reason text,
  final_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((state IN ('delivered', 'paper', 'withdrawn', 'failed')) = (final_at IS NOT NULL)),
  CHECK (state <> 'delivered' OR (delivered_at IS NOT NULL AND delivered_channel IS NOT NULL)),
  CHECK (state <> 'paper' OR paper_batch_id IS NOT NULL),
  CHECK (legal OR state NOT IN ('awaiting_paper', 'paper'))
);
CREATE UNIQUE INDEX messages_one_per_notice_kind ON messages (notice_id, kind) WHERE notice_id IS NOT NULL;
CREATE INDEX messages_season_state ON messages (season_id, state);
CREATE INDEX messages_awaiting_paper ON messages (district_code, id) WHERE state = 'awaiting_paper';
CREATE INDEX messages_taxpayer ON messages (taxpayer_id, created_at);

-- A final state is final: nothing moves a message out of it.
CREATE FUNCTION messages_final_state_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state IN ('delivered', 'paper', 'withdrawn', 'failed') AND NEW.state IS DISTINCT FROM OLD.state THEN
    RAISE EXCEPTION 'message % is final (%), it cannot become %', OLD.id, OLD.state, NEW.state
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER messages_final_state BEFORE UPDATE OF state ON messages
  FOR EACH ROW EXECUTE FUNCTION messages_final_state_is_final();

CREATE TABLE delivery_providers (
  name text PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('kakao', 'sms', 'email')),
  priority integer NOT NULL DEFAULT 100,
  enabled boolean NOT NULL DEFAULT true,
  -- shared by every worker: a token bucket
  rate_per_second double precision NOT NULL DEFAULT 1000 CHECK (rate_per_second > 0),
  tokens double precision NOT NULL DEFAULT 0,
  tokens_at timestamptz NOT NULL DEFAULT now(),
  -- circuit breaker and failover, also shared
  circuit_open_until timestamptz,
  consecutive_failures integer NOT NULL DEFAULT 0,
  window_started_at timestamptz NOT NULL DEFAULT now(),
  window_calls integer NOT NULL DEFAULT 0,
  window_errors integer NOT NULL DEFAULT 0,
  window_latency_ms bigint NOT NULL DEFAULT 0,
  degraded_until timestamptz
);

-- The work queue: one row per try of one channel for one message.
CREATE TABLE delivery_attempts (
  id bigserial PRIMARY KEY,
  message_id bigint NOT NULL REFERENCES messages(id),
  district_code text NOT NULL REFERENCES districts(code),
  channel text NOT NULL CHECK (channel IN ('kakao', 'sms', 'email')),
  state text NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'sending', 'accepted', 'delivered', 'failed', 'cancelled')),
  idempotency_key text NOT NULL UNIQUE,
  provider text,
  available_at timestamptz NOT NULL DEFAULT now(),
  tries integer NOT NULL DEFAULT 0,
  locked_by text,
  locked_until timestamptz,
  provider_message_id text,
  accepted_at timestamptz,
  receipt_deadline timestamptz,
  final_at timestamptz,
  failure_cause text,
  failure_detail text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((state IN ('delivered', 'failed', 'cancelled')) = (final_at IS NOT NULL))
);
-- each channel's lane claims from its own part of the queue
CREATE INDEX delivery_attempts_ready ON delivery_attempts (channel, available_at, id) WHERE state = 'queued';
CREATE INDEX delivery_attempts_sending ON delivery_attempts (locked_until) WHERE state = 'sending';
CREATE INDEX delivery_attempts_awaiting_receipt ON delivery_attempts (receipt_deadline) WHERE state = 'accepted';
CREATE UNIQUE INDEX delivery_attempts_provider_message ON delivery_attempts (provider, provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX delivery_attempts_message ON delivery_attempts (message_id);
-- at most one live attempt per message
CREATE UNIQUE INDEX delivery_attempts_one_live ON delivery_attempts (message_id) WHERE state IN ('queued', 'sending', 'accepted');

-- Every receipt as it arrived, applied or not: a receipt for an unknown
-- message is kept for inspection, never dropped.
CREATE TABLE delivery_receipts (
  id bigserial PRIMARY KEY,
  provider text NOT NULL,
  receipt_id text NOT NULL,
  provider_message_id text,
  idempotency_key text,
  attempt_id bigint,
  status text NOT NULL CHECK (status IN ('delivered', 'failed', 'opened')),
  cause text,
  detail text,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  outcome text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'applied', 'ignored_final', 'unknown_message')),
  UNIQUE (provider, receipt_id)
);
CREATE INDEX delivery_receipts_pending ON delivery_receipts (id) WHERE outcome = 'pending';

-- The timeline of each message: every attempt, channel, provider answer and time.
CREATE TABLE message_events (
  id bigserial PRIMARY KEY,
  message_id bigint NOT NULL REFERENCES messages(id),
  at timestamptz NOT NULL DEFAULT now(),
  event text NOT NULL,
  channel text,
  provider text,
  attempt_id bigint,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX message_events_message ON message_events (message_id, id);

CREATE TABLE paper_batches (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  notices integer NOT NULL CHECK (notices >= 0),
  pages integer NOT NULL CHECK (pages >= 0),
  postage_per_page_krw integer NOT NULL,
  cost_krw bigint NOT NULL,
  pdf_file text NOT NULL,
  manifest_file text NOT NULL,
  pdf_sha256 text NOT NULL
);
ALTER TABLE messages ADD CONSTRAINT messages_paper_batch FOREIGN KEY (paper_batch_id) REFERENCES paper_batches(id);

-- Payments stop everything still pending for the notice.
CREATE TABLE payments (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  notice_id bigint NOT NULL REFERENCES notices(id),
  paid_at timestamptz NOT NULL,
  amount bigint NOT NULL CHECK (amount >= 0),
  source text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (notice_id, source, paid_at)
);
ALTER TABLE notices ADD COLUMN paid_at timestamptz;

-- Templates a district edits; built-in defaults apply where none is saved.
CREATE TABLE message_templates (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  kind text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('kakao', 'sms', 'email', 'paper')),
  locale text NOT NULL DEFAULT 'ko' CHECK (locale IN ('ko', 'en')),
  kakao_template_code text,
  subject text,
  body text NOT NULL,
  html_body text,
  buttons jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (district_code, kind, channel, locale)
);
