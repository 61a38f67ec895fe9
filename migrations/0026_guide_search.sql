-- One search over the guide: the calendar, booths, FAQ and promotions,
-- lectures and answered board questions (src/guide/search). Korean has no
-- spaces between many words a reader searches for, so text is indexed as
-- its character unigrams and bigrams (an n-gram index) in a text[] with a
-- GIN index: a query matches a document holding all of its n-grams. The
-- same SQL on PGlite and PostgreSQL, no extension needed.
CREATE TABLE guide_search_documents (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  kind text NOT NULL CHECK (kind IN ('calendar', 'booth', 'faq', 'promotion', 'lecture', 'question', 'refund')),
  source_id text NOT NULL,
  title_ko text NOT NULL,
  title_en text NOT NULL,
  body_ko text NOT NULL,
  body_en text NOT NULL,
  path text NOT NULL CHECK (path LIKE '/r/%'),
  grams tsvector NOT NULL,
  title_grams tsvector NOT NULL,
  UNIQUE (district_code, kind, source_id)
);
CREATE INDEX guide_search_documents_grams ON guide_search_documents USING gin (grams);
CREATE INDEX guide_search_documents_title_grams ON guide_search_documents USING gin (title_grams);

-- When each district's documents were last rebuilt from their sources.
CREATE TABLE guide_search_state (
  district_code text PRIMARY KEY REFERENCES districts(code),
  indexed_at timestamptz NOT NULL
);
