-- The live desk: conversations from the web widget and the messenger
-- channel, their messages (the bigserial id is the resume cursor) and each
-- agent's availability.

CREATE TABLE conversations (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  source text NOT NULL CHECK (source IN ('web', 'messenger')),
  -- who the resident is to the door: a random id for the web widget, the
  -- channel's user key for the messenger
  resident_ref text NOT NULL CHECK (length(resident_ref) BETWEEN 1 AND 200),
  locale text NOT NULL DEFAULT 'ko' CHECK (locale IN ('ko', 'en')),
  state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'assigned', 'closed')),
  assigned_staff_id bigint REFERENCES staff_accounts(id),
  taxpayer_id bigint REFERENCES taxpayers(id),
  -- only the SHA-256 of the resident's resume token is kept
  resume_token_hash bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  assigned_at timestamptz,
  first_response_at timestamptz,
  closed_at timestamptz,
  closed_by text,
  -- read indicators: the last message id each side has seen
  resident_read_id bigint NOT NULL DEFAULT 0,
  agent_read_id bigint NOT NULL DEFAULT 0,
  CHECK (state <> 'assigned' OR assigned_staff_id IS NOT NULL),
  CHECK (state <> 'closed' OR closed_at IS NOT NULL)
);
-- the waiting queue, first in first out per district
CREATE INDEX conversations_waiting ON conversations (district_code, created_at, id) WHERE state = 'waiting';
CREATE INDEX conversations_assigned ON conversations (assigned_staff_id) WHERE state = 'assigned';
CREATE INDEX conversations_district ON conversations (district_code, state, created_at);
CREATE INDEX conversations_resident ON conversations (district_code, source, resident_ref, created_at);

CREATE TABLE desk_messages (
  id bigserial PRIMARY KEY,
  conversation_id bigint NOT NULL REFERENCES conversations(id),
  author_type text NOT NULL CHECK (author_type IN ('resident', 'agent', 'system')),
  author_id text NOT NULL CHECK (length(author_id) <= 200),
  -- 'note' is internal to agents and never sent to the resident
  kind text NOT NULL CHECK (kind IN ('text', 'note', 'form', 'attachment', 'event')),
  body text NOT NULL CHECK (char_length(body) <= 2000),
  payload jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX desk_messages_conversation ON desk_messages (conversation_id, id);

CREATE TABLE agent_status (
  staff_id bigint PRIMARY KEY REFERENCES staff_accounts(id),
  district_code text NOT NULL REFERENCES districts(code),
  status text NOT NULL DEFAULT 'away' CHECK (status IN ('available', 'away')),
  max_concurrent integer NOT NULL DEFAULT 3 CHECK (max_concurrent BETWEEN 1 AND 20),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_status_district ON agent_status (district_code, status);
