/** Which places the feeds pull: every hospital and every active or upcoming event, per grid cell. */
import type { Queryable } from "../infra/db.ts";
import { gridCell } from "../domain/grid.ts";
import { feedSites } from "../models/feed_sites.ts";
import type { FeedLocation } from "./types.ts";

/**
 * Events count while they run, from a day before they start (so the heat and air before the
 * doors open are known) until a day after they end, and only once they are within the 16-day
 * reach of the Open-Meteo forecast: an event months away has nothing to pull yet.
 */
export const EVENT_LOOKAHEAD_DAYS = 16;

/** Places of interest in every organisation, deduplicated to 0.1° cells (domain/grid.ts). */
export async function feedLocations(db: Queryable, now: Date): Promise<FeedLocation[]> {
  return groupByCell(await feedSites(db, now, EVENT_LOOKAHEAD_DAYS));
}

/** Merges sites that fall in the same cell; cells come out in key order (stable runs). */
export function groupByCell(sites: { site: string; lat: number; lon: number }[]): FeedLocation[] {
  const cells = new Map<string, FeedLocation>();
  for (const s of sites) {
    const cell = gridCell(s.lat, s.lon);
    const loc = cells.get(cell.key) ?? { key: cell.key, lat: cell.lat, lon: cell.lon, sites: [] };
    loc.sites.push(s.site);
    cells.set(cell.key, loc);
  }
  return [...cells.values()].sort((a, b) => a.key.localeCompare(b.key));
}
