-- The local-tax guide's own pages: information booths of the station
-- (e.g. 취득세 안내 부스), FAQ entries (title = the question, body = the
-- answer) and promotions, written by the district's officials in Markdown,
-- in Korean and optionally English (an empty English title means the page
-- is only in Korean). The Markdown is stored as written; pages render and
-- sanitise it at display. Only published pages are shown to residents.
CREATE TABLE guide_pages (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  kind text NOT NULL CHECK (kind IN ('booth', 'faq', 'promotion')),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
  position integer NOT NULL DEFAULT 0 CHECK (position BETWEEN 0 AND 9999),
  title_ko text NOT NULL CHECK (length(title_ko) BETWEEN 1 AND 200),
  title_en text NOT NULL DEFAULT '' CHECK (length(title_en) <= 200),
  body_ko text NOT NULL CHECK (length(body_ko) BETWEEN 1 AND 20000),
  body_en text NOT NULL DEFAULT '' CHECK (length(body_en) <= 20000),
  published boolean NOT NULL DEFAULT false,
  published_at timestamptz,
  created_by bigint REFERENCES staff_accounts(id),
  updated_by bigint REFERENCES staff_accounts(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- an English version is whole or absent
  CHECK ((title_en = '') = (body_en = '')),
  CONSTRAINT guide_pages_slug_once UNIQUE (district_code, slug)
);
CREATE INDEX guide_pages_shown ON guide_pages (district_code, kind, position, id) WHERE published;
