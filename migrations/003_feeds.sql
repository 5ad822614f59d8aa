-- Feeds, jobs and rollups (issue #4). Runs on PostgreSQL 15+, PGlite and TimescaleDB.

-- Job runs: the scheduled slot (a cron minute) makes a slot run once across instances; detail
-- keeps per-feed figures; attempts counts job-level retries.
ALTER TABLE job_runs ADD COLUMN slot timestamptz;
ALTER TABLE job_runs ADD COLUMN attempts int NOT NULL DEFAULT 1;
ALTER TABLE job_runs ADD COLUMN detail jsonb;
CREATE UNIQUE INDEX job_runs_one_per_slot ON job_runs (job, slot) WHERE slot IS NOT NULL;
CREATE INDEX job_runs_running ON job_runs (job) WHERE outcome = 'running';

-- Staging for idempotent bulk upserts (lib/feeds/store.ts). A real table, not TEMP: with a
-- connection pool the COPY and the merge may run on different connections. Rows are deleted
-- after each merge; the retention job removes anything a crash left behind.
CREATE UNLOGGED TABLE environment_staging (
  batch uuid NOT NULL,
  source text NOT NULL,
  location_key text NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  ts timestamptz NOT NULL,
  metric text NOT NULL,
  value double precision NOT NULL,
  org_id uuid,
  derived_from text,
  staged_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX environment_staging_batch ON environment_staging (batch);

-- The rollup job finds what changed since its last run through ingested_at.
CREATE INDEX environment_readings_ingested ON environment_readings (ingested_at);
CREATE INDEX observations_ingested ON observations (ingested_at);

CREATE TABLE rollup_state (
  name text PRIMARY KEY,
  watermark timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Hourly and daily aggregates per location (a hospital's or event's grid cell) and source, and
-- daily per hospital. Continuous aggregates on TimescaleDB; plain tables refreshed by the
-- rollup job elsewhere. Both have the same names and columns.
DO $$
DECLARE
  made_caggs boolean := false;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    BEGIN
      EXECUTE $v$CREATE MATERIALIZED VIEW env_hourly WITH (timescaledb.continuous) AS
        SELECT source, location_key, time_bucket('1 hour', ts) AS bucket, metric,
          avg(value) AS avg, min(value) AS min, max(value) AS max, count(*)::int AS n
        FROM environment_readings GROUP BY source, location_key, bucket, metric
        WITH NO DATA$v$;
      EXECUTE $v$CREATE MATERIALIZED VIEW env_daily WITH (timescaledb.continuous) AS
        SELECT source, location_key, time_bucket('1 day', ts) AS bucket, metric,
          avg(value) AS avg, min(value) AS min, max(value) AS max, count(*)::int AS n
        FROM environment_readings GROUP BY source, location_key, bucket, metric
        WITH NO DATA$v$;
      EXECUTE $v$CREATE MATERIALIZED VIEW obs_daily WITH (timescaledb.continuous) AS
        SELECT hospital_id, org_id, time_bucket('1 day', ts) AS bucket,
          sum(ed_arrivals)::int AS ed_arrivals, sum(ambulance_arrivals)::int AS ambulance_arrivals,
          max(ed_occupancy) AS ed_occupancy_max, avg(ed_occupancy) AS ed_occupancy_avg,
          min(beds_available) AS beds_available_min, count(*)::int AS hours
        FROM observations GROUP BY hospital_id, org_id, bucket
        WITH NO DATA$v$;
      PERFORM add_continuous_aggregate_policy('env_hourly', start_offset => interval '3 days',
        end_offset => NULL, schedule_interval => interval '15 minutes');
      PERFORM add_continuous_aggregate_policy('env_daily', start_offset => interval '3 days',
        end_offset => NULL, schedule_interval => interval '1 hour');
      PERFORM add_continuous_aggregate_policy('obs_daily', start_offset => interval '3 days',
        end_offset => NULL, schedule_interval => interval '15 minutes');
      made_caggs := true;
    EXCEPTION WHEN others THEN
      RAISE NOTICE 'continuous aggregates unavailable, using rollup tables: %', SQLERRM;
    END;
  END IF;
  IF NOT made_caggs THEN
    CREATE TABLE env_hourly (
      source text NOT NULL,
      location_key text NOT NULL,
      bucket timestamptz NOT NULL,
      metric text NOT NULL,
      avg double precision NOT NULL,
      min double precision NOT NULL,
      max double precision NOT NULL,
      n int NOT NULL,
      PRIMARY KEY (location_key, bucket, metric, source)
    );
    CREATE TABLE env_daily (LIKE env_hourly INCLUDING ALL);
    CREATE TABLE obs_daily (
      hospital_id uuid NOT NULL,
      org_id uuid NOT NULL,
      bucket timestamptz NOT NULL,
      ed_arrivals int NOT NULL,
      ambulance_arrivals int,
      ed_occupancy_max int,
      ed_occupancy_avg double precision,
      beds_available_min int,
      hours int NOT NULL,
      PRIMARY KEY (hospital_id, bucket)
    );
    CREATE INDEX env_hourly_bucket ON env_hourly (bucket);
    CREATE INDEX env_daily_bucket ON env_daily (bucket);
    CREATE INDEX obs_daily_bucket ON obs_daily (bucket);
  END IF;
END $$;
