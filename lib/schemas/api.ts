/** Response schemas of the read-only routes (feeds, alerts, audit, forecasts, orgs); models: ./models.ts. */
import { z } from "zod";
import { userId } from "./common.ts";

const isoTime = z.iso.datetime({ offset: true });

export const forecastPoint = z.object({
  ts: isoTime,
  p10: z.number().min(0),
  p50: z.number().min(0),
  p90: z.number().min(0),
}).meta({ id: "ForecastPoint" });

export const forecastOut = z.object({
  hospitalId: userId,
  modelVersion: z.string(),
  issuedAt: isoTime,
  capacity: z.number().meta({ description: "arrivals per hour the ED absorbs (beds ÷ mean stay)" }),
  points: z.array(forecastPoint),
  stale: z.boolean().optional().meta({
    description: "true when the newest stored forecast is older than two hourly runs",
  }),
}).meta({ id: "Forecast" });

export const alertOut = z.object({
  id: z.string(),
  kind: z.string(),
  severity: z.enum(["critical", "high", "medium", "low", "info"]),
  title: z.string(),
  message: z.string(),
  resource: z.string().nullable(),
  createdAt: isoTime,
  regionWide: z.boolean(),
}).meta({ id: "Alert" });

export const auditEntryOut = z.object({
  id: z.number().int(),
  at: isoTime,
  actorId: z.uuid().nullable(),
  actor: z.string(),
  action: z.string(),
  resource: z.string(),
  resourceId: z.string().nullable(),
  requestId: z.string().nullable(),
  outcome: z.enum(["ok", "denied", "failed", "error"]),
}).meta({ id: "AuditEntry" });

export const auditListOut = z.object({ entries: z.array(auditEntryOut) }).meta({
  id: "AuditEntries",
});

export const auditVerifyOut = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBadId: z.number().int().nullable(),
}).meta({ id: "AuditVerify" });

export const orgOut = z.object({
  id: z.uuid(),
  name: z.string(),
  isDemo: z.boolean(),
}).meta({ id: "Organisation" });

export const orgCreated = z.object({
  id: z.uuid(),
  name: z.string(),
  admin: z.object({ id: z.uuid(), email: z.string(), role: z.literal("admin") }),
}).meta({ id: "OrganisationCreated" });

export const seriesOut = z.object({
  hospitalId: userId,
  bucket: z.enum(["1h", "1d"]),
  from: isoTime,
  to: isoTime,
  points: z.array(z.object({
    ts: isoTime,
    edArrivals: z.number().nullable(),
    edOccupancy: z.number().nullable(),
  })),
}).meta({ id: "ObservationSeries" });
