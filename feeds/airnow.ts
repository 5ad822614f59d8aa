/**
 * AirNow current observations by lat/long (DOMAIN.md): the AQI per pollutant that the
 * official US reporting area publishes (NowCast-based). Needs API_KEY; AirNow allows 500
 * requests per hour per key. Hour stamps mark the START of the averaging hour, in the
 * reporting area's local standard/daylight zone. The legacy endpoint retires 30 Sep 2026:
 * only `airnowUrl` and `readAirNow` need replacing then.
 */
import { z } from "zod";
import { FeedError } from "./http.ts";
import { parseResponse } from "./schema.ts";
import type { FeedAdapter, FeedLocation, Metric, Reading } from "./types.ts";

const observations = z.array(z.object({
  DateObserved: z.string().regex(/^\d{4}-\d{2}-\d{2}\s*$/, "expected YYYY-MM-DD"),
  HourObserved: z.number().int().min(0).max(23),
  LocalTimeZone: z.string(),
  Latitude: z.number(),
  Longitude: z.number(),
  ParameterName: z.string(),
  AQI: z.number(),
}));

/** UTC offsets (hours) of the zone abbreviations AirNow uses. */
const zoneOffsets: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  EST: -5,
  EDT: -4,
  CST: -6,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
  AKST: -9,
  AKDT: -8,
  HST: -10,
  SST: -11,
  CHST: 10,
  AST: -4,
  ADT: -3,
};

const parameterMetric: Record<string, Metric> = {
  "PM2.5": "aqi_pm25_reported",
  "PM10": "aqi_pm10_reported",
  "O3": "aqi_ozone_reported",
  "OZONE": "aqi_ozone_reported",
};

/** The legacy current-observation URL for one place. */
export function airnowUrl(base: string, location: FeedLocation, key: string): URL {
  const url = new URL("aq/observation/latLong/current/", base.endsWith("/") ? base : base + "/");
  url.searchParams.set("format", "application/json");
  url.searchParams.set("latitude", location.lat.toFixed(4));
  url.searchParams.set("longitude", location.lon.toFixed(4));
  url.searchParams.set("distance", "25");
  url.searchParams.set("API_KEY", key);
  return url;
}

/** Reads AirNow observations: one reading per pollutant plus the overall (max) AQI per hour. */
export function readAirNow(data: unknown, location: FeedLocation): Reading[] {
  const rows = parseResponse("airnow", "observation", observations, data);
  const out: Reading[] = [];
  const overall = new Map<number, Reading>();
  for (const row of rows) {
    const metric = parameterMetric[row.ParameterName.toUpperCase()] ??
      parameterMetric[row.ParameterName];
    if (!metric || row.AQI < 0) continue; // AirNow sends -1 for "no value"
    const offset = zoneOffsets[row.LocalTimeZone.trim().toUpperCase()];
    if (offset === undefined) {
      throw new FeedError(
        "schema",
        `airnow: unexpected observation response: unknown LocalTimeZone "${row.LocalTimeZone}"`,
      );
    }
    const day = Date.parse(`${row.DateObserved.trim()}T00:00:00Z`);
    const ts = new Date(day + (row.HourObserved - offset) * 3_600_000);
    const reading: Reading = {
      source: "airnow",
      locationKey: location.key,
      lat: row.Latitude,
      lon: row.Longitude,
      ts,
      metric,
      value: row.AQI,
    };
    out.push(reading);
    const best = overall.get(ts.getTime());
    if (!best || best.value < row.AQI) {
      overall.set(ts.getTime(), { ...reading, metric: "aqi_reported" });
    }
  }
  return [...out, ...overall.values()];
}

export const airnow: FeedAdapter = {
  name: "airnow",
  offReason: (config) => (config.AIRNOW_API_KEY ? null : "AIRNOW_API_KEY is not set"),
  // 500 requests/hour per key published: one every 7.5 s stays under it.
  minIntervalMs: 7_500,
  async pull(location, ctx) {
    const url = airnowUrl(ctx.config.AIRNOW_URL!, location, ctx.config.AIRNOW_API_KEY ?? "");
    return readAirNow(await ctx.client.getJson(url, { signal: ctx.signal }), location);
  },
};
