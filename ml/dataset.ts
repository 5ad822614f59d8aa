/**
 * Training data as plain arrays on one hourly grid: per hospital its arrivals and environment,
 * plus the events. Loaded from the database, from a `--data DIR` of CSVs in the API's formats
 * (CONTRACT.md), or simulated in memory (tests, the bundled demo model).
 */
import type { Queryable } from "../infra/db.ts";
import { gridCell, gridKey, haversineKm } from "../domain/grid.ts";
import { visibleReadings } from "../models/environment.ts";
import { DEMO_HOSPITALS, demoEvents } from "../demo/region.ts";
import { eventTypes } from "../models/events.ts";
import { HOUR_MS } from "./feature_inputs.ts";
import { type SimEvent, simulateArrivals, simulateEnvironment } from "../demo/simulator.ts";

export interface DatasetHospital {
  id: string;
  org: string;
  name: string;
  lat: number;
  lon: number;
  edBeds: number;
  timezone: string;
  arrivals: Float64Array;
  temperatureC: Float64Array;
  relativeHumidity: Float64Array;
  pm25: Float64Array;
  ozone: Float64Array;
}

export interface DatasetEvent extends SimEvent {
  org: string;
}

export interface Dataset {
  start: number;
  hours: number;
  hospitals: DatasetHospital[];
  events: DatasetEvent[];
}

const ENV_METRICS = {
  temperature_c: "temperatureC",
  relative_humidity: "relativeHumidity",
  pm25: "pm25",
  ozone: "ozone",
} as const;

function emptyHospital(
  h: Omit<DatasetHospital, "arrivals" | keyof typeof ENV_BY_FIELD>,
  hours: number,
): DatasetHospital {
  const nan = () => new Float64Array(hours).fill(NaN);
  return {
    ...h,
    arrivals: nan(),
    temperatureC: nan(),
    relativeHumidity: nan(),
    pm25: nan(),
    ozone: nan(),
  };
}
const ENV_BY_FIELD = { temperatureC: 1, relativeHumidity: 1, pm25: 1, ozone: 1 };

/** The demo region simulated over `days` days ending at `end` (no database). */
export function simulatedDataset(days: number, seed: number, end: Date): Dataset {
  const to = Math.floor(end.getTime() / HOUR_MS) * HOUR_MS;
  const start = to - days * 24 * HOUR_MS;
  const hours = days * 24;
  const locations = DEMO_HOSPITALS.map((h) => ({
    ...gridCell(h.lat, h.lon),
    elevationM: h.elevationM,
  }));
  const env = simulateEnvironment(locations, new Date(start), new Date(to), seed);
  const byHospital = new Map(DEMO_HOSPITALS.map((h) => [h.code, env.get(gridKey(h.lat, h.lon))!]));
  const events = demoEvents(end).filter((e) => e.endsAt.getTime() <= to);
  const arrivals = simulateArrivals(
    DEMO_HOSPITALS,
    events,
    byHospital,
    new Date(start),
    new Date(to),
    seed,
  );
  return {
    start,
    hours,
    hospitals: DEMO_HOSPITALS.map((h) => {
      const e = byHospital.get(h.code)!;
      return {
        id: h.code,
        org: "demo",
        name: h.name,
        lat: h.lat,
        lon: h.lon,
        edBeds: h.edBeds,
        timezone: h.timezone,
        arrivals: Float64Array.from(arrivals.get(h.code)!, (r) => r.edArrivals),
        temperatureC: Float64Array.from(e, (r) => r.temperatureC),
        relativeHumidity: Float64Array.from(e, (r) => r.relativeHumidity),
        pm25: Float64Array.from(e, (r) => r.pm25),
        ozone: Float64Array.from(e, (r) => r.ozone),
      };
    }),
    events: events.map((e) => ({ ...e, org: "demo" })),
  };
}

