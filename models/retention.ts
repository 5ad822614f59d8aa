/**
 * What the retention job (workers/retention.ts) needs from the catalogue and the tables: how a
 * table is stored, its time partitions, and batched deletes. Table and column names come from
 * the job's own rules, never from a request; they are quoted as identifiers all the same.
 */
import type { Queryable } from "../infra/db.ts";

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export interface TableKind {
  relkind: string;
  partitioned: boolean;
  /** TimescaleDB is installed (the table may be a hypertable). */
  hyper: boolean;
}

/** How a table is stored, or null when it does not exist. */
export async function tableKind(db: Queryable, table: string): Promise<TableKind | null> {
  const [r] = await db.query<TableKind>(
    `SELECT c.relkind::text AS relkind,
       EXISTS (SELECT 1 FROM pg_partitioned_table p WHERE p.partrelid = c.oid) AS partitioned,
       EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS hyper
     FROM pg_class c WHERE c.oid = to_regclass($1)`,
    [table],
  );
  return r ?? null;
}

/** True when a table is a hypertable or a continuous aggregate (TimescaleDB installed). */
export async function isTimescaleObject(db: Queryable, table: string): Promise<boolean> {
  const [r] = await db.query<{ yes: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = $1)
       OR EXISTS (SELECT 1 FROM timescaledb_information.continuous_aggregates
                  WHERE view_name = $1) AS yes`,
    [table],
  );
  return r.yes;
}

/** Deletes up to `batch` rows with col < cutoff; returns how many went. */
export async function deleteBatchOlderThan(
  db: Queryable,
  table: string,
  col: string,
  cutoff: Date,
  batch: number,
): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(
    `WITH gone AS (DELETE FROM ${quote(table)} WHERE ctid = ANY(ARRAY(
       SELECT ctid FROM ${quote(table)} WHERE ${quote(col)} < $1 LIMIT $2))
     RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    [cutoff, batch],
  );
  return n;
}

/** Deletes every row with col < cutoff in one statement; returns how many went. */
export async function deleteOlderThan(
  db: Queryable,
  table: string,
  col: string,
  cutoff: Date,
): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(
    `WITH gone AS (DELETE FROM ${quote(table)} WHERE ${quote(col)} < $1
       RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    [cutoff],
  );
  return n;
}

/** The partitions of a range-partitioned table with their bounds (null for DEFAULT). */
export function timePartitions(
  db: Queryable,
  table: string,
): Promise<{ name: string; lower: Date | null; upper: Date | null }[]> {
  return db.query<{ name: string; lower: Date | null; upper: Date | null }>(
    `SELECT c.relname AS name,
       (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz
         AS lower,
       (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz
         AS upper
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = to_regclass($1)`,
    [table],
  );
}

/** Drops a whole partition and returns the rows it held. */
export async function dropPartition(db: Queryable, name: string): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(name)}`);
  await db.query(`DROP TABLE ${quote(name)}`);
  return n;
}

/** Drops a hypertable's chunks entirely older than cutoff; returns how many. */
export async function dropChunksOlderThan(
  db: Queryable,
  table: string,
  cutoff: Date,
): Promise<number> {
  const chunks = await db.query<{ c: string }>(
    "SELECT drop_chunks($1::regclass, older_than => $2::timestamptz)::text AS c",
    [table, cutoff],
  );
  return chunks.length;
}
