-- Lecture videos of the lecture room (issue 23). The files (video and poster
-- frame) live in the lecture storage (a folder by default, see
-- src/lectures/videos/lecture-storage.ts); the database keeps what they are
-- (read by ffprobe, never from the file name), the captions, chapters, the
-- board questions a lecture answers, and counters without personal data.
--
--   lectures                  one video of a district; a draft until
--                             publish_at is set and reached (a future
--                             publish_at is a scheduled publication)
--   lecture_captions          WebVTT per language (ko required to publish)
--   lecture_question_links    board questions the lecture answers, and where
--   lecture_daily_counts      views (playback started) and completions (90 %)
--                             per lecture and Seoul day
--   lecture_count_marks       one-way hashes of a browser tab's random id, so
--                             a tab counts once a day; pruned after two days

CREATE TABLE lectures (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
  field text NOT NULL,
  -- [{ "title": "…", "startSeconds": 0 }, …] in order of time
  chapters jsonb NOT NULL DEFAULT '[]'::jsonb,
  video_key text NOT NULL,
  video_content_type text NOT NULL CHECK (video_content_type IN ('video/mp4', 'video/webm')),
  video_codec text NOT NULL,
  audio_codec text,
  video_bytes bigint NOT NULL CHECK (video_bytes > 0),
  duration_ms integer NOT NULL CHECK (duration_ms > 0),
  width integer,
  height integer,
  poster_key text,
  publish_at timestamptz,
  created_by bigint REFERENCES staff_accounts(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lectures_district ON lectures (district_code, created_at DESC);
CREATE INDEX lectures_published ON lectures (publish_at) WHERE publish_at IS NOT NULL;

CREATE TABLE lecture_captions (
  lecture_id bigint NOT NULL REFERENCES lectures(id) ON DELETE CASCADE,
  lang text NOT NULL CHECK (lang IN ('ko', 'en')),
  vtt text NOT NULL CHECK (length(vtt) <= 1048576),
  cue_count integer NOT NULL CHECK (cue_count > 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (lecture_id, lang)
);

CREATE TABLE lecture_question_links (
  lecture_id bigint NOT NULL REFERENCES lectures(id) ON DELETE CASCADE,
  -- a question of the board (src/lectures/board); read through its repository
  question_id bigint NOT NULL,
  at_seconds integer NOT NULL CHECK (at_seconds >= 0),
  PRIMARY KEY (lecture_id, question_id)
);

CREATE TABLE lecture_daily_counts (
  lecture_id bigint NOT NULL REFERENCES lectures(id) ON DELETE CASCADE,
  day date NOT NULL,
  views integer NOT NULL DEFAULT 0,
  completions integer NOT NULL DEFAULT 0,
  PRIMARY KEY (lecture_id, day)
);

CREATE TABLE lecture_count_marks (
  mark bytea PRIMARY KEY,
  day date NOT NULL
);
CREATE INDEX lecture_count_marks_day ON lecture_count_marks (day);
