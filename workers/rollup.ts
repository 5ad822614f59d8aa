/**
 * The `rollup` job: refreshes env_hourly, env_daily (per location and source) and obs_daily
 * (per hospital) for the days whose raw rows changed since the last run. On TimescaleDB these
 * are continuous aggregates with their own refresh policy and the job has nothing to do.
 *
 * Changes are found through ingested_at. The watermark trails the clock by a safety margin so
 * that a transaction that started earlier but committed later is still seen; refreshing a day
 * twice is harmless because each refresh replaces the day's aggregates.
 */
import type { Queryable } from "../infra/db.ts";
import type { JobContext, JobDef, JobResult } from "./runner.ts";

const SAFETY_MARGIN = "5 minutes";

interface Rollup {
  name: string;
  source: string;
  timeCol: string;
  /** Replaces aggregates in [$1, $2) and returns the rows written. */
  refresh: string[];
  targets: string[];
}

const envAggregate = (bucket: "hour" | "day", table: string) =>
  `INSERT INTO ${table} (source, location_key, bucket, metric, avg, min, max, n)
   SELECT source, location_key, date_trunc('${bucket}', ts), metric,
     avg(value), min(value), max(value), count(*)::int
   FROM environment_readings WHERE ts >= $1 AND ts < $2
   GROUP BY 1, 2, 3, 4`;

const rollups: Rollup[] = [
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
async function usesRollupTables(db: Queryable): Promise<boolean> {
  const [r] = await db.query<{ kind: string | null }>(
    "SELECT relkind::text AS kind FROM pg_class WHERE oid = to_regclass('env_hourly')",
  );
  return r?.kind === "r";
}

async function refreshOne(ctx: JobContext, r: Rollup): Promise<number> {
  const [{ mark }] = await ctx.db.query<{ mark: Date }>(
    `SELECT now() - interval '${SAFETY_MARGIN}' AS mark`,
  );
  const [state] = await ctx.db.query<{ watermark: Date }>(
    "SELECT watermark FROM rollup_state WHERE name = $1",
    [r.name],
  );
  // Whole UTC days that changed (daily aggregates need their whole day), merged into ranges.
  const days = await ctx.db.query<{ day: Date }>(
    `SELECT DISTINCT date_trunc('day', ${r.timeCol}) AS day FROM ${r.source}
     WHERE ingested_at > $1 ORDER BY 1`,
    [state?.watermark ?? new Date(0)],
  );
  let rows = 0;
  await ctx.db.transaction(async (tx) => {
    for (const [from, to] of dayRanges(days.map((d) => new Date(d.day)))) {
      for (const t of r.targets) {
        await tx.query(`DELETE FROM ${t} WHERE bucket >= $1 AND bucket < $2`, [from, to]);
      }
      for (const sql of r.refresh) {
        const out = await tx.query<{ n: number }>(
          `WITH w AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM w`,
          [from, to],
        );
        rows += out[0].n;
      }
    }
    await tx.query(
      `INSERT INTO rollup_state (name, watermark) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET watermark = $2, updated_at = now()`,
      [r.name, mark],
    );
  });
  return rows;
}

const DAY = 86_400_000;

/** Sorted day starts → [from, to) ranges of consecutive days. */
export function dayRanges(days: Date[]): [Date, Date][] {
  const out: [Date, Date][] = [];
  for (const d of days) {
    const last = out[out.length - 1];
    if (last && last[1].getTime() === d.getTime()) last[1] = new Date(d.getTime() + DAY);
    else out.push([d, new Date(d.getTime() + DAY)]);
  }
  return out;
}

/** Refreshes every rollup for the days that changed. */
export async function run(ctx: JobContext): Promise<JobResult> {
  if (!(await usesRollupTables(ctx.db))) {
    return { skipped: "continuous aggregates refresh themselves (TimescaleDB)" };
  }
  const detail: Record<string, number> = {};
  let rows = 0;
  for (const r of rollups) {
    if (ctx.signal.aborted) break;
    detail[r.name] = await refreshOne(ctx, r);
    rows += detail[r.name];
  }
  return { rows, detail };
}

export const rollupJob: JobDef = {
  name: "rollup",
  schedule: "*/15 * * * *",
  timeoutMs: 10 * 60_000,
  retries: 2,
  run,
};
