-- Refused returned mail that named no message of any district is no longer
-- kept (delivery/receipts/refused-reports.repository.ts): no district's
-- console showed it and no district's retention period removed it. What was
-- kept of it before goes now; the mail that named a district's message stays
-- until that district's period passes.
DELETE FROM inbound_reports_refused WHERE district_code IS NULL;
