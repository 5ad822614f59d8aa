/**
 * The `rollup` job: refreshes env_hourly, env_daily (per location and source) and obs_daily
 * (per hospital) for the days whose raw rows changed since the last run. On TimescaleDB these
 * are continuous aggregates with their own refresh policy and the job has nothing to do.
 *
 * Changes are found through ingested_at. The watermark trails the clock by a safety margin so
 * that a transaction that started earlier but committed later is still seen; refreshing a day
 * twice is harmless because each refresh replaces the day's aggregates.
 */
import {
  changedDays,
  databaseNowMinus,
  refreshRange,
  type Rollup,
  rollups,
  rollupWatermark,
  saveWatermark,
  usesRollupTables,
} from "../models/rollups.ts";
import type { JobContext, JobDef, JobResult } from "./runner.ts";

const SAFETY_MARGIN_MINUTES = 5;

async function refreshOne(ctx: JobContext, r: Rollup): Promise<number> {
  const mark = await databaseNowMinus(ctx.db, SAFETY_MARGIN_MINUTES);
  const since = await rollupWatermark(ctx.db, r.name) ?? new Date(0);
  // Whole UTC days that changed (daily aggregates need their whole day), merged into ranges.
  const days = await changedDays(ctx.db, r, since);
  let rows = 0;
  await ctx.db.transaction(async (tx) => {
    for (const [from, to] of dayRanges(days)) rows += await refreshRange(tx, r, from, to);
    await saveWatermark(tx, r.name, mark);
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
