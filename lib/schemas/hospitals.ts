import { z } from "zod";
import { count, latitude, longitude, timezone, userId } from "./common.ts";
import { zoneAt } from "../../domain/zone_at.ts";

const fields = {
  name: z.string().trim().min(1).max(200),
  lat: latitude,
  lon: longitude,
  edBeds: count(10_000),
  icuBeds: count(10_000),
  staffBaseline: count(100_000),
  timezone,
  traumaLevel: z.number().int().min(1).max(4).nullable().meta({
    description: "trauma level 1 (highest) to 4, or null: receiving hospitals for event " +
      "transfers are chosen by capability and distance (absent: counted as level 3)",
  }),
};

/**
 * Staffed inpatient beds: NEDOCS divides boarders by them (Weiss 2004). Kept out of `fields`, so
 * the `--data` layout's hospitals.csv keeps its columns.
 */
const inpatientBeds = z.number().int("must be a whole number").min(1).max(100_000).nullable()
  .optional().meta({ description: "staffed inpatient beds of the hospital (for NEDOCS)" });

/** POST /api/hospitals. `id` is the organisation's own identifier for the hospital. */
export const hospitalCreate = z.strictObject({
  id: userId,
  ...fields,
  inpatientBeds,
  icuBeds: fields.icuBeds.default(0),
  staffBaseline: fields.staffBaseline.default(0),
  timezone: fields.timezone.optional().meta({
    description: "IANA zone; default: the zone at lat/lon (offline lookup), else UTC",
  }),
  traumaLevel: fields.traumaLevel.optional(),
}).transform((h) => ({ ...h, timezone: h.timezone ?? zoneAt(h.lat, h.lon) ?? "UTC" }))
  .meta({ id: "HospitalCreate" });

/** The columns of hospitals.csv in the `--data` folder layout (exports, `deno task train --data`). */
export const hospitalColumns: readonly ("id" | keyof typeof fields)[] = [
  "id",
  // traumaLevel is optional and left out, so hospitals.csv files written before it still load.
  ...(Object.keys(fields) as (keyof typeof fields)[]).filter((k) => k !== "traumaLevel"),
];

/** PATCH /api/hospitals/:id: any subset of the fields except `id`. */
export const hospitalPatch = z.strictObject({ ...fields, inpatientBeds }).partial().refine(
  (p) => Object.keys(p).length > 0,
  "send at least one field to change",
).meta({ id: "HospitalPatch" });

/** What the API returns for a hospital: `id` is the caller's identifier, `uuid` the server's. */
export const hospitalOut = z.object({
  id: userId,
  uuid: z.uuid(),
  ...fields,
  traumaLevel: fields.traumaLevel.optional(),
  inpatientBeds: z.number().int().nullable(),
}).meta({ id: "Hospital" });

export type HospitalCreate = z.output<typeof hospitalCreate>;
export type HospitalPatch = z.output<typeof hospitalPatch>;
