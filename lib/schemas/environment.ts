import { z } from "zod";
import { instant, latitude, longitude } from "./common.ts";

const measurement = (min: number, max: number) =>
  z.number().min(min).max(max).nullable().optional();

/**
 * One reading of a user's own sensor or history (POST /api/environment). Units as the API's
 * GET returns them: °C, % and µg/m³ (ozone too: ppb × 1.96). Bounds only catch unit mistakes.
 */
export const environmentRecord = z.strictObject({
  lat: latitude,
  lon: longitude,
  ts: instant
    .refine((d) => d.getUTCFullYear() >= 2000, "must be in 2000 or later")
    .refine((d) => d.getTime() <= Date.now() + 86_400_000, "must not be more than a day ahead"),
  temperatureC: measurement(-90, 65),
  relativeHumidity: measurement(0, 100),
  pm25: measurement(0, 2_000),
  pm10: measurement(0, 5_000),
  ozone: measurement(0, 2_000),
}).refine(
  (r) => [r.temperatureC, r.relativeHumidity, r.pm25, r.pm10, r.ozone].some((v) => v != null),
  "give at least one of temperatureC, relativeHumidity, pm25, pm10, ozone",
).meta({ id: "EnvironmentRecord" });

export type EnvironmentRecord = z.output<typeof environmentRecord>;

/** The CSV header of an upload: the record's field names. */
export const environmentColumns = [
  "lat",
  "lon",
  "ts",
  "temperatureC",
  "relativeHumidity",
  "pm25",
  "pm10",
  "ozone",
] as const;

const coordinate = (schema: z.ZodNumber) =>
  z.string().regex(/^-?\d+(\.\d+)?$/, "must be a decimal number").transform(Number).pipe(schema);

/** GET /api/environment: one place (a hospital, an event, or lat & lon) and a time range. */
export const environmentQuery = z.strictObject({
  hospitalId: z.string().min(1).max(64).optional(),
  eventId: z.string().min(1).max(64).optional(),
  lat: coordinate(latitude).optional(),
  lon: coordinate(longitude).optional(),
  from: instant.optional(),
  to: instant.optional(),
  bucket: z.enum(["1h", "1d"]).default("1h").meta({
    description: "1h: hourly readings (at most 31 days); 1d: daily mean, min and max from the " +
      "daily rollup (at most 400 days), for long chart ranges and climatology",
  }),
});

const dayStats = z.object({ mean: z.number(), min: z.number(), max: z.number() }).nullable();

/** One UTC day of GET /api/environment?bucket=1d. */
export const environmentDay = z.object({
  day: z.string(),
  temperatureC: dayStats,
  relativeHumidity: dayStats,
  heatIndexC: dayStats,
  pm25: dayStats,
  pm10: dayStats,
  ozone: dayStats,
  aqi: dayStats,
  source: z.string().nullable(),
  sources: z.record(z.string(), z.string()),
}).meta({ id: "EnvironmentDay" });

/** One hour of GET /api/environment. */
export const environmentPoint = z.object({
  ts: z.string(),
  temperatureC: z.number().nullable(),
  relativeHumidity: z.number().nullable(),
  heatIndexC: z.number().nullable(),
  pm25: z.number().nullable(),
  pm10: z.number().nullable(),
  ozone: z.number().nullable(),
  aqi: z.number().nullable(),
  source: z.string().nullable(),
  sources: z.record(z.string(), z.string()),
}).meta({ id: "EnvironmentPoint" });

/** GET /api/feeds, per feed. */
export const feedHealthOut = z.object({
  name: z.string(),
  status: z.enum(["ok", "degraded", "down", "off"]),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  offReason: z.string().nullable(),
}).meta({ id: "FeedHealth" });
