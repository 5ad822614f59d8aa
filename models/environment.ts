/**
 * Hourly environment at one place, merged from every source the caller may see: the public
 * feeds, the simulated demo history and the caller's organisation's own sensors.
 */
import type { Queryable } from "../infra/db.ts";

/** One hour as GET /api/environment returns it. */
export interface EnvironmentPoint {
  ts: string;
  temperatureC: number | null;
  relativeHumidity: number | null;
  heatIndexC: number | null;
  pm25: number | null;
  pm10: number | null;
  ozone: number | null;
  aqi: number | null;
  /** The sources that gave this hour's values, most trusted first. */
  source: string | null;
  /** Which source each field came from. */
  sources: Record<string, string>;
}

export type EnvironmentField = Exclude<keyof EnvironmentPoint, "ts" | "source" | "sources">;
type Field = EnvironmentField;

/**
 * Where each field comes from, most trusted first: the organisation's own sensors, then the
 * feed that measures it (AirNow's official AQI before FestSafe's AQI from OpenAQ monitors,
 * monitors before Open-Meteo's model), then the simulated demo history.
 */
const fieldSources: Record<Field, { metric: string; sources: string[] }> = {
  temperatureC: { metric: "temperature_c", sources: ["user", "open_meteo", "openaq", "demo"] },
  relativeHumidity: {
    metric: "relative_humidity",
    sources: ["user", "open_meteo", "openaq", "demo"],
  },
  heatIndexC: { metric: "heat_index_c", sources: ["user", "open_meteo", "openaq", "demo"] },
  pm25: { metric: "pm25", sources: ["user", "openaq", "open_meteo_air", "demo"] },
  pm10: { metric: "pm10", sources: ["user", "openaq", "open_meteo_air", "demo"] },
  ozone: { metric: "ozone", sources: ["user", "openaq", "open_meteo_air", "demo"] },
  aqi: { metric: "aqi", sources: ["user", "airnow", "openaq", "open_meteo_air", "demo"] },
};
const sourceOrder = ["user", "airnow", "openaq", "open_meteo", "open_meteo_air", "demo"];

/** The source column as the API names it: an organisation's sensors are "user". */
export function publicSource(source: string): string {
  return source.startsWith("user:") ? "user" : source;
}

/**
 * For each field, the value of the most trusted source that has its metric in `values` (keyed
 * `source\u0000metric`), which source that was, and the sources used in trust order.
 */
export function pickBySource<T>(values: Map<string, T>): {
  values: Partial<Record<Field, T>>;
  sources: Record<string, string>;
  source: string | null;
} {
  const picked: Partial<Record<Field, T>> = {};
  const sources: Record<string, string> = {};
  for (
    const [field, rule] of Object.entries(fieldSources) as [Field, typeof fieldSources[Field]][]
  ) {
    const from = rule.sources.find((s) => values.has(`${s}\u0000${rule.metric}`));
    if (!from) continue;
    picked[field] = values.get(`${from}\u0000${rule.metric}`)!;
    sources[field] = from;
  }
  const used = new Set(Object.values(sources));
  return {
    values: picked,
    sources,
    source: sourceOrder.filter((s) => used.has(s)).join(",") || null,
  };
}

/** A value as the API shows it: AQI as an integer, the rest to two decimals. */
export function roundField(field: Field, v: number): number {
  return field === "aqi" ? Math.round(v) : Math.round(v * 100) / 100;
}

/**
 * The readings an organisation may see or use, as a SQL condition on environment_readings with
 * the organisation's id in parameter `p` (e.g. "$4"): the public feeds, its own sensors (never
 * another organisation's), and the simulated demo readings only for the demo organisation —
 * simulated data must never reach a real one's answers, features, plans or alerts.
 */
export function visibleReadings(p: string): string {
  return `(org_id IS NULL OR org_id = ${p}::uuid)
       AND (source NOT LIKE 'user:%' OR source = 'user:' || ${p}::text)
       AND (source <> 'demo' OR EXISTS (SELECT 1 FROM orgs o WHERE o.id = ${p}::uuid AND o.is_demo))`;
}

