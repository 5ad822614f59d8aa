/**
 * Writing environment readings: COPY into the unlogged staging table under a batch id, then one
 * merge with INSERT … ON CONFLICT (source, location_key, ts, metric) DO UPDATE (migration 003).
 * The staging table is a real table rather than a TEMP one because postgres.js is a pool: the
 * COPY and the merge may run on different connections.
 */
import type { Db, Queryable } from "../infra/db.ts";

/** Columns of `environment_staging`, in the order staged CSV lines give them. */
export const readingStageColumns = [
  "batch",
  "source",
  "location_key",
  "lat",
  "lon",
  "ts",
  "metric",
  "value",
  "org_id",
  "derived_from",
];

/** COPYs CSV lines (readingStageColumns, no header) into the staging table. */
export function copyReadingStage(db: Db, csv: string): Promise<void> {
  return db.copyIn("environment_staging", readingStageColumns, csv);
}

/** Merges a staged batch; returns the rows inserted or changed (an identical row is left). */
export async function mergeReadingStage(tx: Queryable, batch: string): Promise<number> {
  const [{ n }] = await tx.query<{ n: number }>(
    `WITH merged AS (
       INSERT INTO environment_readings
         (source, location_key, lat, lon, ts, metric, value, org_id, derived_from)
       SELECT source, location_key, lat, lon, ts, metric, value, org_id, derived_from
       FROM environment_staging WHERE batch = $1
       ON CONFLICT (source, location_key, ts, metric) DO UPDATE
         SET value = EXCLUDED.value, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
             org_id = EXCLUDED.org_id, derived_from = EXCLUDED.derived_from,
             ingested_at = now()
         WHERE (environment_readings.value, environment_readings.derived_from,
                environment_readings.lat, environment_readings.lon)
           IS DISTINCT FROM
               (EXCLUDED.value, EXCLUDED.derived_from, EXCLUDED.lat, EXCLUDED.lon)
       RETURNING 1)
     SELECT count(*)::int AS n FROM merged`,
    [batch],
  );
  return n;
}

/** Removes a batch's staging rows. */
export async function clearReadingStage(db: Queryable, batch: string): Promise<void> {
  await db.query("DELETE FROM environment_staging WHERE batch = $1", [batch]);
}

/** Columns of a plain readings COPY (public readings: no org_id), in CSV order. */
export const readingCopyColumns = [
  "source",
  "location_key",
  "lat",
  "lon",
  "ts",
  "metric",
  "value",
  "derived_from",
];

/** COPYs new readings (readingCopyColumns, no header); ensure partitions first. */
export function copyReadings(db: Db, csv: string): Promise<void> {
  return db.copyIn("environment_readings", readingCopyColumns, csv);
}

/** Deletes every reading of a source (e.g. the simulated 'demo' history). */
export async function deleteReadingsOfSource(db: Queryable, source: string): Promise<void> {
  await db.query("DELETE FROM environment_readings WHERE source = $1", [source]);
}
