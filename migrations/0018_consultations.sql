-- Consultation reservations (issue 15): residents book 1:1 consultations
-- with tax accountants on a fixed slot grid, on the web or by phone through
-- an official. Every table here belongs to src/consultations.
--
-- The guarantees live here, not only in code:
--   - no two active bookings for one expert and one slot start (a partial
--     unique index: the grid is fixed, so equal starts are the only overlap);
--   - an expert is a staff account whose role is 'expert' in the same
--     district (a foreign key on id, role and district);
--   - a booking's residency declaration is required, its sealed contact has
--     a keyed hash for look-ups, and its state is one of a closed set.
-- Times compared with "now" in this domain are always passed in by the
-- caller (an injectable clock); created_at/updated_at are the database's.

-- Per district: the day's windows, slot length and the booking rules.
CREATE TABLE consultation_settings (
  district_code text PRIMARY KEY REFERENCES districts(code),
  slot_minutes integer NOT NULL DEFAULT 20 CHECK (slot_minutes BETWEEN 5 AND 240),
  -- the first bookable day is today (Seoul) + min_notice_days
  min_notice_days integer NOT NULL DEFAULT 7 CHECK (min_notice_days BETWEEN 0 AND 90),
  -- the last bookable day is today (Seoul) + horizon_days
  horizon_days integer NOT NULL DEFAULT 60 CHECK (horizon_days BETWEEN 1 AND 366),
  -- residents move or cancel until this long before the start
  change_cutoff_hours integer NOT NULL DEFAULT 24 CHECK (change_cutoff_hours BETWEEN 0 AND 720),
  reminder_offsets_minutes integer[] NOT NULL DEFAULT '{1440,60}',
  -- how long a freed slot is held for the first resident on the waiting list
  hold_minutes integer NOT NULL DEFAULT 120 CHECK (hold_minutes BETWEEN 5 AND 2880),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (horizon_days >= min_notice_days),
  CHECK (cardinality(reminder_offsets_minutes) <= 4
         AND 0 < ALL (reminder_offsets_minutes) AND 40320 >= ALL (reminder_offsets_minutes))
);

-- The windows of a consultation day in minutes after midnight, Seoul time
-- (default 10:00-12:00 and 14:00-16:00); they never overlap.
CREATE TABLE consultation_windows (
  district_code text NOT NULL REFERENCES consultation_settings(district_code) ON DELETE CASCADE,
  start_minute integer NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute integer NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
  PRIMARY KEY (district_code, start_minute),
  CHECK (end_minute > start_minute),
  EXCLUDE USING gist (district_code WITH =, int4range(start_minute, end_minute) WITH &&)
);

-- What residents can consult about (acquisition tax, capital gains tax …).
CREATE TABLE consultation_fields (
  district_code text NOT NULL REFERENCES districts(code),
  code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name_ko text NOT NULL CHECK (length(name_ko) BETWEEN 1 AND 100),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  position integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  PRIMARY KEY (district_code, code)
);

-- An expert is a staff account with the role 'expert' of the same district:
-- the foreign key below needs this key on staff_accounts. (A role change of
-- an account that is an expert is then refused by the database.)
CREATE UNIQUE INDEX staff_accounts_id_role_district ON staff_accounts (id, role, district_code);

CREATE TABLE consultation_experts (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  staff_id bigint NOT NULL UNIQUE,
  staff_role text NOT NULL DEFAULT 'expert' CHECK (staff_role = 'expert'),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, district_code),
  FOREIGN KEY (staff_id, staff_role, district_code) REFERENCES staff_accounts (id, role, district_code)
);

CREATE TABLE consultation_expert_fields (
  expert_id bigint NOT NULL,
  district_code text NOT NULL,
  field_code text NOT NULL,
  PRIMARY KEY (expert_id, field_code),
  FOREIGN KEY (expert_id, district_code) REFERENCES consultation_experts (id, district_code) ON DELETE CASCADE,
  FOREIGN KEY (district_code, field_code) REFERENCES consultation_fields (district_code, code)
);

