/**
 * `--data DIR`: hospitals.csv, observations.csv, environment.csv, events.csv and calendar.csv
 * (CONTRACT.md), each row validated with the API's own zod schemas (lib/schemas/*), so a file
 * that the API would refuse is refused here with the same message and its line number.
 *
 * - Headers are the API's field names. An unknown column is named; a snake_case one is named
 *   with the field it should be (`ed_arrivals` → `edArrivals`).
 * - Timestamps need an offset (`2025-04-12T18:00:00Z`, `…+01:00`). Timestamps without one are
 *   refused, unless `naiveTimes: "hospital"` (`--local-times`): then they are read as wall-clock
 *   time in the hospital's timezone (hospitals.csv `timezone`; environment rows take the zone
 *   of the nearest hospital). The server's own TZ never matters.
 * - Observations must be hourly: a series with one row per day (or coarser) is refused.
 * - calendar.csv: `date` (YYYY-MM-DD, local) plus one column per day flag; a flag is set when its
 *   cell is non-empty and not 0/false/no (a holiday's name counts as set).
 */
import type { z } from "zod";
import { hospitalColumns, hospitalCreate } from "../lib/schemas/hospitals.ts";
import { observationColumns, observationRecord } from "../lib/schemas/observations.ts";
import { environmentColumns, environmentRecord } from "../lib/schemas/environment.ts";
import { eventColumns, eventHistoryRecord } from "../lib/schemas/events.ts";
import { flagCellSet } from "../lib/schemas/calendar.ts";
import { haversineKm } from "../domain/grid.ts";
import { type Dataset, emptyHospital, normaliseEvent, parseCsv } from "./dataset.ts";
import type { CalendarDay } from "./calendar.ts";
import { HOUR_MS, utcOffsetMinutes } from "./feature_inputs.ts";

export interface CsvDirOptions {
  /** How to read timestamps without an offset: refuse them (default) or hospital-local time. */
  naiveTimes?: "refuse" | "hospital";
}

/** A --data problem: one line naming the file, the row and the field. */
export class DataDirError extends Error {}

const NUMERIC = new Set([
  "lat",
  "lon",
  "edBeds",
  "icuBeds",
  "staffBaseline",
  "edArrivals",
  "ambulanceArrivals",
  "edOccupancy",
  "bedsAvailable",
  "temperatureC",
  "relativeHumidity",
  "pm25",
  "pm10",
  "ozone",
  "expectedAttendance",
]);
// ED status columns (issue 18) are read so an export loads back whole.
const ED_STATUS_NUMERIC = [
  "boarders",
  "waitingRoom",
  "ventilated",
  "longestBoardingHours",
  "lastBedWaitHours",
];
for (const k of ED_STATUS_NUMERIC) NUMERIC.add(k);
const BOOLEAN = new Set(["indoor", "bounded", "alcohol", "freeWater", "diversion"]);
const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

const camel = (s: string) => s.replace(/[_-]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());

/** Refuses headers that are not the schema's field names, naming the column. */
export function checkHeader(file: string, header: string[], expected: readonly string[]) {
  for (const column of header) {
    if (expected.includes(column)) continue;
    const fix = expected.find((e) => e.toLowerCase() === camel(column).toLowerCase());
    if (fix) {
      throw new DataDirError(
        `${file}: column "${column}" should be named "${fix}" (the API's field names, camelCase)`,
      );
    }
    throw new DataDirError(
      `${file}: unknown column "${column}" (expected ${expected.join(", ")})`,
    );
  }
}

/** CSV cells → the JSON the API accepts (numbers, booleans; empty optional cells left out). */
function toRecord(row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === "") continue;
    if (NUMERIC.has(k)) out[k] = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v.trim()) ? Number(v) : v;
    else if (BOOLEAN.has(k)) {
      out[k] = /^(true|1|yes)$/i.test(v) ? true : /^(false|0|no)$/i.test(v) ? false : v;
    } else out[k] = v;
  }
  return out;
}

/** Validates one row with a schema; the first issue becomes a one-line DataDirError. */
function validateRow<S extends z.ZodType>(file: string, line: number, schema: S, value: unknown) {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as z.output<S>;
  const issue = parsed.error.issues[0];
  const path = issue.code === "unrecognized_keys"
    ? issue.keys.join(", ")
    : issue.path.join(".") || "(row)";
  throw new DataDirError(`${file} line ${line}: ${path}: ${issue.message}`);
}

