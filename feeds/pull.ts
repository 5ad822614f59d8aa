/**
 * One feed, one run: ask the service about every location (spaced to its rate limit), derive
 * heat index and AQI, and store everything idempotently. A location that fails does not stop
 * the others; its error is reported so that the run counts as failed.
 */
import type { Config } from "../infra/config.ts";
import type { Db } from "../infra/db.ts";
import { deriveReadings } from "./derive.ts";
import { FeedClient, FeedError, type HttpTuning } from "./http.ts";
import { storeReadings } from "./store.ts";
import type { FeedAdapter, FeedLocation, FeedName, Reading } from "./types.ts";

export interface PullOptions {
  config: Config;
  tuning: HttpTuning;
  now: Date;
  pastDays: number;
  forecastDays: number;
  signal?: AbortSignal;
  /** Overrides the adapter's spacing between calls (tests and the bench use 0). */
  minIntervalMs?: number;
  /** Locations asked at once; 1 keeps to the spacing strictly. */
  concurrency?: number;
}

export interface FeedRunResult {
  feed: FeedName;
  locations: number;
  failedLocations: number;
  /** Readings pulled and derived (before storing). */
  readings: number;
  /** Rows new or changed in the store. */
  rows: number;
  calls: number;
  /** One line naming the first failure and how many more there were; null when all went well. */
  error: string | null;
}

/** Runs one adapter over the locations and stores what it got. */
export async function pullFeed(
  db: Db,
  adapter: FeedAdapter,
  locations: FeedLocation[],
  opts: PullOptions,
): Promise<FeedRunResult> {
  const client = new FeedClient(
    adapter.name,
    opts.tuning,
    opts.minIntervalMs ?? adapter.minIntervalMs,
  );
  const raw: Reading[] = [];
  const errors: string[] = [];
  const queue = [...locations];
  const worker = async () => {
    for (let loc = queue.shift(); loc; loc = queue.shift()) {
      if (opts.signal?.aborted) {
        errors.push(`${loc.key}: job stopped before this location`);
        continue;
      }
      try {
        const got = await adapter.pull(loc, {
          client,
          config: opts.config,
          now: opts.now,
          pastDays: opts.pastDays,
          forecastDays: opts.forecastDays,
          signal: opts.signal,
        });
        for (const r of got) raw.push(r);
      } catch (err) {
        const msg = err instanceof FeedError
          ? err.message
          : `${adapter.name}: ${err instanceof Error ? err.message : String(err)}`;
        errors.push(`${loc.key}: ${msg}`);
      }
    }
  };
  const lanes = Math.max(1, Math.min(opts.concurrency ?? 1, locations.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  // The first 11 hours of a pulled window lack the NowCast's 12 hours of history.
  const all = raw.concat(deriveReadings(raw, { warmupHours: 11 }));
  const stored = await storeReadings(db, all);
  return {
    feed: adapter.name,
    locations: locations.length,
    failedLocations: errors.length,
    readings: all.length,
    rows: stored.changed,
    calls: client.calls,
    error: errors.length
      ? errors[0] + (errors.length > 1 ? ` (and ${errors.length - 1} more locations)` : "")
      : null,
  };
}
