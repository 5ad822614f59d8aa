/**
 * Idempotent storage of environment readings: rows are COPYed into a staging table under a
 * batch id, then merged with INSERT … ON CONFLICT (source, location_key, ts, metric) DO UPDATE.
 * Pulling the same window twice changes nothing; a corrected value replaces the old one.
 *
 * The staging table is a real (unlogged) table rather than a TEMP one because postgres.js is a
 * pool: the COPY and the merge may run on different connections.
 */
import { csvLine, type Db, type Queryable } from "../infra/db.ts";
import type { Reading } from "./types.ts";

const stageColumns = [
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

/** Rows per COPY + merge: big enough for COPY to pay off, small enough to keep memory flat. */
const CHUNK = 50_000;

export interface StoreResult {
  /** Readings offered (after dropping duplicates inside the batch). */
  offered: number;
  /** Rows inserted or changed; 0 when the same window is stored again. */
  changed: number;
}

/** Keeps the last reading per key, so one merge never touches a row twice. */
export function dedupeReadings(readings: Reading[]): Reading[] {
  const byKey = new Map<string, Reading>();
  for (const r of readings) {
    if (!Number.isFinite(r.value)) continue;
    byKey.set(`${r.source}\u0000${r.locationKey}\u0000${r.ts.getTime()}\u0000${r.metric}`, r);
  }
  return [...byKey.values()];
}

export interface StoreOptions {
  /** Runs inside the transaction of the last merge (an upload's audit row, for instance). */
  inLastTransaction?: (tx: Queryable) => Promise<void>;
}

/** Stores readings idempotently and returns how many rows were new or changed. */
export async function storeReadings(
  db: Db,
  readings: Reading[],
  opts: StoreOptions = {},
): Promise<StoreResult> {
  const rows = dedupeReadings(readings);
  if (!rows.length) {
    if (opts.inLastTransaction) await db.transaction(opts.inLastTransaction);
    return { offered: 0, changed: 0 };
  }
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    const t = r.ts.getTime();
    if (t < min) min = t;
    if (t > max) max = t;
  }
  await db.query("SELECT fs_ensure_partitions('environment_readings', 'ts', $1, $2)", [
    new Date(min),
    new Date(max + 1),
  ]);
  let changed = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const last = i + CHUNK >= rows.length;
    changed += await mergeChunk(
      db,
      rows.slice(i, i + CHUNK),
      last ? opts.inLastTransaction : undefined,
    );
  }
  return { offered: rows.length, changed };
}

async function mergeChunk(
  db: Db,
  rows: Reading[],
  inTransaction?: (tx: Queryable) => Promise<void>,
): Promise<number> {
  const batch = crypto.randomUUID();
  const parts: string[] = [];
  for (const r of rows) {
    parts.push(csvLine([
      batch,
      r.source,
      r.locationKey,
      r.lat,
      r.lon,
      r.ts.toISOString(),
      r.metric,
      r.value,
      r.orgId ?? null,
      r.derivedFrom ?? null,
    ]));
  }
  try {
    await db.copyIn("environment_staging", stageColumns, parts.join(""));
    return await db.transaction(async (tx) => {
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
      await inTransaction?.(tx);
      return n;
    });
  } finally {
    await db.query("DELETE FROM environment_staging WHERE batch = $1", [batch]);
  }
}
