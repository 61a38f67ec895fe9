-- The question board of the lecture room (issue 23, src/lectures/board).
-- Residents post questions without signing in; officials moderate them
-- before anyone else sees them, answer in writing or mark them for a coming
-- lecture; residents upvote the published ones, and the monthly view ranks
-- the fields by upvotes to choose the next lecture.
--
--   lecture_board_questions  one question: the text as stored is already
--                            masked (personal data found in it replaced by
--                            asterisks before the INSERT; masked_kinds says
--                            what was found). The optional contact for the
--                            answer is sealed (AES-GCM, platform cipher) and
--                            erased once the answer's message is queued.
--   lecture_board_upvotes    one upvote per browser and question: a keyed
--                            hash of a random per-browser cookie id, nothing
--                            else about the resident.

CREATE TABLE lecture_board_questions (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  reference text NOT NULL UNIQUE CHECK (reference ~ '^LQ-[A-Z2-9]{8}$'),
  locale text NOT NULL CHECK (locale IN ('ko', 'en')),
  nickname text NOT NULL CHECK (length(nickname) BETWEEN 1 AND 30),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  field text NOT NULL CHECK (field IN ('acquisition', 'property', 'vehicle', 'resident', 'local_income', 'other')),
  masked_kinds text[] NOT NULL DEFAULT '{}' CHECK (masked_kinds <@ ARRAY['rrn', 'mobile', 'email', 'account']::text[]),
  contact_field text CHECK (contact_field IN ('mobile', 'email')),
  contact_enc bytea,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'published', 'rejected')),
  created_at timestamptz NOT NULL,
  moderated_at timestamptz,
  moderated_by bigint REFERENCES staff_accounts(id),
  published_at timestamptz,
  rejection_reason text CHECK (length(rejection_reason) BETWEEN 1 AND 500),
  answer text CHECK (length(answer) BETWEEN 1 AND 4000),
  answered_at timestamptz,
  answered_by bigint REFERENCES staff_accounts(id),
  answer_message_id bigint REFERENCES messages(id),
  for_lecture_at timestamptz,
  for_lecture_by bigint REFERENCES staff_accounts(id),
  upvotes integer NOT NULL DEFAULT 0 CHECK (upvotes >= 0),
  CONSTRAINT lecture_board_contact CHECK ((contact_field IS NULL) = (contact_enc IS NULL)),
  CONSTRAINT lecture_board_moderated CHECK ((state = 'pending') = (moderated_at IS NULL) AND (moderated_at IS NULL) = (moderated_by IS NULL)),
  CONSTRAINT lecture_board_published CHECK ((state = 'published') = (published_at IS NOT NULL)),
  CONSTRAINT lecture_board_rejected CHECK ((state = 'rejected') = (rejection_reason IS NOT NULL)),
  CONSTRAINT lecture_board_answer CHECK ((answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (answered_by IS NULL) AND (answer IS NULL OR state = 'published')),
  CONSTRAINT lecture_board_for_lecture CHECK ((for_lecture_at IS NULL) = (for_lecture_by IS NULL) AND (for_lecture_at IS NULL OR state = 'published'))
);
CREATE INDEX lecture_board_queue ON lecture_board_questions (district_code, state, created_at);
CREATE INDEX lecture_board_published_at ON lecture_board_questions (district_code, published_at DESC) WHERE state = 'published';
CREATE INDEX lecture_board_top ON lecture_board_questions (district_code, upvotes DESC, published_at DESC) WHERE state = 'published';

CREATE TABLE lecture_board_upvotes (
  question_id bigint NOT NULL REFERENCES lecture_board_questions(id),
  district_code text NOT NULL REFERENCES districts(code),
  voter_hash bytea NOT NULL CHECK (length(voter_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT lecture_board_one_upvote UNIQUE (question_id, voter_hash)
);
