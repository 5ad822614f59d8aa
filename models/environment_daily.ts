/**
 * Daily environment at one place, for long chart ranges and climatology (a year of days costs
 * what a week of hours does). Read from the env_daily rollup (models/rollups.ts), merged from
 * every source the caller may see with the same trust order as the hourly series.
 */
import type { Queryable } from "../infra/db.ts";
import { type EnvironmentField, pickBySource, publicSource, roundField } from "./environment.ts";
import { rollupWatermark } from "./rollups.ts";

/** One field over one day: the mean of the day's readings, its minimum and maximum. */
export interface DayStats {
  mean: number;
  min: number;
  max: number;
}

/** One UTC day at one place. */
export type EnvironmentDay =
  & { day: string; source: string | null; sources: Record<string, string> }
  & Record<EnvironmentField, DayStats | null>;

const DAY = 86_400_000;

/**
 * The whole UTC days that overlap [from, to) at one grid cell, visible to orgId. Days with
 * readings ingested since the last rollup are aggregated from the readings instead, so the
 * answer never lags the data. The rollups have no org_id column: an organisation's own readings
 * are always stored under the source `user:<orgId>`, which the source filter keeps to the caller;
 * the demo's simulated readings are kept to the demo organisation.
 */
export async function environmentDaily(
  db: Queryable,
  opts: { locationKey: string; orgId: string; from: Date; to: Date },
): Promise<EnvironmentDay[]> {
  const firstDay = new Date(Math.floor(opts.from.getTime() / DAY) * DAY);
  const endDay = new Date(Math.ceil(opts.to.getTime() / DAY) * DAY);
  // Never rolled up (or TimescaleDB): every day counts as changed and is read from the readings.
  const watermark = await rollupWatermark(db, "environment") ?? new Date(0);
  const rows = await db.query<
    { day: Date; source: string; metric: string; avg: number; min: number; max: number }
  >(
    `WITH dirty AS (
       SELECT DISTINCT date_trunc('day', ts) AS day FROM environment_readings
       WHERE location_key = $1 AND ts >= $2 AND ts < $3 AND ingested_at > $5),
     days AS (
       SELECT bucket AS day, source, metric, avg, min, max FROM env_daily
       WHERE location_key = $1 AND bucket >= $2 AND bucket < $3
         AND bucket NOT IN (SELECT day FROM dirty)
       UNION ALL
       SELECT d.day, r.source, r.metric, avg(r.value), min(r.value), max(r.value)
       FROM dirty d JOIN environment_readings r
         ON r.location_key = $1 AND r.ts >= d.day AND r.ts < d.day + interval '1 day'
         AND r.ts >= $2 AND r.ts < $3
       WHERE r.org_id IS NULL OR r.org_id = $4
       GROUP BY 1, 2, 3)
     SELECT day, source,
       CASE WHEN source = 'airnow' AND metric = 'aqi_reported' THEN 'aqi' ELSE metric END AS metric,
       avg, min, max
     FROM days
     WHERE (source NOT LIKE 'user:%' OR source = 'user:' || $4::text)
       -- Simulated demo readings only ever reach the demo organisation (models/environment.ts).
       AND (source <> 'demo' OR EXISTS (SELECT 1 FROM orgs o WHERE o.id = $4::uuid AND o.is_demo))
       AND (metric IN ('temperature_c', 'relative_humidity', 'heat_index_c', 'pm25', 'pm10',
                       'ozone', 'aqi')
            OR (source = 'airnow' AND metric = 'aqi_reported'))
     ORDER BY day`,
    [opts.locationKey, firstDay, endDay, opts.orgId, watermark],
  );
  const days = new Map<number, Map<string, DayStats>>();
  for (const r of rows) {
    const t = new Date(r.day).getTime();
    let values = days.get(t);
    if (!values) days.set(t, values = new Map());
    values.set(`${publicSource(r.source)}\u0000${r.metric}`, {
      mean: Number(r.avg),
      min: Number(r.min),
      max: Number(r.max),
    });
  }
  return [...days.entries()].map(([t, values]) => {
    const picked = pickBySource(values);
    const day: EnvironmentDay = {
      day: new Date(t).toISOString(),
      temperatureC: null,
      relativeHumidity: null,
      heatIndexC: null,
      pm25: null,
      pm10: null,
      ozone: null,
      aqi: null,
      source: picked.source,
      sources: picked.sources,
    };
    for (const [field, v] of Object.entries(picked.values) as [EnvironmentField, DayStats][]) {
      day[field] = {
        mean: roundField(field, v.mean),
        min: roundField(field, v.min),
        max: roundField(field, v.max),
      };
    }
    return day;
  });
}
