/** Monthly partitions of the time-partitioned tables (fs_ensure_partitions, migrations 001/004/013). */
import type { Db, Queryable } from "../infra/db.ts";

/** The partitioned tables and the column each is partitioned by. */
const timeColumns = {
  observations: "ts",
  encounters: "arrived_at",
  environment_readings: "ts",
  forecasts: "issued_at",
} as const;

export type PartitionedTable = keyof typeof timeColumns;

/**
 * Makes sure monthly partitions cover [from, to); returns how many were created (0 on
 * TimescaleDB). Cheap when they exist: the function locks only to create a missing month, so
 * call it before (not inside) a long upsert transaction and no other upload waits on it.
 */
export async function ensurePartitions(
  db: Queryable,
  table: PartitionedTable,
  from: Date,
  to: Date,
): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(
    "SELECT fs_ensure_partitions($1, $2, $3, $4) AS n",
    [table, timeColumns[table], from, to],
  );
  return Number(n);
}

/** Refreshes the planner's statistics of time-series tables (after a bulk load). */
export async function analyzeTables(db: Db, tables: PartitionedTable[]): Promise<void> {
  await db.exec(tables.map((t) => `ANALYZE ${t};`).join(" "));
}
