/**
 * The rollup tables env_hourly, env_daily (per location and source) and obs_daily (per hospital),
 * migration 003, and their refresh state. workers/rollup.ts decides when to refresh; the reads
 * are in models/observations.ts and models/environment.ts.
 */
import type { Queryable } from "../infra/db.ts";

/** One family of rollups refreshed together from one raw table. */
export interface Rollup {
  /** Key in rollup_state. */
  name: "environment" | "observations";
  /** The raw table and its time column. */
  source: "environment_readings" | "observations";
  timeCol: "ts";
  targets: string[];
  /** Statements that insert the aggregates of [$1, $2). */
  refresh: string[];
}

const envAggregate = (bucket: "hour" | "day", table: string) =>
  `INSERT INTO ${table} (source, location_key, bucket, metric, avg, min, max, n)
   SELECT source, location_key, date_trunc('${bucket}', ts), metric,
     avg(value), min(value), max(value), count(*)::int
   FROM environment_readings WHERE ts >= $1 AND ts < $2
   GROUP BY 1, 2, 3, 4`;

export const rollups: readonly Rollup[] = [
  {
    name: "environment",
    source: "environment_readings",
    timeCol: "ts",
    targets: ["env_hourly", "env_daily"],
    refresh: [envAggregate("hour", "env_hourly"), envAggregate("day", "env_daily")],
  },
  {
    name: "observations",
    source: "observations",
    timeCol: "ts",
    targets: ["obs_daily"],
    refresh: [
      `INSERT INTO obs_daily (hospital_id, org_id, bucket, ed_arrivals, ambulance_arrivals,
         ed_occupancy_max, ed_occupancy_avg, beds_available_min, hours)
       SELECT hospital_id, min(org_id::text)::uuid, date_trunc('day', ts), sum(ed_arrivals)::int,
         sum(ambulance_arrivals)::int, max(ed_occupancy), avg(ed_occupancy),
         min(beds_available), count(*)::int
       FROM observations WHERE ts >= $1 AND ts < $2
       GROUP BY hospital_id, date_trunc('day', ts)`,
    ],
  },
];

/** True when the aggregates are plain tables (not TimescaleDB continuous aggregates). */
export async function usesRollupTables(db: Queryable): Promise<boolean> {
  const [r] = await db.query<{ kind: string | null }>(
    "SELECT relkind::text AS kind FROM pg_class WHERE oid = to_regclass('env_hourly')",
  );
  return r?.kind === "r";
}

/** The database clock minus a margin (the next watermark). */
export async function databaseNowMinus(db: Queryable, marginMinutes: number): Promise<Date> {
  const [{ mark }] = await db.query<{ mark: Date }>(
    "SELECT now() - make_interval(mins => $1) AS mark",
    [marginMinutes],
  );
  return new Date(mark);
}

/**
 * Rows of the rollup's source ingested at or before the watermark are in its aggregates; null
 * when it was never refreshed (or TimescaleDB refreshes it itself).
 */
export async function rollupWatermark(db: Queryable, name: Rollup["name"]): Promise<Date | null> {
  const [state] = await db.query<{ watermark: Date }>(
    "SELECT watermark FROM rollup_state WHERE name = $1",
    [name],
  );
  return state ? new Date(state.watermark) : null;
}

/** The UTC days with raw rows ingested after `since`, in order. */
export async function changedDays(db: Queryable, r: Rollup, since: Date): Promise<Date[]> {
  const days = await db.query<{ day: Date }>(
    `SELECT DISTINCT date_trunc('day', ${r.timeCol}) AS day FROM ${r.source}
     WHERE ingested_at > $1 ORDER BY 1`,
    [since],
  );
  return days.map((d) => new Date(d.day));
}

/** Replaces the rollup's aggregates of [from, to) (whole days); returns the rows written. */
export async function refreshRange(tx: Queryable, r: Rollup, from: Date, to: Date) {
  for (const t of r.targets) {
    await tx.query(`DELETE FROM ${t} WHERE bucket >= $1 AND bucket < $2`, [from, to]);
  }
  let rows = 0;
  for (const sql of r.refresh) {
    const [{ n }] = await tx.query<{ n: number }>(
      `WITH w AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM w`,
      [from, to],
    );
    rows += n;
  }
  return rows;
}

/** Moves the rollup's watermark (in the refresh transaction). */
export async function saveWatermark(tx: Queryable, name: Rollup["name"], mark: Date) {
  await tx.query(
    `INSERT INTO rollup_state (name, watermark) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET watermark = $2, updated_at = now()`,
    [name, mark],
  );
}
