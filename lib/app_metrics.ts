/**
 * Figures read at scrape time (routes/metrics.ts and the METRICS_PORT listener): feed status,
 * database pool use and the cache's state. Counters that grow as work happens (requests, jobs,
 * forecasts, live clients, rate limits) are kept where the work is.
 */
import { gauge, renderMetrics } from "../infra/metrics.ts";
import { listFeedHealth } from "../models/feed_status.ts";
import type { Services } from "./runtime.ts";
import { log } from "../infra/log.ts";

const feedUp = gauge(
  "festsafe_feed_status",
  "1 for the current status of each feed (ok, degraded, down, off).",
);
const poolBusy = gauge("festsafe_db_pool_busy", "Database connections in use, by pool.");
const poolSize = gauge("festsafe_db_pool_size", "Database connections available, by pool.");
const cacheFallback = gauge(
  "festsafe_cache_fallback",
  "1 while the shared cache is unreachable and this instance uses its local fallback.",
);
const scrapeErrors = gauge(
  "festsafe_metrics_collect_errors",
  "1 when the last scrape could not read a figure (database down).",
);

/** Reads the scrape-time figures into their gauges and renders the registry. */
export async function collectMetrics(s: Services): Promise<string> {
  for (const [pool, db] of [["primary", s.db], ["read", s.readDb]] as const) {
    if (!db) continue;
    const { busy, size } = db.stats();
    poolBusy.set({ pool }, busy);
    poolSize.set({ pool }, size);
  }
  cacheFallback.set({}, s.cache.degraded?.() ? 1 : 0);
  try {
    const feeds = await listFeedHealth(s.db, s.config);
    feedUp.reset();
    for (const f of feeds) {
      for (const status of ["ok", "degraded", "down", "off"]) {
        feedUp.set({ feed: f.name, status }, f.status === status ? 1 : 0);
      }
    }
    scrapeErrors.set({}, 0);
  } catch (err) {
    // The scrape still answers: a database outage must show in metrics, not hide them.
    scrapeErrors.set({}, 1);
    log.warn("metrics: feed status unavailable", { error: (err as Error).message });
  }
  return renderMetrics();
}
