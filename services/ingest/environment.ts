/**
 * POST /api/environment: an organisation's own sensor readings or history, as JSON records or
 * CSV rows. Readings are kept per 0.1° cell and hour like the feeds' (several readings of one
 * cell and hour are averaged), under the source `user:<orgId>` so that organisations never
 * overwrite or see each other's, and heat index and AQI are derived as for the feeds.
 */
import type { Actor, Deps } from "../actor.ts";
import { auditChange } from "../audit.ts";
import { changed } from "../changes.ts";
import { requestRefresh } from "../refresh.ts";
import { gridCell } from "../../domain/grid.ts";
import { type Candidate, fieldCountProblem, type RowError, RowErrors } from "./records.ts";
import { type EnvironmentRecord, environmentRecord } from "../../lib/schemas/environment.ts";
import { deriveReadings } from "../../feeds/derive.ts";
import { storeReadings } from "../../feeds/store.ts";
import type { Metric, Reading } from "../../feeds/types.ts";

export const environmentCsvColumns = {
  known: ["lat", "lon", "ts", "temperatureC", "relativeHumidity", "pm25", "pm10", "ozone"],
  required: ["lat", "lon", "ts"],
  numeric: ["lat", "lon", "temperatureC", "relativeHumidity", "pm25", "pm10", "ozone"],
} as const;

const fieldMetric: Record<string, Metric> = {
  temperatureC: "temperature_c",
  relativeHumidity: "relative_humidity",
  pm25: "pm25",
  pm10: "pm10",
  ozone: "ozone",
};

const HOUR = 3_600_000;

export interface ImportOutcome {
  accepted: number;
  rejected: number;
  errors: RowError[];
  /** Rows new or changed in the store (derived values included). */
  stored: number;
}

/**
 * Folds valid records into hourly cell averages as they stream in, so an upload's memory grows
 * with the cells and hours it covers, not with its rows (a 45 MB CSV once held +280 MB).
 */
export class CellHourAverages {
  #sums = new Map<
    string,
    { sum: number; n: number; lat: number; lon: number; key: string; ts: number; metric: Metric }
  >();

  add(r: EnvironmentRecord) {
    const cell = gridCell(r.lat, r.lon);
    const ts = Math.floor(r.ts.getTime() / HOUR) * HOUR;
    for (const [field, metric] of Object.entries(fieldMetric)) {
      const v = r[field as keyof EnvironmentRecord];
      if (typeof v !== "number") continue;
      const id = `${cell.key}\u0000${ts}\u0000${metric}`;
      const s = this.#sums.get(id) ??
        { sum: 0, n: 0, lat: cell.lat, lon: cell.lon, key: cell.key, ts, metric };
      s.sum += v;
      s.n++;
      this.#sums.set(id, s);
    }
  }

  /** The averages as readings of the organisation's own source. */
  readings(orgId: string): Reading[] {
    return [...this.#sums.values()].map((s) => ({
      source: `user:${orgId}`,
      locationKey: s.key,
      lat: s.lat,
      lon: s.lon,
      ts: new Date(s.ts),
      metric: s.metric,
      value: Math.round((s.sum / s.n) * 1000) / 1000,
      orgId,
    }));
  }
}

/** Hourly cell averages of valid records, as readings of the organisation's source. */
export function recordsToReadings(orgId: string, records: EnvironmentRecord[]): Reading[] {
  const averages = new CellHourAverages();
  for (const r of records) averages.add(r);
  return averages.readings(orgId);
}

/**
 * Validates every candidate, then stores the valid ones. With any bad row the upload is refused
 * as a whole (422 naming each field, nothing stored) unless `partial` is set.
 */
export async function importEnvironment(
  deps: Deps,
  who: Actor & { orgId: string },
  candidates: AsyncIterable<Candidate> | Iterable<Candidate>,
  opts: { partial?: boolean } = {},
): Promise<ImportOutcome> {
  const { db } = deps;
  const orgId = who.orgId;
  const errors = new RowErrors();
  const averages = new CellHourAverages();
  let accepted = 0;
  let total = 0;
  for await (const c of candidates) {
    total++;
    const wrongCount = fieldCountProblem(c.input);
    if (wrongCount) {
      errors.add(c.row, c.at.join("."), wrongCount);
      continue;
    }
    const parsed = environmentRecord.safeParse(c.input);
    if (parsed.success) {
      averages.add(parsed.data);
      accepted++;
    } else errors.addZod(c, parsed.error);
  }
  if (errors.count && !opts.partial) throw errors.toHttpError(total);
  const raw = averages.readings(orgId);
  const stored = await storeReadings(db, raw.concat(deriveReadings(raw)), {
    inLastTransaction: async (tx) => {
      await auditChange(tx, who, "create", "environment", null);
      await requestRefresh(tx, orgId, "environment");
    },
  });
  await changed(deps.cache, orgId, { type: "observation", data: { source: "environment" } });
  return {
    accepted,
    rejected: total - accepted,
    errors: errors.list,
    stored: stored.changed,
  };
}
