/** Database rows in the API's shapes (CONTRACT.md): `id` is the organisation's own code. */
import type { Hospital } from "../models/hospitals.ts";
import type { FestEvent } from "../models/events.ts";

export const hospitalJson = (h: Hospital) => ({
  id: h.code,
  uuid: h.id,
  name: h.name,
  lat: h.lat,
  lon: h.lon,
  edBeds: h.edBeds,
  icuBeds: h.icuBeds,
  staffBaseline: h.staffBaseline,
  timezone: h.timezone,
});

export const eventJson = (e: FestEvent) => ({
  id: e.code,
  uuid: e.id,
  name: e.name,
  type: e.type,
  lat: e.lat,
  lon: e.lon,
  startsAt: new Date(e.startsAt).toISOString(),
  endsAt: new Date(e.endsAt).toISOString(),
  expectedAttendance: e.expectedAttendance,
  indoor: e.indoor,
  bounded: e.bounded,
  alcohol: e.alcohol,
  freeWater: e.freeWater,
});
