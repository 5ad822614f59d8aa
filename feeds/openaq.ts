/**
 * OpenAQ v3 (DOMAIN.md): the nearest monitoring location within 25 km of a cell, then that
 * location's latest value per sensor. Needs X-API-Key; 60 req/min and 2,000/h published, HTTP
 * 429 beyond (x-ratelimit-* headers are honoured by FeedClient).
 */
import { z } from "zod";
import { OZONE_UGM3_PER_PPB } from "../domain/aqi.ts";
import { haversineKm } from "../domain/grid.ts";
import { parseResponse } from "./schema.ts";
import type { FeedAdapter, Metric, Reading } from "./types.ts";

const locationsSchema = z.object({
  results: z.array(z.object({
    id: z.number(),
    name: z.string().nullable().optional(),
    coordinates: z.object({ latitude: z.number(), longitude: z.number() }),
    sensors: z.array(z.object({
      id: z.number(),
      parameter: z.object({ name: z.string(), units: z.string() }),
    })),
  })),
});

const latestSchema = z.object({
  results: z.array(z.object({
    datetime: z.object({ utc: z.string().datetime({ offset: true }) }),
    value: z.number().nullable(),
    sensorsId: z.number(),
  })),
});

/** OpenAQ parameter names we keep, with the conversion into our metric's unit. */
const parameters: Record<
  string,
  { metric: Metric; convert: (v: number, units: string) => number | null }
> = {
  pm25: { metric: "pm25", convert: (v, u) => (isUgm3(u) ? v : null) },
  pm10: { metric: "pm10", convert: (v, u) => (isUgm3(u) ? v : null) },
  o3: {
    metric: "ozone",
    convert: (v, u) =>
      isUgm3(u)
        ? v
        : u === "ppm"
        ? v * 1000 * OZONE_UGM3_PER_PPB
        : u === "ppb"
        ? v * OZONE_UGM3_PER_PPB
        : null,
  },
  temperature: { metric: "temperature_c", convert: (v, u) => (/^(c|°c)$/i.test(u) ? v : null) },
  relativehumidity: { metric: "relative_humidity", convert: (v, u) => (u === "%" ? v : null) },
};

function isUgm3(units: string) {
  return /^(µg\/m³|ug\/m3|μg\/m³)$/i.test(units);
}

/** Search radius, the API's maximum. */
const RADIUS_M = 25_000;
const HOUR = 3_600_000;

export const openaq: FeedAdapter = {
  name: "openaq",
  offReason: (config) => (config.OPENAQ_API_KEY ? null : "OPENAQ_API_KEY is not set"),
  // 60/min published; 1.1 s keeps a margin (two calls per cell).
  minIntervalMs: 1_100,
  async pull(location, ctx) {
    const base = ctx.config.OPENAQ_URL!.replace(/\/$/, "");
    const headers = { "X-API-Key": ctx.config.OPENAQ_API_KEY ?? "" };
    const search = new URL(`${base}/v3/locations`);
    search.searchParams.set("coordinates", `${location.lat},${location.lon}`);
    search.searchParams.set("radius", String(RADIUS_M));
    search.searchParams.set("limit", "10");
    const found = parseResponse(
      "openaq",
      "locations",
      locationsSchema,
      await ctx.client.getJson(search, { headers, signal: ctx.signal }),
    );
    const useful = found.results.filter((l) =>
      l.sensors.some((s) => s.parameter.name in parameters)
    );
    if (!useful.length) return [];
    const here = { lat: location.lat, lon: location.lon };
    const nearest = useful.map((l) => ({
      l,
      km: haversineKm(here, { lat: l.coordinates.latitude, lon: l.coordinates.longitude }),
    })).sort((a, b) => a.km - b.km)[0].l;
    const latest = parseResponse(
      "openaq",
      "latest",
      latestSchema,
      await ctx.client.getJson(new URL(`${base}/v3/locations/${nearest.id}/latest`), {
        headers,
        signal: ctx.signal,
      }),
    );
    const sensors = new Map(nearest.sensors.map((s) => [s.id, s.parameter]));
    // `latest` is the newest value of each series, which may be months old: keep only the window.
    const oldest = ctx.now.getTime() - ctx.pastDays * 24 * HOUR;
    const out: Reading[] = [];
    for (const r of latest.results) {
      const parameter = sensors.get(r.sensorsId);
      const rule = parameter && parameters[parameter.name];
      if (!rule || r.value === null) continue;
      const value = rule.convert(r.value, parameter.units);
      const t = Date.parse(r.datetime.utc);
      if (value === null || t < oldest || t > ctx.now.getTime() + HOUR) continue;
      out.push({
        source: "openaq",
        locationKey: location.key,
        lat: nearest.coordinates.latitude,
        lon: nearest.coordinates.longitude,
        ts: new Date(Math.floor(t / HOUR) * HOUR),
        metric: rule.metric,
        value,
      });
    }
    return out;
  },
};
