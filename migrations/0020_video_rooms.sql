-- 1:1 video consultation rooms (issue 16). A room belongs to a video
-- booking of src/consultations; the call itself is peer-to-peer WebRTC and
-- never reaches the server (nothing is recorded). What the server keeps:
--
--   on the reservation (src/consultations owns consultation_bookings):
--     extended_minutes     the expert added time at the end (at most 10, only
--                          when the expert's next slot was free)
--     switched_to_phone_*  video failed; the expert went on by phone
--   in src/video:
--     video_settings       per district, how long before the slot the room opens
--     video_signals        the negotiation in flight between the two sides
--                          (SDP and ICE candidates), kept only while the room
--                          is open so a side that reconnects catches up from
--                          its cursor; purged after the room ends.

ALTER TABLE consultation_bookings
  ADD COLUMN extended_minutes integer NOT NULL DEFAULT 0 CHECK (extended_minutes BETWEEN 0 AND 10),
  ADD COLUMN switched_to_phone_at timestamptz,
  ADD COLUMN switched_to_phone_by bigint REFERENCES staff_accounts(id),
  ADD CONSTRAINT consultation_bookings_phone_switch CHECK ((switched_to_phone_at IS NULL) = (switched_to_phone_by IS NULL)),
  ADD CONSTRAINT consultation_bookings_video_only CHECK (mode = 'video' OR (extended_minutes = 0 AND switched_to_phone_at IS NULL));

ALTER TABLE consultation_booking_events DROP CONSTRAINT consultation_booking_events_event_check;
ALTER TABLE consultation_booking_events ADD CONSTRAINT consultation_booking_events_event_check
  CHECK (event IN ('held', 'booked', 'moved', 'reassigned', 'cancelled', 'attended', 'no_show',
                   'hold_released', 'residency_checked', 'note_saved', 'rebooked', 'extended', 'switched_to_phone'));

CREATE TABLE video_settings (
  district_code text PRIMARY KEY REFERENCES districts(code),
  -- the room opens this long before the slot starts (the pre-call check can be done earlier)
  open_before_minutes integer NOT NULL DEFAULT 10 CHECK (open_before_minutes BETWEEN 0 AND 60),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE video_signals (
  id bigserial PRIMARY KEY,
  booking_id bigint NOT NULL REFERENCES consultation_bookings(id),
  from_side text NOT NULL CHECK (from_side IN ('resident', 'expert')),
  -- the sending page (a reload gives a new one): the receiver ignores signals of a page it no longer talks to
  from_peer text NOT NULL CHECK (from_peer ~ '^[A-Za-z0-9_-]{8,64}$'),
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX video_signals_room ON video_signals (booking_id, from_side, id);
CREATE INDEX video_signals_age ON video_signals (created_at);