/** Hourly points in [from, to) at one grid cell, visible to orgId. */
export async function environmentSeries(
  db: Queryable,
  opts: { locationKey: string; orgId: string; from: Date; to: Date },
): Promise<EnvironmentPoint[]> {
  const rows = await db.query<{ ts: Date; source: string; metric: string; value: number }>(
    `SELECT date_trunc('hour', ts) AS ts, source,
       CASE WHEN source = 'airnow' AND metric = 'aqi_reported' THEN 'aqi' ELSE metric END AS metric,
       avg(value) AS value
     FROM environment_readings
     WHERE location_key = $1 AND ts >= $2 AND ts < $3
       AND ${visibleReadings("$4")}
       AND (metric IN ('temperature_c', 'relative_humidity', 'heat_index_c', 'pm25', 'pm10',
                       'ozone', 'aqi')
            OR (source = 'airnow' AND metric = 'aqi_reported'))
     GROUP BY 1, 2, 3
     ORDER BY 1`,
    [opts.locationKey, opts.from, opts.to, opts.orgId],
  );
  const hours = new Map<number, Map<string, number>>();
  for (const r of rows) {
    const t = new Date(r.ts).getTime();
    let values = hours.get(t);
    if (!values) hours.set(t, values = new Map());
    values.set(`${publicSource(r.source)}\u0000${r.metric}`, Number(r.value));
  }
  return [...hours.entries()].map(([t, values]) => {
    const picked = pickBySource(values);
    const point: EnvironmentPoint = {
      ts: new Date(t).toISOString(),
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
    for (const [field, v] of Object.entries(picked.values) as [Field, number][]) {
      point[field] = roundField(field, v);
    }
    return point;
  });
}

/**
 * Readings of the weather and air metrics the forecaster uses, averaged over sources per grid
 * cell, instant and metric, in [from, to): k location key, t epoch ms, m metric, v value.
 */
export function readingsAtCells(
  db: Queryable,
  locationKeys: string[],
  from: Date,
  to: Date,
  orgId: string,
): Promise<{ k: string; t: number; m: ModelMetric; v: number }[]> {
  return db.query(
    `SELECT location_key AS k, (extract(epoch FROM ts) * 1000)::float8 AS t, metric AS m,
       avg(value)::float8 AS v
     FROM environment_readings
     WHERE location_key = ANY($1::text[]) AND ts >= $2 AND ts < $3
       AND metric IN ('temperature_c', 'relative_humidity', 'pm25', 'ozone')
       AND ${visibleReadings("$4")}
     GROUP BY 1, 2, 3`,
    [locationKeys, from, to, orgId],
  );
}

/** The environment metrics the forecasting models read. */
export type ModelMetric = "temperature_c" | "relative_humidity" | "pm25" | "ozone";

/**
 * Per place (location and time zone) and local month (0–11) of the daily mean and maximum
 * temperature over [from, to) (the place's local days with ≥ 18 hourly readings): the number of days, the `warm` percentile of the daily mean,
 * the `extreme` percentile of the daily maximum, the median and the 5th percentile of the mean.
 */
export function temperatureClimateRows(
  db: Queryable,
  places: { key: string; timezone: string }[],
  from: Date,
  to: Date,
  [warm, extreme]: [number, number],
  orgId: string,
) {
  return db.query<
    {
      k: string;
      tz: string;
      m: number;
      days: number;
      warm: number;
      hot: number;
      med: number;
      cold: number;
      /** Median of (daily maximum − daily mean), °C (short histories' extreme edge). */
      gap: number;
    }
  >(
    `WITH places AS (
       SELECT DISTINCT k, tz FROM unnest($1::text[], $6::text[]) AS p(k, tz)),
     daily AS (
       SELECT p.k, p.tz, date_trunc('day', r.ts AT TIME ZONE p.tz) AS d, avg(r.value) AS mean,
         max(r.value) AS max
       FROM places p JOIN environment_readings r ON r.location_key = p.k
       WHERE r.metric = 'temperature_c' AND r.ts >= $2 AND r.ts < $3
         AND ${visibleReadings("$7")}
       GROUP BY 1, 2, 3 HAVING count(*) >= 18)
     SELECT k, tz, (extract(month FROM d) - 1)::int AS m, count(*)::int AS days,
       percentile_cont($4::float8) WITHIN GROUP (ORDER BY mean)::float8 AS warm,
       percentile_cont($5::float8) WITHIN GROUP (ORDER BY max)::float8 AS hot,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY mean)::float8 AS med,
       percentile_cont(0.05) WITHIN GROUP (ORDER BY mean)::float8 AS cold,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY max - mean)::float8 AS gap
     FROM daily GROUP BY 1, 2, 3`,
    [places.map((p) => p.key), from, to, warm, extreme, places.map((p) => p.timezone), orgId],
  );
}

/** Mean of each metric by UTC month (0–11) and hour, keyed `${month}:${hour}:${metric}`. */
export interface HourlyClimatology {
  values: Map<string, number>;
  /** Months with data, and how many days of readings stand behind the whole. */
  months: number[];
  days: number;
}

/**
 * A minimal hourly climatology of one place from the stored readings the organisation may use
 * (the last three years): temperature, humidity, PM2.5 and ozone by month and hour of day. The
 * what-if uses it for hours beyond what the feeds have forecast. (A rollup-based climatology can
 * replace this query; the answer's shape stays.)
 */
export async function environmentClimatology(
  db: Queryable,
  opts: { locationKey: string; orgId: string; until: Date },
): Promise<HourlyClimatology> {
  const rows = await db.query<{ m: number; h: number; metric: string; v: number; days: number }>(
    `SELECT extract(month FROM ts AT TIME ZONE 'UTC')::int - 1 AS m,
       extract(hour FROM ts AT TIME ZONE 'UTC')::int AS h, metric, avg(value)::float8 AS v,
       count(DISTINCT date_trunc('day', ts))::int AS days
     FROM environment_readings
     WHERE location_key = $1 AND ts < $2 AND ts >= $2::timestamptz - interval '3 years'
       AND metric IN ('temperature_c', 'relative_humidity', 'pm25', 'ozone')
       AND ${visibleReadings("$3")}
     GROUP BY 1, 2, 3`,
    [opts.locationKey, opts.until, opts.orgId],
  );
  const values = new Map<string, number>();
  const months = new Set<number>();
  let days = 0;
  for (const r of rows) {
    values.set(`${r.m}:${r.h}:${r.metric}`, Number(r.v));
    months.add(Number(r.m));
    if (r.metric === "temperature_c" && Number(r.h) === 12) days += Number(r.days);
  }
  return { values, months: [...months].sort((a, b) => a - b), days };
}
