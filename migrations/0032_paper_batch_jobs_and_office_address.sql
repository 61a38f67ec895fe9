-- Issue 19: the paper notice names the office a taxpayer calls or visits,
-- and paper batches are made in the background instead of during a request.

-- The tax office's postal address as a paper notice prints it (beside
-- office_phone). NULL: the notice names the district's tax office only.
-- Written by the platform (districts.repository.ts).
ALTER TABLE districts ADD COLUMN office_address text CHECK (length(btrim(office_address)) BETWEEN 1 AND 200);

-- A paper batch asked for from the console: queued by the request, made by
-- a worker (serve's or work's), its progress counted as the notices are
-- printed. The batch itself stays all or nothing (paper-batch.service.ts);
-- a worker that dies leaves the job 'running' until locked_until passes,
-- when another worker takes it again (nothing of the lost run was kept).
-- One job at a time per district: a batch takes every notice of the
-- district waiting for paper. Written by delivery only
-- (delivery/paper/paper-batch-jobs.repository.ts).
CREATE TABLE paper_batch_jobs (
  id bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts(code),
  requested_by text NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  -- notices waiting for paper when the worker started, and handled so far
  total integer NOT NULL DEFAULT 0 CHECK (total >= 0),
  handled integer NOT NULL DEFAULT 0 CHECK (handled >= 0),
  tries smallint NOT NULL DEFAULT 0 CHECK (tries >= 0),
  -- the batch made (NULL when nothing was waiting, or the job failed)
  batch_id bigint REFERENCES paper_batches(id),
  withdrawn_paid integer NOT NULL DEFAULT 0 CHECK (withdrawn_paid >= 0),
  -- the AppError code of a failure (its words are in the catalogue)
  error_code text CHECK (length(error_code) BETWEEN 1 AND 60),
  requested_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  locked_until timestamptz,
  finished_at timestamptz,
  CHECK ((state IN ('done', 'failed')) = (finished_at IS NOT NULL)),
  CHECK (state <> 'running' OR (started_at IS NOT NULL AND locked_until IS NOT NULL)),
  CHECK (state = 'failed' OR error_code IS NULL)
);
CREATE UNIQUE INDEX paper_batch_jobs_one_active ON paper_batch_jobs (district_code) WHERE state IN ('queued', 'running');
CREATE INDEX paper_batch_jobs_district ON paper_batch_jobs (district_code, id);
