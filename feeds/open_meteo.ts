/**
 * Open-Meteo forecast API (DOMAIN.md "Environmental feeds"): hourly temperature, humidity,
 * apparent temperature, precipitation and wind. No key; free tier < 10,000 calls/day and
 * 600/min. Data CC-BY 4.0 (attributed on the dashboard).
 */
import { z } from "zod";
import { FeedError } from "./http.ts";
import { parseResponse } from "./schema.ts";
import type { FeedAdapter, FeedLocation, Metric, PullContext, Reading } from "./types.ts";

const hourlyValues = z.array(z.number().nullable());

/** The envelope both Open-Meteo APIs share, with the hourly variables asked for. */
function envelope(variables: readonly string[]) {
  return z.object({
    latitude: z.number(),
    longitude: z.number(),
    utc_offset_seconds: z.number().default(0),
    hourly: z.object({
      time: z.array(
        z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "expected YYYY-MM-DDTHH:MM"),
      ),
      ...Object.fromEntries(variables.map((v) => [v, hourlyValues])),
    }),
  });
}

/**
 * Reads Open-Meteo's hourly arrays into readings: nulls are skipped, times (local to
 * utc_offset_seconds, UTC when asked) become instants, arrays must match `time` in length.
 */
export function readOpenMeteoHourly(
  feed: string,
  data: unknown,
  variables: Record<string, Metric>,
  location: FeedLocation,
): Reading[] {
  const names = Object.keys(variables);
  const body = parseResponse(feed, "hourly", envelope(names), data);
  const hourly = body.hourly as Record<string, (number | null)[]> & { time: string[] };
  const times = hourly.time.map((t) =>
    new Date(Date.parse(`${t}:00Z`) - body.utc_offset_seconds * 1000)
  );
  const out: Reading[] = [];
  for (const name of names) {
    const values = hourly[name];
    if (values.length !== times.length) {
      throw new FeedError(
        "schema",
        `${feed}: unexpected hourly response: hourly.${name} has ${values.length} values for ${times.length} times`,
      );
    }
    values.forEach((value, i) => {
      if (value === null) return;
      out.push({
        source: feed,
        locationKey: location.key,
        lat: location.lat,
        lon: location.lon,
        ts: times[i],
        metric: variables[name],
        value,
      });
    });
  }
  return out;
}

/** Builds an Open-Meteo hourly URL for one place, in UTC. */
export function openMeteoUrl(
  base: string,
  path: string,
  location: FeedLocation,
  variables: readonly string[],
  ctx: Pick<PullContext, "pastDays" | "forecastDays">,
): URL {
  const url = new URL(path, base.endsWith("/") ? base : base + "/");
  url.searchParams.set("latitude", location.lat.toFixed(2));
  url.searchParams.set("longitude", location.lon.toFixed(2));
  url.searchParams.set("hourly", variables.join(","));
  url.searchParams.set("timezone", "UTC");
  url.searchParams.set("past_days", String(ctx.pastDays));
  url.searchParams.set("forecast_days", String(ctx.forecastDays));
  return url;
}

const variables: Record<string, Metric> = {
  temperature_2m: "temperature_c",
  relative_humidity_2m: "relative_humidity",
  apparent_temperature: "apparent_temperature_c",
  precipitation: "precipitation_mm",
  wind_speed_10m: "wind_speed_kmh",
};

export const openMeteo: FeedAdapter = {
  name: "open_meteo",
  offReason: () => null,
  // 600 calls/min published; 150 ms keeps a third below it.
  minIntervalMs: 150,
  async pull(location, ctx) {
    const url = openMeteoUrl(
      ctx.config.OPEN_METEO_URL!,
      "v1/forecast",
      location,
      Object.keys(variables),
      { pastDays: ctx.pastDays, forecastDays: Math.min(ctx.forecastDays, 16) },
    );
    const data = await ctx.client.getJson(url, { signal: ctx.signal });
    return readOpenMeteoHourly("open_meteo", data, variables, location);
  },
};