/** Wall-clock time in a timezone → UTC instant (ms); two passes settle DST edges. */
export function localToUtc(text: string, timezone: string): number {
  const m = text.match(NAIVE)!;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  let t = wall - utcOffsetMinutes(timezone, wall) * 60_000;
  t = wall - utcOffsetMinutes(timezone, t) * 60_000;
  return t;
}

/** An ISO instant with offset as is; a naive one per `naiveTimes` (refused by default). */
function instantText(
  file: string,
  line: number,
  field: string,
  value: string | undefined,
  timezone: string | undefined,
  opts: CsvDirOptions,
): string | undefined {
  if (!value || OFFSET.test(value.trim()) || !NAIVE.test(value.trim())) return value;
  if (opts.naiveTimes !== "hospital" || !timezone) {
    throw new DataDirError(
      `${file} line ${line}: ${field} "${value}" has no UTC offset; write it as ` +
        `2025-04-12T18:00:00Z or +01:00 (or pass --local-times to read it in the hospital's timezone)`,
    );
  }
  return new Date(localToUtc(value.trim(), timezone)).toISOString();
}

async function readRows(dir: string, name: string, required: boolean) {
  let text: string;
  try {
    text = await Deno.readTextFile(`${dir}/${name}`);
  } catch (err) {
    if (!required && err instanceof Deno.errors.NotFound) return { header: [], rows: [] };
    throw new DataDirError(`cannot read ${dir}/${name}: ${(err as Error).message}`);
  }
  const rows = parseCsv(text);
  const header = Object.keys(rows[0] ?? {});
  return { header, rows };
}

/** Refuses observation series that are not hourly (daily totals, weekly, …). */
function checkHourly(times: Map<string, number[]>) {
  for (const [id, ts] of times) {
    if (ts.length < 3) continue;
    const sorted = [...ts].sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((t, i) => t - sorted[i]).filter((g) => g > 0).sort((a, b) =>
      a - b
    );
    const median = gaps[Math.floor(gaps.length / 2)] ?? HOUR_MS;
    if (median >= 23 * HOUR_MS) {
      throw new DataDirError(
        `observations.csv: hospital ${id} has one row every ${
          Math.round(median / HOUR_MS)
        } h; --data needs hourly arrivals (one row per hospital and hour), not daily totals`,
      );
    }
  }
}

