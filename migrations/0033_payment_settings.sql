-- Payments (issue 19 item 6): the bank that holds a district's virtual
-- accounts, as the payment page names it beside each notice's account
-- number (the roll carries the number only). One row per district that has
-- said; no row: the page tells residents to read the bank on their notice.
CREATE TABLE notice_payment_settings (
  district_code text PRIMARY KEY REFERENCES districts(code),
  bank_ko text NOT NULL CHECK (length(btrim(bank_ko)) BETWEEN 1 AND 40),
  bank_en text NOT NULL CHECK (length(btrim(bank_en)) BETWEEN 1 AND 40),
  updated_at timestamptz NOT NULL DEFAULT now()
);
