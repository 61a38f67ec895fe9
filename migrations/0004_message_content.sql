-- Messages that are not a notice (campaign messages, one-time codes, links,
-- guidance) carry their own content variables, and may go to a recipient
-- that is not yet on the taxpayer's record (a new number being confirmed).
-- Both are personal data: encrypted JSON.

ALTER TABLE messages ADD COLUMN recipient_enc bytea;
ALTER TABLE messages ADD COLUMN variables_enc bytea;
ALTER TABLE messages ADD COLUMN campaign_id bigint;
CREATE INDEX messages_campaign ON messages (campaign_id) WHERE campaign_id IS NOT NULL;
