-- Follow-ups through the same engine: a reminder before the due date to those
-- who have not paid, and an arrears notice after it, whose unpaid amount and
-- additional dues come from the levy system's arrears file.

CREATE TABLE arrears (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  notice_id bigint NOT NULL REFERENCES notices(id),
  unpaid_amount bigint NOT NULL CHECK (unpaid_amount >= 0),
  additional_dues bigint NOT NULL CHECK (additional_dues >= 0),
  due_date date NOT NULL,
  file_name text NOT NULL,
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (notice_id, due_date)
);
CREATE INDEX arrears_district ON arrears (district_code, imported_at);

ALTER TABLE messages ADD COLUMN arrears_id bigint REFERENCES arrears(id);
