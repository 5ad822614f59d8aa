/**
 * An organisation's data in the folder layout `deno task train --data` reads (CONTRACT.md
 * "train"): hospitals.csv, events.csv, environment.csv, observations.csv — and calendar.csv once
 * organisations keep day flags — each with the API's field names as its header and the
 * organisation's own identifiers. Long files are produced week by week (observations) or month
 * by month per place (environment), so memory stays bounded whatever the history's length.
 */
import type { Queryable } from "../infra/db.ts";
import { gridCell } from "../domain/grid.ts";
import { listHospitals } from "../models/hospitals.ts";
import { listEvents } from "../models/events.ts";
import { environmentSeries } from "../models/environment.ts";
import { observationsForExport, orgObservationRange } from "../models/export.ts";
import { csvLine, csvRows, toCsv } from "../lib/csv.ts";
import { observationColumns } from "../lib/schemas/observations.ts";
import { environmentColumns } from "../lib/schemas/environment.ts";
import { hospitalColumns } from "../lib/schemas/hospitals.ts";
import { eventColumns } from "../lib/schemas/events.ts";

export const EXPORT_FILES = [
  "hospitals.csv",
  "events.csv",
  "environment.csv",
  "observations.csv",
  "calendar.csv",
] as const;
export type ExportFile = typeof EXPORT_FILES[number];

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const MONTH = 31 * 24 * HOUR;

export interface ExportRange {
  from: Date;
  to: Date;
}

/** Where an export without from/to starts and ends: the organisation's stored hours. */
export async function exportRange(
  db: Queryable,
  orgId: string,
  asked: { from?: Date; to?: Date },
): Promise<ExportRange> {
  const stored = await orgObservationRange(db, orgId);
  const to = asked.to ?? new Date((stored.to?.getTime() ?? Date.now()) + HOUR);
  const from = asked.from ?? stored.from ?? to;
  return { from, to };
}

async function* hospitalsCsv(db: Queryable, orgId: string) {
  const rows = await listHospitals(db, orgId);
  yield toCsv(hospitalColumns, rows.map((h) => ({ ...h, id: h.code })));
}

async function* eventsCsv(db: Queryable, orgId: string, range: ExportRange, whole: boolean) {
  const rows = await listEvents(db, orgId, whole ? {} : range);
  yield toCsv(eventColumns, rows.map((e) => ({ ...e, id: e.code })));
}

async function* observationsCsv(db: Queryable, orgId: string, range: ExportRange) {
  yield csvLine([...observationColumns]);
  for (let t = range.from.getTime(); t < range.to.getTime(); t += WEEK) {
    const rows = await observationsForExport(
      db,
      orgId,
      new Date(t),
      new Date(Math.min(t + WEEK, range.to.getTime())),
    );
    if (rows.length) yield csvRows(observationColumns, rows);
  }
}

/** Per 0.1° cell of the organisation's hospitals: the hourly readings the API serves there. */
async function* environmentCsv(db: Queryable, orgId: string, range: ExportRange) {
  yield csvLine([...environmentColumns]);
  const hospitals = await listHospitals(db, orgId);
  const cells = new Map(hospitals.map((h) => gridCell(h.lat, h.lon)).map((c) => [c.key, c]));
  for (const cell of cells.values()) {
    for (let t = range.from.getTime(); t < range.to.getTime(); t += MONTH) {
      const points = await environmentSeries(db, {
        locationKey: cell.key,
        orgId,
        from: new Date(t),
        to: new Date(Math.min(t + MONTH, range.to.getTime())),
      });
      let out = "";
      for (const p of points) {
        out += csvLine([
          cell.lat,
          cell.lon,
          p.ts,
          p.temperatureC,
          p.relativeHumidity,
          p.pm25,
          p.pm10,
          p.ozone,
        ]);
      }
      if (out) yield out;
    }
  }
}

/**
 * The export's files that exist for the organisation, in the layout's order, each a producer
 * of CSV text chunks. Events are those overlapping the period when one was asked for.
 */
export function exportFiles(
  db: Queryable,
  orgId: string,
  range: ExportRange,
  opts: { wholeHistory: boolean },
): Map<ExportFile, () => AsyncIterable<string>> {
  return new Map<ExportFile, () => AsyncIterable<string>>([
    ["hospitals.csv", () => hospitalsCsv(db, orgId)],
    ["events.csv", () => eventsCsv(db, orgId, range, opts.wholeHistory)],
    ["environment.csv", () => environmentCsv(db, orgId, range)],
    ["observations.csv", () => observationsCsv(db, orgId, range)],
    // calendar.csv joins when organisations keep their own day flags (none are stored yet).
  ]);
}
