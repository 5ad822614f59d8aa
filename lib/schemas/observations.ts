import { z } from "zod";
import { count, instant } from "./common.ts";

/** Hourly aggregates are bounded per hour; these ceilings only catch unit and column mistakes. */
const MAX_PER_HOUR = 10_000;

/** One hourly aggregate of one hospital. `hospitalId` is the organisation's id for it. */
export const observationRecord = z.strictObject({
  hospitalId: z.string().min(1).max(64),
  ts: instant.refine((d) => d.getTime() % 3_600_000 === 0, "must be on the hour (minutes 0)")
    .refine((d) => d.getUTCFullYear() >= 2000, "must be in 2000 or later")
    .refine((d) => d.getTime() <= Date.now() + 86_400_000, "must not be more than a day ahead"),
  edArrivals: count(MAX_PER_HOUR),
  ambulanceArrivals: count(MAX_PER_HOUR).nullable().optional(),
  edOccupancy: count(MAX_PER_HOUR).nullable().optional(),
  bedsAvailable: count(MAX_PER_HOUR).nullable().optional(),
}).meta({ id: "ObservationRecord" });

export const observationsBody = z.strictObject({
  records: z.array(observationRecord).min(1).max(50_000),
}).meta({ id: "ObservationsUpload" });

/** The CSV header of an upload: the record's field names. */
export const observationColumns = [
  "hospitalId",
  "ts",
  "edArrivals",
  "ambulanceArrivals",
  "edOccupancy",
  "bedsAvailable",
] as const;

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
