-- Local-tax refund applications (src/guide/refund-applications). A resident
-- shows they are the notice's taxpayer with a one-time code sent to a
-- contact on the taxpayer's record, and gives the account for the transfer;
-- officials move the application along received → reviewing → approved or
-- rejected → paid. The account and its holder are sealed; pages show the
-- bank and the last four digits only.
CREATE TABLE guide_refund_applications (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  reference text NOT NULL UNIQUE CHECK (reference ~ '^RF-[0-9A-Z]{4}-[0-9A-Z]{4}$'),
  notice_id bigint NOT NULL REFERENCES notices(id),
  -- where the resident is told of each step: the contact the code confirmed
  contact_field text NOT NULL CHECK (contact_field IN ('mobile', 'email')),
  contact_sealed bytea NOT NULL,
  bank_code text NOT NULL CHECK (bank_code ~ '^[0-9]{3}$'),
  account_sealed bytea NOT NULL,
  account_last4 text NOT NULL CHECK (account_last4 ~ '^[0-9]{4}$'),
  holder_sealed bytea NOT NULL,
  reason text NOT NULL CHECK (reason IN ('overpaid', 'paid_twice', 'reduced', 'other')),
  reason_detail text NOT NULL DEFAULT '' CHECK (length(reason_detail) <= 500),
  state text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'reviewing', 'approved', 'rejected', 'paid')),
  approved_amount bigint CHECK (approved_amount > 0),
  rejection_reason text CHECK (length(rejection_reason) BETWEEN 1 AND 500),
  paid_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((state = 'rejected') = (rejection_reason IS NOT NULL)),
  CHECK (state NOT IN ('approved', 'paid') OR approved_amount IS NOT NULL),
  CHECK ((state = 'paid') = (paid_on IS NOT NULL))
);
-- One application per notice that is not rejected: a second one while the
-- first is open, or after it was approved or paid, is refused by the database.
CREATE UNIQUE INDEX guide_refund_applications_one_per_notice ON guide_refund_applications (notice_id) WHERE state <> 'rejected';
CREATE INDEX guide_refund_applications_queue ON guide_refund_applications (district_code, state, created_at);

-- Each step of an application: who moved it (a staff id; NULL for the
-- resident's own application), from and to which state, the reason given,
-- and the message that told the resident.
CREATE TABLE guide_refund_events (
  id bigserial PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES guide_refund_applications(id),
  from_state text CHECK (from_state IN ('received', 'reviewing', 'approved', 'rejected', 'paid')),
  to_state text NOT NULL CHECK (to_state IN ('received', 'reviewing', 'approved', 'rejected', 'paid')),
  staff_id bigint REFERENCES staff_accounts(id),
  note text NOT NULL DEFAULT '',
  message_id bigint REFERENCES messages(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX guide_refund_events_application ON guide_refund_events (application_id, id);
