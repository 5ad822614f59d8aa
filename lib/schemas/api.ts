/** Response schemas of the read-only routes (feeds, alerts, audit, forecasts, orgs); models: ./models.ts. */
import { z } from "zod";
import { nedocsOut } from "./ed_status.ts";
import { userId } from "./common.ts";

const isoTime = z.iso.datetime({ offset: true });

export const forecastPoint = z.object({
  ts: isoTime,
  p10: z.number().min(0),
  p50: z.number().min(0),
  p90: z.number().min(0),
  mean: z.number().min(0).meta({
    description: "expected arrivals in the hour (the model's distribution mean, not rounded to a " +
      "whole number); sums over hours add means, p10/p50/p90 are for display and bands",
  }),
}).meta({ id: "ForecastPoint" });

export const readinessLevel = z.enum(["normal", "elevated", "strained", "critical", "unknown"])
  .meta({
    id: "ReadinessLevel",
    description: "normal; elevated: census p90 over the alert share of beds; strained: median " +
      "census over beds; critical: median over beds + maximum surge",
  });

export const censusPoint = z.object({
  ts: isoTime,
  p10: z.number().int().min(0),
  p50: z.number().int().min(0),
  p90: z.number().int().min(0),
  mean: z.number().min(0),
}).meta({ id: "CensusPoint" });

export const censusModelOut = z.object({
  method: z.string(),
  occupancy: z.number().nullable().meta({ description: "patients reported at occupancyAt" }),
  occupancyAt: isoTime.nullable(),
  assumption: z.string().meta({ description: "what the census assumes, in words" }),
  lengthOfStayHours: z.number(),
  lengthOfStayCv: z.number(),
  lengthOfStaySource: z.enum(["setting", "history"]),
  pairedHours: z.number().int(),
}).meta({ id: "CensusModel" });

export const forecastOut = z.object({
  hospitalId: userId,
  modelVersion: z.string(),
  issuedAt: isoTime,
  capacity: z.number().meta({ description: "arrivals per hour the ED absorbs (beds ÷ mean stay)" }),
  points: z.array(forecastPoint),
  stale: z.boolean().optional().meta({
    description: "true when the newest stored forecast is older than two hourly runs",
  }),
  beds: z.number().int().meta({ description: "staffed ED beds" }),
  surgeBeds: z.number().int().meta({
    description: "surge beds the plan may open at most (settings.maxSurgeShare of beds)",
  }),
  census: z.array(censusPoint).meta({
    description: "patients in the ED per forecast hour (averaged over the hour), p10/p50/p90",
  }),
  censusModel: censusModelOut,
  readiness: z.object({
    level: readinessLevel,
    from: isoTime.nullable().meta({ description: "first hour at that level" }),
    next24h: readinessLevel,
    hoursOver: z.number().int().meta({
      description: "hours whose census p90 exceeds the alert share of beds",
    }),
    dataStopped: z.boolean().optional().meta({
      description: "the latest data is older than settings.dataStaleHours: level is unknown",
    }),
  }),
  dataAgeHours: z.number().min(0).nullable().optional().meta({
    description: "hours since the end of the latest reported hour (null: never reported; " +
      "absent on what-if scenarios)",
  }),
  dataAt: isoTime.nullable().optional().meta({ description: "end of the latest reported hour" }),
  nedocs: nedocsOut.optional().meta({
    description: "NEDOCS now and projected; absent until its inputs are reported",
  }),
}).meta({ id: "Forecast" });

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

export const auditCheckpoint = z.object({
  chain: z.string().meta({ description: "organisation id, or '' for the platform chain" }),
  lastId: z.number().int(),
  lastHash: z.string(),
  entries: z.number().int(),
  at: z.string(),
  keyId: z.string().meta({ description: "which audit key signed it (a hash prefix)" }),
  signature: z.string(),
  legacyMaxId: z.number().int().optional().meta({
    description: "the signed legacy cut-off the checkpoint was taken under",
  }),
  token: z.string().meta({ description: "the checkpoint as one token for ?checkpoint=" }),
}).meta({ id: "AuditCheckpoint" });

export const auditVerifyOut = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBadId: z.number().int().nullable(),
  problem: z.string().optional(),
  checkpoint: auditCheckpoint.optional(),
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
