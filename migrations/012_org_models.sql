-- Per-organisation models, training runs and the organisation's own calendar (issue 12).
-- Numbered after the issue so that migrations written in parallel by other issues never collide.

-- A version belongs to one organisation, or (org_id NULL) is the global model that every
-- organisation falls back to. One active version per scope: the global one, and one per
-- organisation. An organisation's model serves the hospitals it was trained and backtested on.
ALTER TABLE model_versions ADD COLUMN org_id uuid REFERENCES orgs(id) ON DELETE CASCADE;
ALTER TABLE model_versions ADD COLUMN hospital_ids uuid[];
DROP INDEX model_versions_one_active;
CREATE UNIQUE INDEX model_versions_one_active ON model_versions ((coalesce(org_id::text, '')))
  WHERE active;
CREATE INDEX model_versions_org ON model_versions (org_id, created_at DESC);

-- One row per training run started from the app (services/model_training.ts): queued by the
-- request, claimed by the instance that runs it, its progress written while it runs (so that any
-- instance can answer GET /api/models/train/:id). At most one queued or running run per
-- organisation: the partial unique index is what refuses a second one (409).
CREATE TABLE model_training_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  requested_by text NOT NULL,
  options jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  stage text NOT NULL DEFAULT 'queued',
  progress real NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  -- Written with every progress report and a heartbeat: a stale running row lost its instance.
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  version text REFERENCES model_versions(version) ON DELETE SET NULL,
  error text,
  instance text
);
CREATE UNIQUE INDEX model_training_one_running ON model_training_runs (org_id)
  WHERE status IN ('queued', 'running');
CREATE INDEX model_training_runs_org ON model_training_runs (org_id, created_at DESC);

-- The organisation's own day flags (local festivals, school terms, strikes): the flags that are
-- set on a local date. Read by training and at serve time (ml/calendar.ts dayFlags).
CREATE TABLE calendar_days (
  org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  day date NOT NULL,
  flags text[] NOT NULL CHECK (cardinality(flags) > 0),
  PRIMARY KEY (org_id, day)
);
