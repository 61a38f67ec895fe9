-- The local-tax calendar of the guide, and the deadline rule it shares with
-- §31's extended due date.

-- Framework Act on Local Taxes §24: a deadline (filing, application,
-- payment…) that falls on a public holiday, a Saturday, a Sunday or Labour
-- Day moves to the next day; applied again while that day is one of them,
-- it lands on the first day that is none. `also_closed` lists the days off
-- the holiday calendar does not carry (MM-DD, every year).
INSERT INTO law_rules (code, article, summary_ko, summary_en, params) VALUES
  ('due_date_on_day_off', '지방세기본법 제24조',
   '신고·신청·납부 등의 기한이 공휴일, 토요일·일요일 또는 근로자의 날이면 그다음 날을 기한으로 한다.',
   'A deadline that falls on a public holiday, a Saturday, a Sunday or Labour Day moves to the next day that is none of these.',
   '{"also_closed": ["05-01"]}');

-- The public holidays of Korea, substitute days included, as the
-- application's holiday library computes them (src/platform/time/seoul.ts);
-- written by the application after each migration run, so SQL and
-- TypeScript judge a day off alike.
CREATE TABLE public_holidays (
  day date PRIMARY KEY,
  name text NOT NULL
);

-- The first day on or after `d` on which a local-tax deadline may fall
-- (law_rules 'due_date_on_day_off').
CREATE FUNCTION local_tax_deadline(d date) RETURNS date
LANGUAGE sql STABLE AS $$
  SELECT min(c)::date
    FROM generate_series(d::timestamp, d::timestamp + interval '40 days', interval '1 day') AS c
   WHERE extract(isodow FROM c) < 6
     AND NOT EXISTS (SELECT 1 FROM public_holidays h WHERE h.day = c::date)
     AND NOT EXISTS (SELECT 1 FROM law_rules r, jsonb_array_elements_text(r.params -> 'also_closed') AS closed(md)
                      WHERE r.code = 'due_date_on_day_off' AND closed.md = to_char(c, 'MM-DD'))
$$;

-- The year's schedule of local taxes. Rows with no district are the
-- national schedule every district starts from; a district that has rows
-- of its own shows those instead (the console copies the national rows on
-- the first change). `month` NULL: every month. A day past the month's end
-- (31 in June) means its last day.
CREATE TABLE guide_calendar_items (
  id bigserial PRIMARY KEY,
  district_code text REFERENCES districts(code),
  code text NOT NULL CHECK (code ~ '^[a-z0-9_]{1,40}$'),
  month smallint CHECK (month BETWEEN 1 AND 12),
  opens_day smallint CHECK (opens_day BETWEEN 1 AND 31),
  due_day smallint NOT NULL CHECK (due_day BETWEEN 1 AND 31),
  title_ko text NOT NULL CHECK (length(title_ko) BETWEEN 1 AND 80),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 120),
  detail_ko text NOT NULL DEFAULT '' CHECK (length(detail_ko) <= 400),
  detail_en text NOT NULL DEFAULT '' CHECK (length(detail_en) <= 600),
  CHECK (opens_day IS NULL OR opens_day <= due_day),
  UNIQUE NULLS NOT DISTINCT (district_code, code)
);

INSERT INTO guide_calendar_items (code, month, opens_day, due_day, title_ko, title_en, detail_ko, detail_en) VALUES
  ('vehicle_prepayment_january', 1, 16, 31, '자동차세 연납(1월)', 'Vehicle tax paid for the year (January)',
   '1년 치 자동차세를 1월에 한 번에 내면 세액의 일부를 공제받습니다.', 'Pay the whole year''s vehicle tax in January and part of it is deducted.'),
  ('registration_licence', 1, 16, 31, '등록면허세(면허분)', 'Registration and licence tax (licences)',
   '매년 1월 1일 현재 면허를 가진 분이 냅니다.', 'Paid by holders of a licence on 1 January.'),
  ('local_income_tax_filing', 5, 1, 31, '지방소득세(종합소득분) 신고·납부', 'Local income tax: filing and payment',
   '종합소득세 신고와 함께 지방소득세를 신고하고 냅니다.', 'File and pay local income tax together with the national income tax return.'),
  ('vehicle_tax_first_half', 6, 16, 30, '자동차세 제1기분', 'Vehicle tax, first half',
   '1월부터 6월까지의 자동차세입니다.', 'Vehicle tax for January to June.'),
  ('property_tax_buildings', 7, 16, 31, '재산세(건축물·주택 1기분)', 'Property tax: buildings and the first half on homes',
   '6월 1일 현재 건축물과 주택을 가진 분이 냅니다.', 'Paid by owners of buildings and homes on 1 June.'),
  ('resident_tax_business', 7, 1, 31, '주민세(사업소분) 신고·납부', 'Resident tax on business premises: filing and payment',
   '7월 1일 현재 사업소를 둔 사업주가 신고하고 냅니다.', 'Filed and paid by businesses with premises on 1 July.'),
  ('resident_tax_individual', 8, 16, 31, '주민세(개인분)', 'Resident tax (individuals)',
   '7월 1일 현재 주소를 둔 세대주가 냅니다.', 'Paid by heads of household living in the district on 1 July.'),
  ('property_tax_land', 9, 16, 30, '재산세(토지·주택 2기분)', 'Property tax: land and the second half on homes',
   '6월 1일 현재 토지와 주택을 가진 분이 냅니다.', 'Paid by owners of land and homes on 1 June.'),
  ('vehicle_tax_second_half', 12, 16, 31, '자동차세 제2기분', 'Vehicle tax, second half',
   '7월부터 12월까지의 자동차세입니다.', 'Vehicle tax for July to December.'),
  ('monthly_withholding', NULL, 1, 10, '지방소득세 특별징수분·주민세 종업원분', 'Local income tax withheld and resident tax on employees',
   '지난달 원천징수한 지방소득세와 종업원분 주민세를 신고하고 냅니다(사업자).', 'Employers file and pay what they withheld last month.');

-- Residents who asked to be reminded of the schedule's deadlines: a mobile
-- number or an e-mail address (sealed; a keyed hash for look-up), confirmed
-- by a one-time code before anything is sent. One live subscription per
-- contact and district: subscribing again replaces it.
CREATE TABLE guide_calendar_subscriptions (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  contact_field text NOT NULL CHECK (contact_field IN ('mobile', 'email')),
  contact_sealed bytea NOT NULL,
  contact_hash bytea NOT NULL,
  item_codes text[] NOT NULL CHECK (cardinality(item_codes) >= 1),
  days_before smallint NOT NULL CHECK (days_before BETWEEN 1 AND 14),
  locale text NOT NULL CHECK (locale IN ('ko', 'en')),
  -- the token of the unsubscribe link each reminder carries: sealed (the
  -- sweep writes it into each reminder) and its keyed hash (the link finds it)
  unsubscribe_sealed bytea NOT NULL,
  unsubscribe_hash bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz
);
CREATE UNIQUE INDEX guide_calendar_subscriptions_live ON guide_calendar_subscriptions (district_code, contact_hash) WHERE ended_at IS NULL;

-- One reminder per subscription, item and due date: the sweep inserts it in
-- the transaction that hands the message to the delivery engine, so a
-- reminder is sent once whatever runs at the same time.
CREATE TABLE guide_calendar_reminders (
  subscription_id bigint NOT NULL REFERENCES guide_calendar_subscriptions(id),
  item_code text NOT NULL,
  due_date date NOT NULL,
  message_id bigint REFERENCES messages(id),
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subscription_id, item_code, due_date)
);
