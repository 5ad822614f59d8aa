/**
 * Training data as plain arrays on one hourly grid: per hospital its arrivals and environment,
 * plus the events. Loaded from the database, from a `--data DIR` of CSVs in the API's formats
 * (CONTRACT.md), or simulated in memory (tests, the bundled demo model).
 */
import type { Queryable } from "../infra/db.ts";
import { gridKey } from "../domain/grid.ts";
import { listEventsOfAllOrgs } from "../models/events.ts";
import { listAllHospitals } from "../models/hospitals.ts";
import { allArrivalPoints, observationTimeRange } from "../models/observations.ts";
import { type ModelMetric, readingsAtCells } from "../models/environment.ts";
import { listCalendarDays } from "../models/calendar.ts";
import { HOUR_MS } from "./feature_inputs.ts";
import type { SimEvent } from "../domain/event_load.ts";
import type { CalendarDay } from "./calendar.ts";

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
  /** Each organisation's own calendar (calendar.csv), by organisation. */
  calendar?: Record<string, CalendarDay[]>;
}

const ENV_METRICS = {
  temperature_c: "temperatureC",
  relative_humidity: "relativeHumidity",
  pm25: "pm25",
  ozone: "ozone",
} as const;

export function emptyHospital(
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

/** Every organisation's hospitals, observations, events and environment from the database. */
export async function datasetFromDb(db: Queryable): Promise<Dataset> {
  const range = await observationTimeRange(db);
  if (!range.from || !range.to) return { start: 0, hours: 0, hospitals: [], events: [] };
  const start = Math.floor(new Date(range.from).getTime() / HOUR_MS) * HOUR_MS;
  const hours = Math.floor((new Date(range.to).getTime() - start) / HOUR_MS) + 1;
  const rows = await listAllHospitals(db);
  const hospitals = rows.map((h) => emptyHospital(h, hours));
  const byId = new Map(hospitals.map((h) => [h.id, h]));
  const obs = await allArrivalPoints(db);
  for (const o of obs) {
    const h = byId.get(o.h);
    const i = Math.round((Number(o.t) - start) / HOUR_MS);
    if (h && i >= 0 && i < hours) h.arrivals[i] = Number(o.y);
  }
  await fillEnvironmentFromDb(db, hospitals, start, hours);
  const events = await listEventsOfAllOrgs(
    db,
    new Date(start - 24 * HOUR_MS),
    new Date(start + (hours + 96) * HOUR_MS),
  );
  // Each organisation's own calendar, as at serve time (ml/forecaster.ts).
  const calendar: Record<string, CalendarDay[]> = {};
  for (const org of new Set(hospitals.map((h) => h.org))) {
    calendar[org] = await listCalendarDays(db, org);
  }
  return { start, hours, hospitals, events: events.map(normaliseEvent), calendar };
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
  const env: { k: string; t: number; m: ModelMetric; v: number; org: string }[] = [];
  for (const org of new Set(hospitals.map((h) => h.org))) {
    const keys = [
      ...new Set(hospitals.filter((h) => h.org === org).map((h) => gridKey(h.lat, h.lon))),
    ];
    const end = new Date(start + hours * HOUR_MS);
    for (const r of await readingsAtCells(db, keys, new Date(start), end, org)) {
      env.push({ ...r, org });
    }
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

export function normaliseEvent(e: DatasetEvent): DatasetEvent {
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

export { datasetFromCsvDir } from "./data_dir.ts";

/** The part of a dataset in [from, to) (instants in ms, cut to whole hours of its grid). */
export function sliceDataset(d: Dataset, from: number, to: number): Dataset {
  const a = Math.max(0, Math.ceil((from - d.start) / HOUR_MS));
  const b = Math.min(d.hours, Math.max(a, Math.ceil((to - d.start) / HOUR_MS)));
  return {
    ...d,
    start: d.start + a * HOUR_MS,
    hours: b - a,
    hospitals: d.hospitals.map((h) => ({
      ...h,
      arrivals: h.arrivals.slice(a, b),
      temperatureC: h.temperatureC.slice(a, b),
      relativeHumidity: h.relativeHumidity.slice(a, b),
      pm25: h.pm25.slice(a, b),
      ozone: h.ozone.slice(a, b),
    })),
  };
}
