-- FestSafe foundation schema. Runs unchanged on PostgreSQL 15+, PGlite, and TimescaleDB.

-- TimescaleDB is used when the server has it (and preloads it); plain PostgreSQL otherwise.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS timescaledb;
    EXCEPTION WHEN others THEN
      RAISE NOTICE 'timescaledb available but not loadable: %', SQLERRM;
    END;
  END IF;
END $$;

-- Creates an hourly table: a hypertable on TimescaleDB, else range-partitioned by time with a
-- DEFAULT partition so that no row is ever refused for lack of a partition.
CREATE OR REPLACE FUNCTION fs_create_timeseries(tbl text, body text, time_col text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    EXECUTE format('CREATE TABLE %I (%s)', tbl, body);
    EXECUTE format('SELECT create_hypertable(%L, %L, chunk_time_interval => interval ''7 days'')',
      tbl, time_col);
  ELSE
    EXECUTE format('CREATE TABLE %I (%s) PARTITION BY RANGE (%I)', tbl, body, time_col);
    EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', tbl || '_default', tbl);
  END IF;
END $$;

-- Makes sure monthly partitions cover [from_ts, to_ts). Rows that had landed in the DEFAULT
-- partition for a month are moved into the new month partition. No-op on TimescaleDB.
CREATE OR REPLACE FUNCTION fs_ensure_partitions(tbl text, time_col text, from_ts timestamptz,
  to_ts timestamptz)
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  m timestamptz;
  pname text;
  created int := 0;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(tbl)) THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('fs_partitions:' || tbl));
  m := date_trunc('month', from_ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  WHILE m < to_ts LOOP
    pname := tbl || '_p' || to_char(m AT TIME ZONE 'UTC', 'YYYYMM');
    IF to_regclass(pname) IS NULL THEN
      EXECUTE format('CREATE TEMP TABLE fs_moving ON COMMIT DROP AS
        WITH gone AS (DELETE FROM %I WHERE %I >= %L AND %I < %L RETURNING *) SELECT * FROM gone',
        tbl || '_default', time_col, m, time_col, m + interval '1 month');
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
        pname, tbl, m, m + interval '1 month');
      EXECUTE format('INSERT INTO %I SELECT * FROM fs_moving', tbl);
      DROP TABLE fs_moving;
      created := created + 1;
    END IF;
    m := m + interval '1 month';
  END LOOP;
  RETURN created;
END $$;

CREATE TABLE orgs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid REFERENCES orgs(id),
  email text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'organizer', 'analyst')),
  is_platform_admin boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Refresh tokens: stored hashed, one row per token; a family is one login's chain of rotations.
CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  family_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX sessions_family ON sessions (family_id);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs(id),
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL DEFAULT '{ingest}',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE hospitals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs(id),
  code text NOT NULL,
  name text NOT NULL,
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  ed_beds int NOT NULL CHECK (ed_beds >= 0),
  icu_beds int NOT NULL DEFAULT 0 CHECK (icu_beds >= 0),
  staff_baseline int NOT NULL DEFAULT 0 CHECK (staff_baseline >= 0),
  timezone text NOT NULL DEFAULT 'UTC',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, code)
);

CREATE TABLE events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs(id),
  code text NOT NULL,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN
    ('music_festival', 'concert', 'sports', 'marathon', 'religious', 'fair', 'other')),
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  expected_attendance int NOT NULL CHECK (expected_attendance >= 0),
  indoor boolean NOT NULL DEFAULT false,
  bounded boolean NOT NULL DEFAULT true,
  alcohol boolean NOT NULL DEFAULT false,
  free_water boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  UNIQUE (org_id, code)
);
CREATE INDEX events_time ON events (org_id, starts_at, ends_at);

-- Hourly hospital aggregates (pushed by hospitals, or counted from encounters).
SELECT fs_create_timeseries('observations', $body$
  org_id uuid NOT NULL,
  hospital_id uuid NOT NULL,
  ts timestamptz NOT NULL,
  ed_arrivals int NOT NULL CHECK (ed_arrivals >= 0),
  ambulance_arrivals int CHECK (ambulance_arrivals >= 0),
  ed_occupancy int CHECK (ed_occupancy >= 0),
  beds_available int CHECK (beds_available >= 0),
  source text NOT NULL DEFAULT 'api',
  ingested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hospital_id, ts)
