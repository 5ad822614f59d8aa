/**
 * The `feeds` job: pulls every feed for every hospital and active or upcoming event cell,
 * stores the readings idempotently and updates each feed's health. With FEEDS=off it records
 * `skipped` and calls nothing; a feed without its key is `off`, not an error.
 */
import { defaultHttpTuning, type HttpTuning } from "../feeds/http.ts";
import { feedLocations } from "../feeds/locations.ts";
import { type FeedRunResult, pullFeed } from "../feeds/pull.ts";
import type { FeedLocation, FeedName } from "../feeds/types.ts";
import {
  feedAdapters,
  feedOffReason,
  recordFeedFailure,
  recordFeedOff,
  recordFeedSuccess,
} from "../models/feed_status.ts";
import type { JobContext, JobDef, JobResult } from "./runner.ts";
import { publishLive } from "../infra/live.ts";
import { notifyFeedAlerts } from "../services/feed_alerts.ts";

export interface FeedJobOptions {
  /** Only these feeds (default: all four). */
  only?: FeedName[];
  /** These places instead of the hospitals and events in the database. */
  locations?: FeedLocation[];
  tuning?: Partial<HttpTuning>;
  minIntervalMs?: number;
  concurrency?: number;
  /** Days before today to re-pull (catches late corrections; feeds the NowCast's history). */
  pastDays?: number;
  forecastDays?: number;
}

/** Runs the feeds once with options (tests and the bench pass local servers' tuning). */
export async function runFeeds(ctx: JobContext, opts: FeedJobOptions = {}): Promise<JobResult> {
  if (ctx.config.FEEDS === "off") return { skipped: "FEEDS=off" };
  const locations = opts.locations ?? await feedLocations(ctx.db, ctx.now);
  const tuning: HttpTuning = { ...defaultHttpTuning, ...opts.tuning };
  const adapters = feedAdapters.filter((a) => !opts.only || opts.only.includes(a.name));
  const results = await Promise.all(adapters.map(async (adapter) => {
    const off = feedOffReason(ctx.config, adapter);
    if (off) {
      await recordFeedOff(ctx.db, adapter.name, new Date());
      return { feed: adapter.name, off };
    }
    const r: FeedRunResult = await pullFeed(ctx.db, adapter, locations, {
      config: ctx.config,
      tuning,
      now: ctx.now,
      pastDays: opts.pastDays ?? 2,
      forecastDays: opts.forecastDays ?? 7,
      signal: ctx.signal,
      minIntervalMs: opts.minIntervalMs,
      concurrency: opts.concurrency,
    });
    if (ctx.signal.aborted) return r; // the runner records the timeout; health waits for a real run
    const at = new Date();
    const status = r.error
      ? await recordFeedFailure(ctx.db, adapter.name, r.error, at)
      : (await recordFeedSuccess(ctx.db, adapter.name, at), "ok");
    // An outage raised or resolved now goes to the organisations' webhooks (once per change).
    await notifyFeedAlerts(ctx.db, adapter.name, at);
    await publishLive(ctx.cache, "feed", null, { feed: adapter.name, status, rows: r.rows });
    if (status === "down") {
      await publishLive(ctx.cache, "alert", null, { kind: "feed_down", feed: adapter.name });
    }
    return r;
  }));
  const failed = results.filter((r): r is FeedRunResult => "error" in r && r.error !== null);
  return {
    rows: results.reduce((n, r) => n + ("rows" in r ? r.rows : 0), 0),
    error: failed.length ? failed.map((r) => r.error).join("; ") : null,
    detail: { locations: locations.length, feeds: results },
  };
}

/** The registry entry; `feedsJob(opts)` builds a variant for tests and the bench. */
export function feedsJob(opts: FeedJobOptions = {}): JobDef {
  return {
    name: "feeds",
    // Hourly, a few minutes past the hour when the services have published the new hour.
    schedule: "7 * * * *",
    // AirNow's spacing (7.5 s per cell) dominates: ~300 cells fit in 45 minutes.
    timeoutMs: 45 * 60_000,
    retries: 0, // each call is already retried with backoff inside the HTTP client
    run: (ctx) => runFeeds(ctx, opts),
  };
}

/** Runs the feeds job's work with the default options. */
export const run = (ctx: JobContext) => runFeeds(ctx);
