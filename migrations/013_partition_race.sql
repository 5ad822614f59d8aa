-- Two uploads needing the same missing month at once: the second took the advisory lock after the
-- first had committed the partition, but to_regclass still answered from its catalog cache (taking
-- an advisory lock reads no invalidations), so it tried to create the month again and the upload
-- failed with "relation ... already exists". A month someone else created meanwhile is now
-- skipped; the block is a subtransaction, so its move out of the default partition is undone too.
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
      BEGIN
        EXECUTE format('CREATE TEMP TABLE fs_moving ON COMMIT DROP AS
          WITH gone AS (DELETE FROM %I WHERE %I >= %L AND %I < %L RETURNING *)
          SELECT * FROM gone',
          tbl || '_default', time_col, m, time_col, m + interval '1 month');
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
          pname, tbl, m, m + interval '1 month');
        EXECUTE format('INSERT INTO %I SELECT * FROM fs_moving', tbl);
        DROP TABLE fs_moving;
        created := created + 1;
      EXCEPTION WHEN duplicate_table THEN
        NULL; -- created by a concurrent call since this one looked
      END;
    END IF;
    m := m + interval '1 month';
  END LOOP;
  RETURN created;
END $$;
