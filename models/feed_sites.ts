/** The places the environment feeds pull for: hospitals and current or upcoming events. */
import type { Queryable } from "../infra/db.ts";

/**
 * Every organisation's hospitals, and events from a day before they start until a day after
 * they end that start within lookaheadDays of now; `site` is `hospital:<id>` or `event:<id>`.
 */
export function feedSites(
  db: Queryable,
  now: Date,
  lookaheadDays: number,
): Promise<{ site: string; lat: number; lon: number }[]> {
  return db.query<{ site: string; lat: number; lon: number }>(
    `SELECT 'hospital:' || id AS site, lat, lon FROM hospitals
     UNION ALL
     SELECT 'event:' || id, lat, lon FROM events
      WHERE ends_at > $1::timestamptz - interval '1 day'
        AND starts_at < $1::timestamptz + make_interval(days => $2)`,
    [now, lookaheadDays],
  );
}
