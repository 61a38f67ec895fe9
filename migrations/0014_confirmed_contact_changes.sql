-- Contact changes that meet one bar (issue 13): every new mobile number or
-- e-mail address is confirmed by a one-time code sent to it before any path
-- (self-service page, desk contact form, official edit) may save it; the
-- desk's contact forms are sealed; the old contact is told, with the
-- office's number to call.

-- One-time codes confirming a contact before it is used. Only keyed hashes
-- are kept: of the code, and of the value it was sent to. 5 minutes, 5
-- tries; a newer code of the same scope and field supersedes the older; a
-- confirmed code is spent once, by the change it confirms.
CREATE TABLE one_time_codes (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  -- who asked for it, e.g. 'update_session:12', 'desk_form:7',
  -- 'desk_transcript:9', 'official:3:taxpayer:42'
  scope text NOT NULL CHECK (length(scope) BETWEEN 1 AND 200),
  field text NOT NULL CHECK (field IN ('mobile', 'email')),
  value_hash bytea NOT NULL CHECK (length(value_hash) = 32),
  code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
  message_id bigint REFERENCES messages(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  tries integer NOT NULL DEFAULT 0 CHECK (tries >= 0),
  confirmed_at timestamptz,
  superseded_at timestamptz,
  spent_at timestamptz,
  CHECK (spent_at IS NULL OR confirmed_at IS NOT NULL)
);
CREATE INDEX one_time_codes_scope ON one_time_codes (scope, field, id);

-- The self-service page's codes live in one_time_codes now. A code still
-- open at the upgrade (they last 5 minutes) is simply asked for again.
DROP TABLE contact_confirmations;

-- A resident's contact-update form in a desk conversation. What it says
-- (name, date of birth, new mobile and e-mail, channels) is sealed with the
-- personal-data cipher; the conversation's message of kind 'form' carries
-- only the form's id. The form reaches the agent (desk_message_id) once
-- every new contact in it was confirmed by the code sent to it.
CREATE TABLE desk_contact_forms (
  id bigserial PRIMARY KEY,
  conversation_id bigint NOT NULL REFERENCES conversations(id),
  district_code text NOT NULL REFERENCES districts(code),
  form_enc bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  desk_message_id bigint UNIQUE REFERENCES desk_messages(id)
);
CREATE INDEX desk_contact_forms_conversation ON desk_contact_forms (conversation_id);

-- Forms stored before this migration kept name, date of birth, mobile and
-- e-mail in plain text in desk_messages.payload. SQL has no key to seal
-- them, and under the new rule they can no longer be applied (no code ever
-- confirmed their contacts), so only a masked copy is kept for the agent's
-- reading ('legacy': the resident is asked to send the form again).
UPDATE desk_messages
   SET payload = jsonb_strip_nulls(jsonb_build_object(
         'form', 'contact_update',
         'legacy', true,
         'name', CASE WHEN coalesce(payload->>'name', '') <> '' THEN left(payload->>'name', 1) || repeat('*', greatest(char_length(payload->>'name') - 1, 1)) END,
         'birthDate', CASE WHEN coalesce(payload->>'birthDate', '') <> '' THEN left(payload->>'birthDate', 4) || '-**-**' END,
         'mobile', CASE WHEN coalesce(payload->>'mobile', '') <> ''
                        THEN left(regexp_replace(payload->>'mobile', '[^0-9]', '', 'g'), 3) || '-****-' || right(regexp_replace(payload->>'mobile', '[^0-9]', '', 'g'), 4) END,
         'email', CASE WHEN coalesce(payload->>'email', '') <> ''
                       THEN left(split_part(payload->>'email', '@', 1), 1) || '****@' || split_part(payload->>'email', '@', 2) END,
         'channels', payload->'channels'))
 WHERE kind = 'form' AND payload->>'form' = 'contact_update' AND payload->>'legacy' IS NULL AND payload->>'formId' IS NULL;

-- The number a resident calls when told that their contact details were
-- changed (e.g. '02-3423-5114'); without one, the message names the
-- district's tax department.
ALTER TABLE districts ADD COLUMN office_phone text CHECK (office_phone ~ '^[0-9][0-9-]{5,18}[0-9]$');