/** Loads and validates a `--data DIR` (see the module comment). */
export async function datasetFromCsvDir(dir: string, opts: CsvDirOptions = {}): Promise<Dataset> {
  const hospitalsCsv = await readRows(dir, "hospitals.csv", true);
  const observationsCsv = await readRows(dir, "observations.csv", true);
  const environmentCsv = await readRows(dir, "environment.csv", false);
  const eventsCsv = await readRows(dir, "events.csv", false);
  const calendarCsv = await readRows(dir, "calendar.csv", false);
  checkHeader("hospitals.csv", hospitalsCsv.header, hospitalColumns);
  checkHeader("observations.csv", observationsCsv.header, observationColumns);
  checkHeader("environment.csv", environmentCsv.header, environmentColumns);
  checkHeader("events.csv", eventsCsv.header, eventColumns);
  if (calendarCsv.header.length && !calendarCsv.header.includes("date")) {
    throw new DataDirError(`calendar.csv: needs a "date" column (YYYY-MM-DD) and flag columns`);
  }

  const hospitals = hospitalsCsv.rows.map((r, i) =>
    validateRow("hospitals.csv", i + 2, hospitalCreate, toRecord(r))
  );
  const zones = new Map(hospitals.map((h) => [h.id, h.timezone]));
  const obs: { id: string; t: number; y: number }[] = [];
  const times = new Map<string, number[]>();
  observationsCsv.rows.forEach((r, i) => {
    const line = i + 2;
    if (!zones.has(r.hospitalId)) {
      throw new DataDirError(
        `observations.csv line ${line}: hospitalId "${r.hospitalId}" is not an id in hospitals.csv`,
      );
    }
    const ts = instantText("observations.csv", line, "ts", r.ts, zones.get(r.hospitalId), opts);
    const o = validateRow("observations.csv", line, observationRecord, toRecord({ ...r, ts: ts! }));
    const t = o.ts.getTime();
    obs.push({ id: o.hospitalId, t, y: o.edArrivals });
    const list = times.get(o.hospitalId) ?? [];
    list.push(t);
    times.set(o.hospitalId, list);
  });
  checkHourly(times);
  if (!obs.length) return { start: 0, hours: 0, hospitals: [], events: [] };
  let min = Infinity, max = -Infinity;
  for (const o of obs) (min = Math.min(min, o.t), max = Math.max(max, o.t));
  const start = Math.floor(min / HOUR_MS) * HOUR_MS;
  const hours = Math.floor((max - start) / HOUR_MS) + 1;
  const series = hospitals.map((h) =>
    emptyHospital({
      id: h.id,
      org: "csv",
      name: h.name,
      lat: h.lat,
      lon: h.lon,
      edBeds: h.edBeds,
      timezone: h.timezone,
    }, hours)
  );
  const byId = new Map(series.map((h) => [h.id, h]));
  for (const o of obs) byId.get(o.id)!.arrivals[Math.round((o.t - start) / HOUR_MS)] = o.y;

  // Each hospital takes the readings of the nearest environment location within 30 km.
  const nearestZone = (lat: number, lon: number) => {
    let best = { km: Infinity, tz: "UTC" };
    for (const h of hospitals) {
      const km = haversineKm({ lat, lon }, h);
      if (km < best.km) best = { km, tz: h.timezone };
    }
    return best.tz;
  };
  const places = new Map<
    string,
    { lat: number; lon: number; rows: z.output<typeof environmentRecord>[] }
  >();
  environmentCsv.rows.forEach((r, i) => {
    const line = i + 2;
    const tz = nearestZone(Number(r.lat), Number(r.lon));
    const ts = instantText("environment.csv", line, "ts", r.ts, tz, opts);
    const e = validateRow("environment.csv", line, environmentRecord, toRecord({ ...r, ts: ts! }));
    const key = `${e.lat},${e.lon}`;
    const p = places.get(key) ?? { lat: e.lat, lon: e.lon, rows: [] };
    p.rows.push(e);
    places.set(key, p);
  });
  for (const h of series) {
    let best: { km: number; rows: z.output<typeof environmentRecord>[] } | null = null;
    for (const p of places.values()) {
      const km = haversineKm(h, p);
      if (km <= 30 && (!best || km < best.km)) best = { km, rows: p.rows };
    }
    for (const r of best?.rows ?? []) {
      const i = Math.round((r.ts.getTime() - start) / HOUR_MS);
      if (i < 0 || i >= hours) continue;
      h.temperatureC[i] = r.temperatureC ?? NaN;
      h.relativeHumidity[i] = r.relativeHumidity ?? NaN;
      h.pm25[i] = r.pm25 ?? NaN;
      h.ozone[i] = r.ozone ?? NaN;
    }
  }
  const defaultZone = hospitals[0]?.timezone ?? "UTC";
  const events = eventsCsv.rows.map((r, i) => {
    const line = i + 2;
    const tz = nearestZone(Number(r.lat), Number(r.lon)) ?? defaultZone;
    const startsAt = instantText("events.csv", line, "startsAt", r.startsAt, tz, opts);
    const endsAt = instantText("events.csv", line, "endsAt", r.endsAt, tz, opts);
    const e = validateRow(
      "events.csv",
      line,
      eventHistoryRecord,
      toRecord({ ...r, startsAt: startsAt!, endsAt: endsAt! }),
    );
    return normaliseEvent({ ...e, code: e.id, org: "csv" });
  });
  const calendar: CalendarDay[] = calendarCsv.rows.map((r, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.date ?? "")) {
      throw new DataDirError(`calendar.csv line ${i + 2}: date: must be YYYY-MM-DD (local date)`);
    }
    const flags: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(r)) {
      if (k !== "date") flags[k] = flagCellSet(v);
    }
    return { date: r.date, flags };
  });
  return { start, hours, hospitals: series, events, calendar: { csv: calendar } };
}
