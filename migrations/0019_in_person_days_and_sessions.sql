-- In-person consultation days and regional explanation sessions (issue 15,
-- Deliver 6). Both belong to src/consultations.
--
-- 1. The monthly in-person "Tax Concern Resolution Day" (세무 고민 해결의 날):
--    the same slot grid and bookings as the video consultations, on one
--    Saturday a month (the first, or the next one that is not a public
--    holiday: the rule is in src/consultations/schedule/in-person-day.ts),
--    in the district's own windows for that day, served by the experts named
--    here, at a place instead of a video room. A booking on such a slot has
--    mode 'in_person'; the unique index of 0018 (expert, slot start) and the
--    conditional updates guard it as any other.
-- 2. Regional explanation sessions: events with a capacity; residents
--    register (a party of one or more seats) until the seats run out. The
--    capacity is the database's: `seats_taken` only grows by a conditional
--    UPDATE … WHERE seats_taken + n <= capacity, and a CHECK forbids it from
--    ever passing the capacity.

ALTER TABLE consultation_bookings
  ADD COLUMN mode text NOT NULL DEFAULT 'video' CHECK (mode IN ('video', 'in_person'));

-- One row per district that holds in-person days (enabled or paused).
CREATE TABLE consultation_in_person_days (
  district_code text PRIMARY KEY REFERENCES consultation_settings(district_code) ON DELETE CASCADE,
  enabled boolean NOT NULL DEFAULT true,
  place_name_ko text NOT NULL CHECK (length(place_name_ko) BETWEEN 1 AND 200),
  place_name_en text NOT NULL CHECK (length(place_name_en) BETWEEN 1 AND 200),
  address_ko text NOT NULL CHECK (length(address_ko) BETWEEN 1 AND 300),
  address_en text NOT NULL CHECK (length(address_en) BETWEEN 1 AND 300),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The windows of the in-person day, minutes after midnight (Seoul), cut into
-- slots of the district's slot length; they never overlap.
CREATE TABLE consultation_in_person_windows (
  district_code text NOT NULL REFERENCES consultation_in_person_days(district_code) ON DELETE CASCADE,
  start_minute integer NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute integer NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
  PRIMARY KEY (district_code, start_minute),
  CHECK (end_minute > start_minute),
  EXCLUDE USING gist (district_code WITH =, int4range(start_minute, end_minute) WITH &&)
);

-- The experts who serve the in-person day (of the same district).
CREATE TABLE consultation_in_person_experts (
  district_code text NOT NULL REFERENCES consultation_in_person_days(district_code) ON DELETE CASCADE,
  expert_id bigint NOT NULL,
  PRIMARY KEY (district_code, expert_id),
  FOREIGN KEY (expert_id, district_code) REFERENCES consultation_experts (id, district_code)
);

-- A regional explanation session. States: open (taking registrations),
-- cancelled (by an official).
CREATE TABLE consultation_sessions (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  title_ko text NOT NULL CHECK (length(title_ko) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  place_name_ko text NOT NULL CHECK (length(place_name_ko) BETWEEN 1 AND 200),
  place_name_en text NOT NULL CHECK (length(place_name_en) BETWEEN 1 AND 200),
  address_ko text NOT NULL CHECK (length(address_ko) BETWEEN 1 AND 300),
  address_en text NOT NULL CHECK (length(address_en) BETWEEN 1 AND 300),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  -- THE guarantee: seats registered never pass the capacity
  seats_taken integer NOT NULL DEFAULT 0 CHECK (seats_taken >= 0 AND seats_taken <= capacity),
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'cancelled')),
  created_by bigint NOT NULL REFERENCES staff_accounts(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK (ends_at > starts_at),
  UNIQUE (id, district_code)
);
CREATE INDEX consultation_sessions_district ON consultation_sessions (district_code, starts_at);

-- A resident's registration: contact confirmed by a one-time code, sealed,
-- with its keyed hash (one live registration per contact and session);
-- cancelled through the personal link's token.
CREATE TABLE consultation_session_registrations (
  id bigserial PRIMARY KEY,
  session_id bigint NOT NULL,
  district_code text NOT NULL,
  reference text NOT NULL UNIQUE CHECK (reference ~ '^[0-9A-Z]{4}-[0-9A-Z]{4}$'),
  state text NOT NULL DEFAULT 'registered' CHECK (state IN ('registered', 'cancelled')),
  party_size integer NOT NULL DEFAULT 1 CHECK (party_size BETWEEN 1 AND 4),
  name_enc bytea NOT NULL,
  contact_field text NOT NULL CHECK (contact_field IN ('mobile', 'email')),
  contact_enc bytea NOT NULL,
  contact_hash bytea NOT NULL CHECK (length(contact_hash) = 32),
  link_token_hash bytea NOT NULL UNIQUE CHECK (length(link_token_hash) = 32),
  link_token_enc bytea NOT NULL,
  registered_at timestamptz NOT NULL,
  cancelled_at timestamptz,
  cancelled_by text CHECK (cancelled_by IN ('resident', 'official')),
  FOREIGN KEY (session_id, district_code) REFERENCES consultation_sessions (id, district_code),
  CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL)),
  CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL))
);
CREATE UNIQUE INDEX consultation_session_registrations_once ON consultation_session_registrations (session_id, contact_hash)
  WHERE state = 'registered';
CREATE INDEX consultation_session_registrations_session ON consultation_session_registrations (session_id, id);
