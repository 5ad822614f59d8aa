/**
 * The `retention` job: enforces the windows of CONTRACT.md "Data retention" (raw 90 days,
 * aggregates 1 year, forecasts 30 days, plans and recommendations 90 days; all configurable).
 * Whole time partitions (or TimescaleDB chunks) entirely past a window are dropped; the rest is
 * deleted in small batches so no statement holds locks for long. Nothing at or after a cutoff
 * is touched.
 */
import type { Config } from "../infra/config.ts";
import type { Queryable } from "../infra/db.ts";
import {
  deleteBatchOlderThan,
  deleteOlderThan,
  dropChunksOlderThan,
  dropPartition,
  isTimescaleObject,
  tableKind,
  timePartitions,
} from "../models/retention.ts";
import type { JobContext, JobDef, JobResult } from "./runner.ts";

export interface RetentionRule {
  table: string;
  timeCol: string;
  days: number;
}

const DAY = 86_400_000;
const BATCH = 5_000;

/** What is kept how long. Environment readings are raw data like observations. */
export function retentionRules(config: Config): RetentionRule[] {
  return [
    { table: "observations", timeCol: "ts", days: config.RETENTION_RAW_DAYS },
    { table: "encounters", timeCol: "arrived_at", days: config.RETENTION_RAW_DAYS },
    { table: "environment_readings", timeCol: "ts", days: config.RETENTION_RAW_DAYS },
    { table: "env_hourly", timeCol: "bucket", days: config.RETENTION_AGG_DAYS },
    { table: "env_daily", timeCol: "bucket", days: config.RETENTION_AGG_DAYS },
    { table: "obs_daily", timeCol: "bucket", days: config.RETENTION_AGG_DAYS },
    { table: "forecasts", timeCol: "issued_at", days: config.RETENTION_FORECAST_DAYS },
    // Recommendations go with their plan (ON DELETE CASCADE).
    { table: "plans", timeCol: "created_at", days: config.RETENTION_PLAN_DAYS },
    // Webhook deliveries (and their attempts, ON DELETE CASCADE) are kept like plans.
    { table: "webhook_deliveries", timeCol: "created_at", days: config.RETENTION_PLAN_DAYS },
    // Operational records, kept as long as raw data.
    { table: "job_runs", timeCol: "started_at", days: config.RETENTION_RAW_DAYS },
    // Leftovers of a merge interrupted by a crash (feeds/store.ts).
    { table: "environment_staging", timeCol: "staged_at", days: 1 },
  ];
}

/** Deletes rows older than cutoff from one plain table, a batch per statement. */
async function deleteInBatches(db: Queryable, table: string, col: string, cutoff: Date) {
  let total = 0;
  for (;;) {
    const n = await deleteBatchOlderThan(db, table, col, cutoff, BATCH);
    total += n;
    if (n < BATCH) return total;
  }
}

/** Drops whole partitions past the cutoff, then batch-deletes in the partitions that straddle it. */
async function prunePartitioned(db: Queryable, rule: RetentionRule, cutoff: Date) {
  const parts = await timePartitions(db, rule.table);
  let rows = 0;
  let dropped = 0;
  for (const p of parts) {
    if (p.upper && new Date(p.upper) <= cutoff) {
      rows += await dropPartition(db, p.name);
      dropped++;
    } else if (!p.lower || new Date(p.lower) < cutoff) {
      // The DEFAULT partition (no bounds) or one that straddles the cutoff.
      rows += await deleteInBatches(db, p.name, rule.timeCol, cutoff);
    }
  }
  return { rows, dropped };
}

async function pruneHypertable(db: Queryable, rule: RetentionRule, cutoff: Date) {
  const dropped = await dropChunksOlderThan(db, rule.table, cutoff);
  // Chunks are 7 days wide: the one straddling the cutoff is small enough for one statement.
  const rows = await deleteOlderThan(db, rule.table, rule.timeCol, cutoff);
  return { rows, dropped };
}

/** Applies every rule with `now` as the clock; returns rows removed per table. */
export async function enforceRetention(db: Queryable, rules: RetentionRule[], now: Date) {
  const detail: Record<string, { cutoff: string; rows: number; droppedPartitions: number }> = {};
  let total = 0;
  for (const rule of rules) {
    const kind = await tableKind(db, rule.table);
    if (!kind) continue;
    const cutoff = new Date(now.getTime() - rule.days * DAY);
    let r = { rows: 0, dropped: 0 };
    if (kind.hyper && await isTimescaleObject(db, rule.table)) {
      r = await pruneHypertable(db, rule, cutoff);
    } else if (kind.partitioned) {
      r = await prunePartitioned(db, rule, cutoff);
    } else if (kind.relkind === "r") {
      r.rows = await deleteInBatches(db, rule.table, rule.timeCol, cutoff);
    }
    detail[rule.table] = {
      cutoff: cutoff.toISOString(),
      rows: r.rows,
      droppedPartitions: r.dropped,
    };
    total += r.rows;
  }
  return { rows: total, detail };
}

/** Enforces the configured windows at the job's clock. */
export async function run(ctx: JobContext): Promise<JobResult> {
  return await enforceRetention(ctx.db, retentionRules(ctx.config), ctx.now);
}

export const retentionJob: JobDef = {
  name: "retention",
  schedule: "30 3 * * *",
  timeoutMs: 30 * 60_000,
  retries: 2,
  run,
};
