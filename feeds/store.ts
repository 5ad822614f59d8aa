/**
 * Idempotent storage of environment readings: rows are staged under a batch id, then merged
 * (models/environment_store.ts). Pulling the same window twice changes nothing; a corrected
 * value replaces the old one.
 */
import { csvLine, type Db, type Queryable } from "../infra/db.ts";
import {
  clearReadingStage,
  copyReadingStage,
  mergeReadingStage,
} from "../models/environment_store.ts";
import { ensurePartitions } from "../models/partitions.ts";
import type { Reading } from "./types.ts";

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
  await ensurePartitions(db, "environment_readings", new Date(min), new Date(max + 1));
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
    await copyReadingStage(db, parts.join(""));
    return await db.transaction(async (tx) => {
      const n = await mergeReadingStage(tx, batch);
      await inTransaction?.(tx);
      return n;
    });
  } finally {
    await clearReadingStage(db, batch);
  }
}
