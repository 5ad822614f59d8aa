import { z } from "zod";
import { textProblem } from "../../framework/validation.ts";
import { count, instant, MAX_INSTANT } from "./common.ts";

/** Hourly aggregates are bounded per hour; these ceilings only catch unit and column mistakes. */
const MAX_PER_HOUR = 10_000;

/**
 * Longest plausible boarding or bed wait: 30 days. Longer values are unit mistakes (minutes sent
 * as hours), not patients.
 */
const MAX_WAIT_HOURS = 720;
const hours = z.number().min(0).max(MAX_WAIT_HOURS).nullable().optional();

/**
 * The live ED status a hospital may report with an hour (issue 18), each optional: the NEDOCS
 * inputs (Weiss 2004; DOMAIN.md) and the regional board's diversion status.
 */
export const edStatusFields = {
  boarders: count(MAX_PER_HOUR).nullable().optional().meta({
    description: "admitted patients boarding in the ED (waiting for an inpatient bed)",
  }),
  waitingRoom: count(MAX_PER_HOUR).nullable().optional().meta({
    description: "patients in the waiting room (not yet in an ED bed)",
  }),
  ventilated: count(MAX_PER_HOUR).nullable().optional().meta({
    description: "patients on ventilators in the ED",
  }),
  longestBoardingHours: hours.meta({ description: "longest current boarding time, hours" }),
  lastBedWaitHours: hours.meta({
    description: "waiting time of the last patient put in an ED bed, hours (arrival to bed)",
  }),
  diversion: z.boolean().nullable().optional().meta({
    description: "true while the ED is on ambulance diversion (CSV: true/false)",
  }),
  // Refused with NUL and other control characters: PostgreSQL text cannot hold NUL, and a COPY
  // that fails half-way desynchronises the connection (postgres.js).
  diversionReason: z.string().trim().min(1).max(500)
    .refine((s) => textProblem(s) === null, "must not contain NUL or other control characters")
    .nullable().optional().meta({
      description: "why the ED is on diversion (only with diversion: true)",
    }),
};
export const edStatusKeys = Object.keys(edStatusFields) as (keyof typeof edStatusFields)[];

/** One hourly aggregate of one hospital. `hospitalId` is the organisation's id for it. */
export const observationRecord = z.strictObject({
  hospitalId: z.string().min(1).max(64),
  ts: instant.refine((d) => d.getTime() % 3_600_000 === 0, "must be on the hour (minutes 0)")
    .refine((d) => d.getUTCFullYear() >= 2000, "must be in 2000 or later")
    .refine((d) => d.getTime() <= Date.now() + 86_400_000, "must not be more than a day ahead"),
  edArrivals: count(MAX_PER_HOUR),
  ambulanceArrivals: count(MAX_PER_HOUR).nullable().optional(),
  edOccupancy: count(MAX_PER_HOUR).nullable().optional(),
  bedsAvailable: count(MAX_PER_HOUR).nullable().optional().meta({
    description: "staffed ED beds free now",
  }),
  ...edStatusFields,
}).refine((r) => r.diversionReason == null || r.diversion === true, {
  path: ["diversionReason"],
  message: "only with diversion: true",
}).meta({ id: "ObservationRecord" });

/** A record quickObservation accepted: `ts` is the input's own text, `tsMs` its instant. */
export interface QuickObservation {
  hospitalId: string;
  ts: string;
  tsMs: number;
  edArrivals: number;
  ambulanceArrivals: number | null | undefined;
  edOccupancy: number | null | undefined;
  bedsAvailable: number | null | undefined;
}

/** The CSV header of an upload: the record's field names. */
export const observationColumns = [
  "hospitalId",
  "ts",
  "edArrivals",
  "ambulanceArrivals",
  "edOccupancy",
  "bedsAvailable",
  "boarders",
  "waitingRoom",
  "ventilated",
  "longestBoardingHours",
  "lastBedWaitHours",
  "diversion",
  "diversionReason",
] as const;

const knownFields = new Set<string>(observationColumns);
/** On the hour in UTC, the way exports and most uploads write it; other forms go through zod. */
const hourUtc = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):00:00(?:\.000)?Z$/;
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isCount = (v: unknown): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= MAX_PER_HOUR;
const isOptionalCount = (v: unknown) => v === undefined || v === null || isCount(v);

/**
 * The bulk-upload fast path of observationRecord: a record it returns is one the schema accepts,
 * with the same values (no Date object, no zod run per row); for anything else it returns null
 * and the caller asks the schema, which words the error. `latest` is the newest instant allowed
 * (the schema's "a day ahead", computed once per upload; an older bound is only stricter).
 */
export function quickObservation(input: unknown, latest: number): QuickObservation | null {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return null;
  const r = input as Record<string, unknown>;
  for (const key in r) if (!knownFields.has(key)) return null;
  // ED status rows are few (a live feed, not history): the schema checks them.
  for (const key of edStatusKeys) if (r[key] !== undefined && r[key] !== null) return null;
  const { hospitalId, ts, edArrivals, ambulanceArrivals, edOccupancy, bedsAvailable } = r;
  if (typeof hospitalId !== "string" || hospitalId.length < 1 || hospitalId.length > 64) {
    return null;
  }
  if (typeof ts !== "string") return null;
  const m = hourUtc.exec(ts);
  if (!m) return null;
  const year = +m[1], month = +m[2], day = +m[3], hour = +m[4];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : monthDays[month - 1];
  if (year < 2000 || month < 1 || month > 12 || day < 1 || day > days || hour > 23) return null;
  const tsMs = Date.UTC(year, month - 1, day, hour);
  if (tsMs >= MAX_INSTANT || tsMs > latest) return null;
  if (!isCount(edArrivals)) return null;
  if (!isOptionalCount(ambulanceArrivals) || !isOptionalCount(edOccupancy)) return null;
  if (!isOptionalCount(bedsAvailable)) return null;
  return {
    hospitalId,
    ts,
    tsMs,
    edArrivals,
    ambulanceArrivals: ambulanceArrivals as number | null | undefined,
    edOccupancy: edOccupancy as number | null | undefined,
    bedsAvailable: bedsAvailable as number | null | undefined,
  };
}

export const observationsBody = z.strictObject({
  records: z.array(observationRecord).min(1).max(50_000),
}).meta({ id: "ObservationsUpload" });

export const ingestResult = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), path: z.string(), message: z.string() })),
}).meta({ id: "IngestResult" });

export const seriesQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  bucket: z.enum(["1h", "1d"]).default("1h"),
  format: z.enum(["json", "csv"]).default("json").meta({
    description: "json (default) or csv (a download with the same fields)",
  }),
});

export type ObservationRecord = z.output<typeof observationRecord>;
