-- Retention (issue 20, item 5): each district keeps the contents of what it
-- sent and of what residents wrote to its desk for a period of its own, then
-- they are removed, while the rows, their states and times, and the audit
-- log stay. Every period is counted in days from the moment the thing was
-- done with (a message's final state, a conversation's close, an offline
-- message's answer) and is at least 30 days, at most 10 years.

-- Delivery (owned by delivery): the contents of messages and attempts.
ALTER TABLE delivery_settings
  ADD COLUMN retention_contents_days integer NOT NULL DEFAULT 365
    CHECK (retention_contents_days BETWEEN 30 AND 3650);

-- A message whose contents were removed: its sealed variables and recipient
-- are gone (a notice's own figures stay on the notice), the attempts'
-- failure details and the receipts' details too; its state, plan, times and
-- timeline stay.
ALTER TABLE messages ADD COLUMN contents_purged_at timestamptz;
ALTER TABLE messages ADD CONSTRAINT messages_contents_purged_when_final
  CHECK (contents_purged_at IS NULL OR final_at IS NOT NULL);
ALTER TABLE messages ADD CONSTRAINT messages_contents_purged_means_empty
  CHECK (contents_purged_at IS NULL OR (variables_enc IS NULL AND recipient_enc IS NULL));
CREATE INDEX messages_contents_retained ON messages (district_code, final_at)
  WHERE contents_purged_at IS NULL AND final_at IS NOT NULL;
-- Receipts with a detail (a provider's or a returned mail's words, which may
-- name the address) are found by their attempt when its message is purged.
CREATE INDEX delivery_receipts_attempt_detail ON delivery_receipts (attempt_id) WHERE detail IS NOT NULL;

-- The desk (owned by desk): its periods in a table of its own, since a
-- desk_settings row needs the out-of-hours texts.
CREATE TABLE desk_retention_settings (
  district_code text PRIMARY KEY REFERENCES districts(code),
  -- what was written in a conversation (messages, notes, forms, the rating's comment), after its close
  chat_days integer NOT NULL DEFAULT 180 CHECK (chat_days BETWEEN 30 AND 3650),
  -- the files sent in a conversation, after its close
  attachment_days integer NOT NULL DEFAULT 180 CHECK (attachment_days BETWEEN 30 AND 3650),
  -- an offline-form message (name, contact, question, answer), after its answer (unanswered: after it was left)
  offline_days integer NOT NULL DEFAULT 180 CHECK (offline_days BETWEEN 30 AND 3650),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A conversation whose transcript was removed: its messages keep author,
-- kind and time with an empty body and no payload.
ALTER TABLE conversations ADD COLUMN transcript_purged_at timestamptz;
ALTER TABLE conversations ADD CONSTRAINT conversations_transcript_purged_when_closed
  CHECK (transcript_purged_at IS NULL OR closed_at IS NOT NULL);
CREATE INDEX conversations_transcript_retained ON conversations (district_code, closed_at)
  WHERE transcript_purged_at IS NULL AND closed_at IS NOT NULL;

-- An attachment whose file was removed keeps its type, size, hash and time.
ALTER TABLE desk_attachments ADD COLUMN purged_at timestamptz;
ALTER TABLE desk_attachments ALTER COLUMN content DROP NOT NULL;
ALTER TABLE desk_attachments ADD CONSTRAINT desk_attachments_content_unless_purged
  CHECK ((content IS NULL) = (purged_at IS NOT NULL));

-- An offline message whose contents were removed keeps its reference,
-- reply channel, times and the answer's message.
ALTER TABLE desk_offline_messages ADD COLUMN purged_at timestamptz;
ALTER TABLE desk_offline_messages ALTER COLUMN name DROP NOT NULL;
ALTER TABLE desk_offline_messages ALTER COLUMN contact_enc DROP NOT NULL;
ALTER TABLE desk_offline_messages ALTER COLUMN question DROP NOT NULL;
ALTER TABLE desk_offline_messages DROP CONSTRAINT desk_offline_messages_check;
ALTER TABLE desk_offline_messages ADD CONSTRAINT desk_offline_messages_answer_unless_purged
  CHECK (purged_at IS NOT NULL OR (answer IS NULL) = (answered_at IS NULL));
ALTER TABLE desk_offline_messages ADD CONSTRAINT desk_offline_messages_contents_unless_purged
  CHECK (purged_at IS NOT NULL OR (name IS NOT NULL AND contact_enc IS NOT NULL AND question IS NOT NULL));
ALTER TABLE desk_offline_messages ADD CONSTRAINT desk_offline_messages_purged_means_empty
  CHECK (purged_at IS NULL OR (name IS NULL AND contact_enc IS NULL AND question IS NULL AND answer IS NULL));