-- The weekdays an expert serves (0 Sunday … 6 Saturday); public holidays never.
CREATE TABLE consultation_expert_days (
  expert_id bigint NOT NULL REFERENCES consultation_experts(id) ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  PRIMARY KEY (expert_id, weekday)
);

-- An official's block of one slot or a whole day, of one expert or (expert
-- NULL) of every expert of the district; lifted, not deleted.
CREATE TABLE consultation_blocks (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  expert_id bigint,
  kind text NOT NULL CHECK (kind IN ('slot', 'day')),
  day date NOT NULL,
  slot_start timestamptz,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_by bigint NOT NULL REFERENCES staff_accounts(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  lifted_at timestamptz,
  lifted_by bigint REFERENCES staff_accounts(id),
  FOREIGN KEY (expert_id, district_code) REFERENCES consultation_experts (id, district_code),
  CHECK ((kind = 'slot') = (slot_start IS NOT NULL)),
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL))
);
CREATE INDEX consultation_blocks_day ON consultation_blocks (district_code, day) WHERE lifted_at IS NULL;

-- One consultation. States:
--   held           a freed slot held for a resident of the waiting list until hold_expires_at
--   booked         confirmed
--   moved          confirmed, and moved at least once (to another slot or expert)
--   cancelled      by the resident, an official, or a block (cancel_reason)
--   attended, no_show   marked by the expert once the slot has begun
--   hold_released  a hold that ran out or was declined
-- Every change is one conditional UPDATE (WHERE state = … AND version = …).
CREATE TABLE consultation_bookings (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  reference text NOT NULL UNIQUE CHECK (reference ~ '^[0-9A-Z]{4}-[0-9A-Z]{4}$'),
  field_code text NOT NULL,
  expert_id bigint NOT NULL,
  slot_start timestamptz NOT NULL,
  slot_end timestamptz NOT NULL,
  state text NOT NULL CHECK (state IN ('held', 'booked', 'moved', 'cancelled', 'attended', 'no_show', 'hold_released')),
  channel text NOT NULL CHECK (channel IN ('web', 'phone', 'waitlist')),
  -- the resident's contact (mobile E.164 or e-mail), sealed, with the keyed
  -- hash look-ups use (the same purpose as the registry's contacts)
  contact_field text NOT NULL CHECK (contact_field IN ('mobile', 'email')),
  contact_enc bytea NOT NULL,
  contact_hash bytea NOT NULL CHECK (length(contact_hash) = 32),
  -- confirmed by a one-time code (always on the web; by phone when the caller read one out)
  contact_verified boolean NOT NULL,
  name_enc bytea NOT NULL,
  -- JSON {topic, hasDocuments}, sealed: residents write what they like there
  questionnaire_enc bytea NOT NULL,
  residency_declared boolean NOT NULL CHECK (residency_declared),
  residency_check text NOT NULL DEFAULT 'unchecked' CHECK (residency_check IN ('unchecked', 'confirmed', 'not_confirmed')),
  residency_checked_by bigint REFERENCES staff_accounts(id),
  residency_checked_at timestamptz,
  -- the personal link's token: a keyed hash to find the booking by, and the
  -- token sealed, for the reminders that carry the link later
  link_token_hash bytea NOT NULL UNIQUE CHECK (length(link_token_hash) = 32),
  link_token_enc bytea NOT NULL,
  hold_expires_at timestamptz,
  booked_by bigint REFERENCES staff_accounts(id),
  cancel_reason text CHECK (cancel_reason IN ('resident', 'official', 'blocked')),
  -- a booking cancelled by a block, rebooked by the resident from the slots offered
  rebooked_as bigint REFERENCES consultation_bookings(id),
  -- the expert's private note, sealed
  expert_note_enc bytea,
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (expert_id, district_code) REFERENCES consultation_experts (id, district_code),
  FOREIGN KEY (district_code, field_code) REFERENCES consultation_fields (district_code, code),
  CHECK (slot_end > slot_start),
  CHECK (state <> 'held' OR hold_expires_at IS NOT NULL),
  CHECK ((state = 'cancelled') = (cancel_reason IS NOT NULL)),
  CHECK (rebooked_as IS NULL OR cancel_reason = 'blocked'),
  CHECK ((residency_check = 'unchecked') = (residency_checked_at IS NULL))
);
-- THE guarantee: one active booking (or hold) per expert and slot.
CREATE UNIQUE INDEX consultation_bookings_one_per_slot ON consultation_bookings (expert_id, slot_start)
  WHERE state IN ('held', 'booked', 'moved', 'attended', 'no_show');
CREATE INDEX consultation_bookings_resident ON consultation_bookings (district_code, field_code, contact_hash)
  WHERE state IN ('held', 'booked', 'moved');
CREATE INDEX consultation_bookings_slots ON consultation_bookings (district_code, slot_start);
CREATE INDEX consultation_bookings_holds ON consultation_bookings (hold_expires_at) WHERE state = 'held';

-- What happened to a booking, in order (the audit log has the officials' acts on personal data).
CREATE TABLE consultation_booking_events (
  id bigserial PRIMARY KEY,
  booking_id bigint NOT NULL REFERENCES consultation_bookings(id),
  at timestamptz NOT NULL,
  event text NOT NULL CHECK (event IN ('held', 'booked', 'moved', 'reassigned', 'cancelled', 'attended', 'no_show',
                                        'hold_released', 'residency_checked', 'note_saved', 'rebooked')),
  actor_type text NOT NULL CHECK (actor_type IN ('resident', 'staff', 'system')),
  actor_id bigint REFERENCES staff_accounts(id),
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX consultation_booking_events_booking ON consultation_booking_events (booking_id, id);

-- Reminders before a booking's start, handed to the delivery engine by the
-- due-work sweep when due; a move or cancellation withdraws those not sent.
CREATE TABLE consultation_reminders (
  id bigserial PRIMARY KEY,
  booking_id bigint NOT NULL REFERENCES consultation_bookings(id),
  slot_start timestamptz NOT NULL,
  offset_minutes integer NOT NULL CHECK (offset_minutes > 0),
  due_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'sent', 'withdrawn')),
  message_id bigint REFERENCES messages(id),
  CHECK ((state = 'sent') = (message_id IS NOT NULL)),
  CHECK (due_at = slot_start - make_interval(mins => offset_minutes))
);
CREATE INDEX consultation_reminders_due ON consultation_reminders (due_at) WHERE state = 'scheduled';
CREATE INDEX consultation_reminders_booking ON consultation_reminders (booking_id);

-- Residents waiting for a field on a full day: a freed slot is held for the
-- first of them (first come, first served) for hold_minutes.
CREATE TABLE consultation_waitlist (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL,
  field_code text NOT NULL,
  day date NOT NULL,
  state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'offered', 'booked', 'left', 'lapsed')),
  contact_field text NOT NULL CHECK (contact_field IN ('mobile', 'email')),
  contact_enc bytea NOT NULL,
  contact_hash bytea NOT NULL CHECK (length(contact_hash) = 32),
  contact_verified boolean NOT NULL,
  name_enc bytea NOT NULL,
  questionnaire_enc bytea NOT NULL,
  residency_declared boolean NOT NULL CHECK (residency_declared),
  link_token_hash bytea NOT NULL UNIQUE CHECK (length(link_token_hash) = 32),
  offered_booking_id bigint REFERENCES consultation_bookings(id),
  joined_at timestamptz NOT NULL,
  FOREIGN KEY (district_code, field_code) REFERENCES consultation_fields (district_code, code),
  CHECK (state NOT IN ('offered', 'booked') OR offered_booking_id IS NOT NULL)
);
CREATE UNIQUE INDEX consultation_waitlist_once ON consultation_waitlist (district_code, field_code, day, contact_hash)
  WHERE state IN ('waiting', 'offered');
CREATE INDEX consultation_waitlist_queue ON consultation_waitlist (district_code, day, id) WHERE state = 'waiting';
