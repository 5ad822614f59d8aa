/** Database rows in the API's shapes (CONTRACT.md): `id` is the organisation's own code. */
import type { Hospital } from "../models/hospitals.ts";
import type { FestEvent } from "../models/events.ts";
import type { User } from "../models/users.ts";
import type { ApiKeyInfo } from "./auth/api_keys.ts";

/** A user as the API shows it. */
export const userJson = (u: User) => ({
  id: u.id,
  email: u.email,
  role: u.role,
  orgId: u.orgId,
  disabled: u.disabled,
  createdAt: new Date(u.createdAt).toISOString(),
});

/** An API key as the API shows it (the secret only once, at creation). */
export const apiKeyJson = (k: ApiKeyInfo & { key?: string }) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  createdAt: new Date(k.createdAt).toISOString(),
  lastUsedAt: k.lastUsedAt ? new Date(k.lastUsedAt).toISOString() : null,
  revokedAt: k.revokedAt ? new Date(k.revokedAt).toISOString() : null,
  ...(k.key ? { key: k.key } : {}),
});

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
  // CONTRACT.md: 1–4 or absent.
  ...(h.traumaLevel ? { traumaLevel: h.traumaLevel } : {}),
  inpatientBeds: h.inpatientBeds ?? null,
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
  attendanceBasis: e.attendanceBasis ?? "total",
});