$body$, 'ts');

-- Patient-level encounters, already pseudonymised: no direct identifier is ever stored.
SELECT fs_create_timeseries('encounters', $body$
  org_id uuid NOT NULL,
  hospital_id uuid NOT NULL,
  encounter_key text NOT NULL,
  patient_pseudonym text,
  arrived_at timestamptz NOT NULL,
  age_band text,
  sex text,
  complaint_category text,
  arrival_mode text,
  disposition text,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hospital_id, encounter_key, arrived_at)
$body$, 'arrived_at');

-- Environment readings in long form, keyed by (source, location, time, metric).
-- org_id is NULL for public feeds and set for an organisation's own sensors.
SELECT fs_create_timeseries('environment_readings', $body$
  source text NOT NULL,
  location_key text NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  ts timestamptz NOT NULL,
  metric text NOT NULL,
  value double precision NOT NULL,
  org_id uuid,
  derived_from text,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, location_key, ts, metric)
$body$, 'ts');
CREATE INDEX environment_readings_loc ON environment_readings (location_key, ts);

CREATE TABLE feed_status (
  name text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('ok', 'degraded', 'down', 'off')),
  last_success_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  consecutive_failures int NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE job_runs (
  id bigserial PRIMARY KEY,
  job text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  outcome text NOT NULL DEFAULT 'running' CHECK (outcome IN
    ('running', 'ok', 'failed', 'skipped', 'timeout')),
  rows int NOT NULL DEFAULT 0,
  error text,
  instance text
);
CREATE INDEX job_runs_job ON job_runs (job, started_at DESC);

CREATE TABLE model_versions (
  id serial PRIMARY KEY,
  version text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  data_from timestamptz,
  data_to timestamptz,
  feature_spec jsonb NOT NULL DEFAULT '{}',
  metrics jsonb NOT NULL DEFAULT '{}',
  artifact bytea,
  artifact_sha256 text,
  active boolean NOT NULL DEFAULT false,
  activated_at timestamptz,
  activated_by text
);
CREATE UNIQUE INDEX model_versions_one_active ON model_versions (active) WHERE active;

SELECT fs_create_timeseries('forecasts', $body$
  org_id uuid NOT NULL,
  hospital_id uuid NOT NULL,
  issued_at timestamptz NOT NULL,
  model_version text NOT NULL,
  ts timestamptz NOT NULL,
  p10 double precision NOT NULL CHECK (p10 >= 0),
  p50 double precision NOT NULL CHECK (p50 >= p10),
  p90 double precision NOT NULL CHECK (p90 >= p50),
  PRIMARY KEY (hospital_id, issued_at, ts)
$body$, 'issued_at');

CREATE TABLE plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs(id),
  hospital_id uuid NOT NULL REFERENCES hospitals(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  forecast_issued_at timestamptz,
  summary jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX plans_latest ON plans (hospital_id, created_at DESC);

CREATE TABLE recommendations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES orgs(id),
  agent text NOT NULL,
  priority text NOT NULL CHECK (priority IN ('critical', 'high', 'medium', 'low')),
  title text NOT NULL,
  action text NOT NULL,
  rationale text NOT NULL,
  evidence jsonb NOT NULL DEFAULT '{}',
  owner_role text NOT NULL,
  due_at timestamptz,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'dismissed', 'done')),
  note text,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recommendations_plan ON recommendations (plan_id);

CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid REFERENCES orgs(id),
  kind text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  title text NOT NULL,
  message text NOT NULL,
  resource text,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE INDEX alerts_open ON alerts (org_id, created_at DESC) WHERE resolved_at IS NULL;

-- Append-only and hash-chained: each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  org_id uuid,
  actor_id uuid,
  actor text NOT NULL,
  action text NOT NULL,
  resource text NOT NULL,
  resource_id text,
  request_id text,
  outcome text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_org ON audit_log (org_id, at);

CREATE TABLE idempotency_keys (
  org_id uuid NOT NULL,
  key text NOT NULL,
  request_sha256 text NOT NULL,
  status int NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, key)
);

-- Settings generated per data directory (JWT and PII secrets in development).
CREATE TABLE app_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
