import { z } from "zod";
import { userId } from "./common.ts";
import { readinessLevel } from "./api.ts";
import { agents, hicsRoles } from "../../domain/plans/types.ts";

/** GET /api/plans/latest: the hospital by the organisation's id for it or its uuid. */
export const planQuery = z.object({
  hospitalId: z.string({ error: "required: the hospital's id or uuid" }).min(1).max(64),
  format: z.enum(["json", "csv"]).default("json").meta({
    description: "json (default) or csv (one row per recommendation)",
  }),
});

/** PATCH /api/recommendations/:id: a decision on a recommendation. */
export const recommendationPatch = z.strictObject({
  status: z.enum(["accepted", "dismissed", "done"]),
  note: z.string().trim().max(2000).nullable().optional(),
}).meta({ id: "RecommendationPatch" });

/** One recommendation as the API returns it. */
export const recommendationOut = z.object({
  id: z.uuid(),
  agent: z.enum([...agents, "beds", "ems"]).meta({
    description: "beds and ems: plans built before the census-based agents (capacity, " +
      "event_medical)",
  }),
  priority: z.enum(["critical", "high", "medium", "low"]),
  title: z.string(),
  action: z.string(),
  rationale: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  ownerRole: z.enum(["admin", "coordinator", "organizer", "analyst"]),
  hicsRole: z.enum(hicsRoles).nullable().meta({
    description: "who acts in the hospital's incident command (HICS)",
  }),
  dueAt: z.iso.datetime({ offset: true }).nullable(),
  status: z.enum(["open", "accepted", "dismissed", "done"]),
  note: z.string().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
}).meta({ id: "Recommendation" });

/** GET /api/plans/latest. */
export const planOut = z.object({
  id: z.uuid(),
  hospitalId: userId,
  createdAt: z.iso.datetime({ offset: true }),
  forecastIssuedAt: z.iso.datetime({ offset: true }).nullable(),
  modelVersion: z.string().nullable().meta({ description: "model of the forecast it used" }),
  readiness: z.object({
    level: readinessLevel,
    from: z.iso.datetime({ offset: true }).nullable(),
    next24h: readinessLevel,
    hoursOver: z.number().int(),
    peakCensusP90: z.number().nullable(),
    beds: z.number().int(),
    surgeBeds: z.number().int(),
  }).nullable().meta({ description: "the census readiness the plan was built on" }),
  stale: z.boolean().meta({
    description: "true when the plan is over two hours old or a newer forecast exists",
  }),
  recommendations: z.array(recommendationOut),
}).meta({ id: "Plan" });

export type RecommendationPatch = z.output<typeof recommendationPatch>;
