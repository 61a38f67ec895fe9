-- District settings in the console (issue 20, item 3). Each domain keeps its
-- own settings: the platform the district's names, office phone (districts)
-- and logo (district_logos); delivery its channels, quiet hours, senders and
-- postage (delivery_settings); the desk its hours and closed days (desk_hours,
-- desk_closed_days, desk_settings, unchanged here).

-- Names as the console and every message show them.
ALTER TABLE districts ADD CONSTRAINT districts_names_length
  CHECK (length(btrim(name_ko)) BETWEEN 1 AND 100 AND length(btrim(name_en)) BETWEEN 1 AND 100) NOT VALID;

-- The district's logo: a PNG, or an SVG stored as sanitised (no script, no
-- event handler, no outside reference). Shown as an <img> only, served with
-- a policy that runs nothing.
CREATE TABLE district_logos (
  district_code text PRIMARY KEY REFERENCES districts(code),
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/svg+xml')),
  content bytea NOT NULL CHECK (octet_length(content) BETWEEN 1 AND 262144),
  sha256 bytea NOT NULL CHECK (octet_length(sha256) = 32),
  width integer CHECK (width BETWEEN 1 AND 2048),
  height integer CHECK (height BETWEEN 1 AND 2048),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Delivery: quiet hours of the district (NULL: the installation's default,
-- TAXSTATION_QUIET_HOURS); the SMS caller number and the e-mail sender
-- (NULL: the provider's own, from TAXSTATION_PROVIDERS). A caller number
-- must be registered with every SMS provider that sends it.
ALTER TABLE delivery_settings
  ADD COLUMN quiet_hours text CHECK (quiet_hours ~ '^(off|([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9])$'),
  ADD COLUMN sms_sender text CHECK (sms_sender ~ '^[0-9]{8,13}$'),
  ADD COLUMN email_from_name text CHECK (length(email_from_name) BETWEEN 1 AND 100 AND email_from_name !~ '[\r\n"<>]'),
  ADD COLUMN email_from_address text CHECK (length(email_from_address) <= 254 AND email_from_address ~ '^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$'),
  ADD CONSTRAINT delivery_settings_channel_order_known
    CHECK (cardinality(channel_order) BETWEEN 1 AND 3 AND channel_order <@ '{kakao,sms,email}'::text[]);
