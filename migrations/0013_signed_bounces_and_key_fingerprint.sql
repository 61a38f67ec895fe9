-- Issue 13: delivery reports are trusted only when they can be verified, and
-- every process that uses this database seals with the same key.

-- When an attempt was last handed to a provider (set by each claim). A
-- receipt's time is never taken before it, nor before the acceptance.
ALTER TABLE delivery_attempts ADD COLUMN claimed_at timestamptz;

-- Two more outcomes of a stored receipt, both changing nothing:
--   mismatched    it names an attempt another provider (or another channel) sent
--   ignored_late  the attempt had already failed (e.g. its receipt deadline
--                 passed) or the notice had left for paper
ALTER TABLE delivery_receipts DROP CONSTRAINT delivery_receipts_outcome_check;
ALTER TABLE delivery_receipts ADD CONSTRAINT delivery_receipts_outcome_check
  CHECK (outcome IN ('pending', 'applied', 'ignored_final', 'unknown_message', 'mismatched', 'ignored_late'));
CREATE INDEX delivery_receipts_mismatched ON delivery_receipts (attempt_id) WHERE outcome = 'mismatched';

-- Mail to the bounce listener whose return path carries no valid signature:
-- never applied, kept for inspection and counted on the console. What may
-- hold an address or a message is sealed with the personal-data cipher.
CREATE TABLE inbound_reports_refused (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL CHECK (reason IN ('unsigned', 'bad_signature')),
  -- the attempt the address named and its district, when that attempt exists
  attempt_id bigint REFERENCES delivery_attempts(id),
  district_code text REFERENCES districts(code),
  size_bytes integer NOT NULL CHECK (size_bytes >= 0),
  -- sealed: the envelope recipient as given
  envelope_recipient_enc bytea NOT NULL,
  -- sealed JSON: the envelope sender and the client's address and greeting
  envelope_enc bytea NOT NULL,
  -- sealed: the message as received (its first 64 KiB)
  message_enc bytea NOT NULL
);
CREATE INDEX inbound_reports_refused_district ON inbound_reports_refused (district_code, received_at);

-- The fingerprint of the encryption key the personal data is sealed with
-- (HMAC-SHA-256 of a fixed label under the key, never the key), recorded by
-- the first process that opens the database; a process with another key
-- refuses to start.
CREATE TABLE encryption_key_fingerprint (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
