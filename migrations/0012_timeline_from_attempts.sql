-- A notice's timeline shows when each attempt was accepted by its provider
-- and when it was delivered. Both moments are on the attempt row already;
-- instead of a second copy in message_events (a row, two index entries and a
-- foreign-key check per attempt, twice), the attempt keeps its place in the
-- timeline's order (a value of the events' own sequence, drawn when the
-- moment was recorded) and the view message_timeline shows them among the
-- stored events. Time alone cannot order a timeline: events of consecutive
-- transactions can share a clock tick (PGlite's clock ticks in milliseconds).
-- Attempts recorded before this migration keep their stored events; their new
-- columns stay empty, so nothing is shown twice.
ALTER TABLE delivery_attempts
  ADD COLUMN accepted_seq bigint,
  ADD COLUMN delivered_seq bigint,
  -- the delivered receipt's own time (§32), for this attempt
  ADD COLUMN delivered_at timestamptz;

CREATE VIEW message_timeline AS
  SELECT e.id AS seq, e.message_id, e.at, e.event, e.channel, e.provider, e.attempt_id, e.detail
    FROM message_events e
  UNION ALL
  SELECT a.accepted_seq, a.message_id, a.accepted_at, 'accepted', a.channel, a.provider, a.id,
         jsonb_build_object('provider_message_id', a.provider_message_id)
    FROM delivery_attempts a
   WHERE a.accepted_seq IS NOT NULL
  UNION ALL
  SELECT a.delivered_seq, a.message_id, a.final_at, 'delivered', a.channel, a.provider, a.id,
         jsonb_build_object('delivered_at', a.delivered_at,
                            'effective_due_date', CASE WHEN m.delivered_at = a.delivered_at AND m.delivered_channel = a.channel THEN m.effective_due_date END)
    FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
   WHERE a.delivered_seq IS NOT NULL;
