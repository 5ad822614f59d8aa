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
};

/** POST /api/hospitals. `id` is the organisation's own identifier for the hospital. */
export const hospitalCreate = z.strictObject({
  id: userId,
  ...fields,
  icuBeds: fields.icuBeds.default(0),
  staffBaseline: fields.staffBaseline.default(0),
  timezone: fields.timezone.optional().meta({
    description: "IANA zone; default: the zone at lat/lon (offline lookup), else UTC",
  }),
}).transform((h) => ({ ...h, timezone: h.timezone ?? zoneAt(h.lat, h.lon) ?? "UTC" }))
  .meta({ id: "HospitalCreate" });

/** The columns of hospitals.csv in the `--data` folder layout (exports, `deno task train --data`). */
export const hospitalColumns: readonly ("id" | keyof typeof fields)[] = [
  "id",
  ...(Object.keys(fields) as (keyof typeof fields)[]),
];

/** PATCH /api/hospitals/:id: any subset of the fields except `id`. */
export const hospitalPatch = z.strictObject(fields).partial().refine(
  (p) => Object.keys(p).length > 0,
  "send at least one field to change",
).meta({ id: "HospitalPatch" });

/** What the API returns for a hospital: `id` is the caller's identifier, `uuid` the server's. */
export const hospitalOut = z.object({
  id: userId,
  uuid: z.uuid(),
  ...fields,
}).meta({ id: "Hospital" });

export type HospitalCreate = z.output<typeof hospitalCreate>;
export type HospitalPatch = z.output<typeof hospitalPatch>;