/** Every organisation's hospitals, observations, events and environment from the database. */
export async function datasetFromDb(db: Queryable): Promise<Dataset> {
  const [range] = await db.query<{ from: Date | null; to: Date | null }>(
    `SELECT min(ts) AS "from", max(ts) AS "to" FROM observations`,
  );
  if (!range?.from || !range.to) return { start: 0, hours: 0, hospitals: [], events: [] };
  const start = Math.floor(new Date(range.from).getTime() / HOUR_MS) * HOUR_MS;
  const hours = Math.floor((new Date(range.to).getTime() - start) / HOUR_MS) + 1;
  const rows = await db.query<{
    id: string;
    org: string;
    name: string;
    lat: number;
    lon: number;
    edBeds: number;
    timezone: string;
  }>(
    `SELECT id, org_id AS org, name, lat, lon, ed_beds AS "edBeds", timezone FROM hospitals
     ORDER BY org_id, code`,
  );
  const hospitals = rows.map((h) => emptyHospital(h, hours));
  const byId = new Map(hospitals.map((h) => [h.id, h]));
  const obs = await db.query<{ h: string; t: number; y: number }>(
    `SELECT hospital_id AS h, (extract(epoch FROM ts) * 1000)::float8 AS t, ed_arrivals AS y
     FROM observations`,
  );
  for (const o of obs) {
    const h = byId.get(o.h);
    const i = Math.round((Number(o.t) - start) / HOUR_MS);
    if (h && i >= 0 && i < hours) h.arrivals[i] = Number(o.y);
  }
  await fillEnvironmentFromDb(db, hospitals, start, hours);
  const events = await db.query<DatasetEvent & { org: string }>(
    `SELECT code, org_id AS org, type, lat, lon, starts_at AS "startsAt", ends_at AS "endsAt",
       expected_attendance AS "expectedAttendance", indoor, bounded, alcohol,
       free_water AS "freeWater"
     FROM events WHERE ends_at > $1 AND starts_at < $2`,
    [new Date(start - 24 * HOUR_MS), new Date(start + (hours + 96) * HOUR_MS)],
  );
  return { start, hours, hospitals, events: events.map(normaliseEvent) };
}

/** Environment at each hospital's grid cell, averaged over sources, into the series. */
export async function fillEnvironmentFromDb(
  db: Queryable,
  hospitals: DatasetHospital[],
  start: number,
  hours: number,
) {
  // Per organisation: each one's hospitals read only the readings it may use (no other
  // organisation's sensors, no simulated demo readings outside the demo organisation).
  const env: { k: string; t: number; m: keyof typeof ENV_METRICS; v: number; org: string }[] = [];
  for (const org of new Set(hospitals.map((h) => h.org))) {
    const keys = [
      ...new Set(hospitals.filter((h) => h.org === org).map((h) => gridKey(h.lat, h.lon))),
    ];
    const rows = await db.query<{ k: string; t: number; m: keyof typeof ENV_METRICS; v: number }>(
      `SELECT location_key AS k, (extract(epoch FROM ts) * 1000)::float8 AS t, metric AS m,
         avg(value)::float8 AS v
       FROM environment_readings
       WHERE location_key = ANY($1::text[]) AND ts >= $2 AND ts < $3
         AND metric IN ('temperature_c', 'relative_humidity', 'pm25', 'ozone')
         AND ${visibleReadings("$4")}
       GROUP BY 1, 2, 3`,
      [keys, new Date(start), new Date(start + hours * HOUR_MS), org],
    );
    for (const r of rows) env.push({ ...r, org });
  }
  const byKey = new Map<string, DatasetHospital[]>();
  for (const h of hospitals) {
    const k = `${h.org}\u0000${gridKey(h.lat, h.lon)}`;
    byKey.set(k, [...(byKey.get(k) ?? []), h]);
  }
  for (const r of env) {
    const i = Math.round((Number(r.t) - start) / HOUR_MS);
    if (i < 0 || i >= hours) continue;
    for (const h of byKey.get(`${r.org}\u0000${r.k}`) ?? []) h[ENV_METRICS[r.m]][i] = Number(r.v);
  }
}

function normaliseEvent(e: DatasetEvent): DatasetEvent {
  return {
    ...e,
    lat: Number(e.lat),
    lon: Number(e.lon),
    startsAt: new Date(e.startsAt),
    endsAt: new Date(e.endsAt),
    expectedAttendance: Number(e.expectedAttendance),
  };
}

