/**
 * Health of each environmental feed. A run that fails makes the feed `degraded`; the third
 * failure in a row makes it `down` and opens one alert; the next success makes it `ok` again
 * and resolves that alert. Feeds without a key (or with FEEDS=off) are `off`.
 */
import type { Config } from "../infra/config.ts";
import type { Queryable } from "../infra/db.ts";
import { airnow } from "../feeds/airnow.ts";
import { openaq } from "../feeds/openaq.ts";
import { openMeteo } from "../feeds/open_meteo.ts";
import { openMeteoAir } from "../feeds/open_meteo_air.ts";
import type { FeedAdapter, FeedName } from "../feeds/types.ts";

/** Consecutive failed runs after which a feed counts as down (and an alert is raised). */
export const DOWN_AFTER_FAILURES = 3;

/** Every feed adapter, in the order the API and dashboard list them. */
export const feedAdapters: readonly FeedAdapter[] = [openMeteo, openMeteoAir, openaq, airnow];

export type FeedState = "ok" | "degraded" | "down" | "off";

/** What GET /api/feeds and the dashboard show per feed. */
export interface FeedHealth {
  name: FeedName;
  status: FeedState;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  consecutiveFailures: number;
  /** Why the feed is off, when it is. */
  offReason: string | null;
}

/** Why a feed does not run under this configuration, or null. */
export function feedOffReason(config: Config, adapter: FeedAdapter): string | null {
  if (config.FEEDS === "off") return "FEEDS=off";
  return adapter.offReason(config);
}

/**
 * Current health of every feed. A feed that has never run yet reports `ok` with
 * lastSuccessAt null: nothing has gone wrong, and nothing has been pulled either.
 */
export async function listFeedHealth(db: Queryable, config: Config): Promise<FeedHealth[]> {
  const rows = await db.query<{
    name: string;
    status: FeedState;
    lastSuccessAt: Date | null;
    lastError: string | null;
    lastErrorAt: Date | null;
    consecutiveFailures: number;
  }>(
    `SELECT name, status, last_success_at AS "lastSuccessAt", last_error AS "lastError",
       last_error_at AS "lastErrorAt", consecutive_failures AS "consecutiveFailures"
     FROM feed_status`,
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  return feedAdapters.map((a) => {
    const row = byName.get(a.name);
    const offReason = feedOffReason(config, a);
    return {
      name: a.name,
      status: offReason ? "off" : row && row.status !== "off" ? row.status : "ok",
      lastSuccessAt: row?.lastSuccessAt ?? null,
      lastError: row?.lastError ?? null,
      lastErrorAt: row?.lastErrorAt ?? null,
      consecutiveFailures: row?.consecutiveFailures ?? 0,
      offReason,
    };
  });
}

/** Records a successful run; resolves the feed's open alert if it was down. */
export async function recordFeedSuccess(db: Queryable, name: FeedName, at: Date) {
  await db.query(
    `INSERT INTO feed_status (name, status, last_success_at, consecutive_failures, updated_at)
     VALUES ($1, 'ok', $2, 0, $2)
     ON CONFLICT (name) DO UPDATE SET status = 'ok', last_success_at = $2,
       consecutive_failures = 0, updated_at = $2`,
    [name, at],
  );
  await db.query(
    `UPDATE alerts SET resolved_at = $2
     WHERE kind = 'feed_down' AND resource = $1 AND resolved_at IS NULL`,
    [`feed:${name}`, at],
  );
}

/** Records a failed run; returns the new state (an alert is opened once, on going down). */
export async function recordFeedFailure(
  db: Queryable,
  name: FeedName,
  error: string,
  at: Date,
): Promise<FeedState> {
  const [row] = await db.query<{ status: FeedState; failures: number }>(
    `INSERT INTO feed_status (name, status, last_error, last_error_at, consecutive_failures,
       updated_at)
     VALUES ($1, CASE WHEN $4::int <= 1 THEN 'down' ELSE 'degraded' END, $2, $3, 1, $3)
     ON CONFLICT (name) DO UPDATE SET
       consecutive_failures = feed_status.consecutive_failures + 1,
       status = CASE WHEN feed_status.consecutive_failures + 1 >= $4 THEN 'down'
                     ELSE 'degraded' END,
       last_error = $2, last_error_at = $3, updated_at = $3
     RETURNING status, consecutive_failures AS failures`,
    [name, error.slice(0, 2000), at, DOWN_AFTER_FAILURES],
  );
  if (row.status === "down") {
    await db.query(
      `INSERT INTO alerts (kind, severity, title, message, resource, created_at)
       SELECT 'feed_down', 'high', $2, $3, $1, $4
       WHERE NOT EXISTS (SELECT 1 FROM alerts
         WHERE kind = 'feed_down' AND resource = $1 AND resolved_at IS NULL)`,
      [
        `feed:${name}`,
        `Environmental feed ${name} is down`,
        `${row.failures} runs in a row failed; heat and air-quality inputs may be stale. ` +
        `Last error: ${error.slice(0, 500)}`,
        at,
      ],
    );
  }
  return row.status;
}

/** Marks a feed off (no key configured), keeping its history. */
export async function recordFeedOff(db: Queryable, name: FeedName, at: Date) {
  await db.query(
    `INSERT INTO feed_status (name, status, consecutive_failures, updated_at)
     VALUES ($1, 'off', 0, $2)
     ON CONFLICT (name) DO UPDATE SET status = 'off', consecutive_failures = 0, updated_at = $2`,
    [name, at],
  );
}
