-- Data layer fixes (issue #9). Runs on PostgreSQL 15+, PGlite and TimescaleDB.

-- Partition upkeep no longer serialises every upload. The advisory lock used to be taken on each
-- call, i.e. inside every ingest and forecast transaction, so that all organisations' uploads to
-- a table waited on one another until commit. Now the months are checked first without a lock
-- (the common case: they exist) and the lock is taken only to create a missing month.
CREATE OR REPLACE FUNCTION fs_ensure_partitions(tbl text, time_col text, from_ts timestamptz,
  to_ts timestamptz)
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  first_month timestamptz;
  m timestamptz;
  pname text;
  created int := 0;
  missing boolean := false;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(tbl)) THEN
    RETURN 0;
  END IF;
  first_month := date_trunc('month', from_ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  m := first_month;
  WHILE m < to_ts AND NOT missing LOOP
    missing := to_regclass(tbl || '_p' || to_char(m AT TIME ZONE 'UTC', 'YYYYMM')) IS NULL;
    m := m + interval '1 month';
  END LOOP;
  IF NOT missing THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('fs_partitions:' || tbl));
  m := first_month;
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

-- The overview reads one organisation's last 24 h (models/observations.ts recentLoad); the
-- primary key leads with hospital_id, so without this it read every tenant's rows of the day.
CREATE INDEX observations_org_ts ON observations (org_id, ts);

-- Hospital-level rows belong to a hospital of the same organisation. The composite key makes
-- the database refuse an observation, encounter or forecast filed under another tenant's
-- hospital, and deleting a hospital removes its time series. Foreign keys from partitioned
-- tables (and hypertables) to plain tables are supported on PostgreSQL 12+ and PGlite.
ALTER TABLE hospitals ADD CONSTRAINT hospitals_org_id_id_key UNIQUE (org_id, id);

-- Rows without such a hospital could never be read (every read goes through a hospital of the
-- caller's organisation); they would make the constraints below fail, so they go first.
DELETE FROM observations o WHERE NOT EXISTS
  (SELECT 1 FROM hospitals h WHERE h.id = o.hospital_id AND h.org_id = o.org_id);
DELETE FROM encounters e WHERE NOT EXISTS
  (SELECT 1 FROM hospitals h WHERE h.id = e.hospital_id AND h.org_id = e.org_id);
DELETE FROM forecasts f WHERE NOT EXISTS
  (SELECT 1 FROM hospitals h WHERE h.id = f.hospital_id AND h.org_id = f.org_id);

ALTER TABLE observations ADD CONSTRAINT observations_hospital_fkey
  FOREIGN KEY (org_id, hospital_id) REFERENCES hospitals (org_id, id) ON DELETE CASCADE;
ALTER TABLE encounters ADD CONSTRAINT encounters_hospital_fkey
  FOREIGN KEY (org_id, hospital_id) REFERENCES hospitals (org_id, id) ON DELETE CASCADE;
ALTER TABLE forecasts ADD CONSTRAINT forecasts_hospital_fkey
  FOREIGN KEY (org_id, hospital_id) REFERENCES hospitals (org_id, id) ON DELETE CASCADE;