/** Parses CSV text with a header row into records (RFC 4180 quoting). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"', i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") (row.push(field), field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field), rows.push(row), row = [], field = "";
    } else field += c;
  }
  if (field || row.length) (row.push(field), rows.push(row));
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== "");
  return body.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h.trim(), r[i] ?? ""])));
}

const num = (s: string | undefined) => (s === undefined || s === "" ? NaN : Number(s));
const bool = (s: string | undefined, fallback: boolean) =>
  s === undefined || s === "" ? fallback : /^(true|1|yes)$/i.test(s);

/** A `--data DIR` of hospitals.csv, events.csv, environment.csv, observations.csv. */
export async function datasetFromCsvDir(dir: string): Promise<Dataset> {
  const read = async (name: string, required: boolean) => {
    try {
      return parseCsv(await Deno.readTextFile(`${dir}/${name}`));
    } catch (err) {
      if (!required && err instanceof Deno.errors.NotFound) return [];
      throw new Error(`cannot read ${dir}/${name}: ${(err as Error).message}`);
    }
  };
  const hospitalRows = await read("hospitals.csv", true);
  const observations = await read("observations.csv", true);
  const environment = await read("environment.csv", false);
  const eventRows = await read("events.csv", false);
  const times = observations.map((o) => Date.parse(o.ts)).filter(Number.isFinite);
  if (!times.length) return { start: 0, hours: 0, hospitals: [], events: [] };
  const start = Math.floor(Math.min(...times) / HOUR_MS) * HOUR_MS;
  const hours = Math.floor((Math.max(...times) - start) / HOUR_MS) + 1;
  const hospitals = hospitalRows.map((h) =>
    emptyHospital({
      id: h.id,
      org: "csv",
      name: h.name ?? h.id,
      lat: num(h.lat),
      lon: num(h.lon),
      edBeds: num(h.edBeds) || 0,
      timezone: h.timezone || "UTC",
    }, hours)
  );
  const byId = new Map(hospitals.map((h) => [h.id, h]));
  for (const o of observations) {
    const h = byId.get(o.hospitalId);
    const i = Math.round((Date.parse(o.ts) - start) / HOUR_MS);
    if (!h) throw new Error(`observations.csv: unknown hospitalId ${o.hospitalId}`);
    if (i >= 0 && i < hours && Number.isFinite(num(o.edArrivals))) {
      h.arrivals[i] = num(o.edArrivals);
    }
  }
  // Each hospital takes the readings of the nearest environment location within 30 km.
  const places = new Map<string, { lat: number; lon: number; rows: Record<string, string>[] }>();
  for (const r of environment) {
    const key = `${num(r.lat)},${num(r.lon)}`;
    const p = places.get(key) ?? { lat: num(r.lat), lon: num(r.lon), rows: [] };
    p.rows.push(r);
    places.set(key, p);
  }
  for (const h of hospitals) {
    let best: { km: number; rows: Record<string, string>[] } | null = null;
    for (const p of places.values()) {
      const km = haversineKm(h, p);
      if (km <= 30 && (!best || km < best.km)) best = { km, rows: p.rows };
    }
    for (const r of best?.rows ?? []) {
      const i = Math.round((Date.parse(r.ts) - start) / HOUR_MS);
      if (i < 0 || i >= hours) continue;
      h.temperatureC[i] = num(r.temperatureC);
      h.relativeHumidity[i] = num(r.relativeHumidity);
      h.pm25[i] = num(r.pm25);
      h.ozone[i] = num(r.ozone);
    }
  }
  const events = eventRows.map((e) => {
    if (!eventTypes.includes(e.type as never)) {
      throw new Error(`events.csv: unknown type ${e.type}`);
    }
    return normaliseEvent({
      code: e.id,
      org: "csv",
      type: e.type as DatasetEvent["type"],
      lat: num(e.lat),
      lon: num(e.lon),
      startsAt: new Date(e.startsAt),
      endsAt: new Date(e.endsAt),
      expectedAttendance: num(e.expectedAttendance) || 0,
      indoor: bool(e.indoor, false),
      bounded: bool(e.bounded, true),
      alcohol: bool(e.alcohol, false),
      freeWater: bool(e.freeWater, true),
    });
  });
  return { start, hours, hospitals, events };
}
