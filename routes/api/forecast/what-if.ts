import { z } from "zod";
import { BUDGET_MS } from "../../../lib/limits.ts";
import { define } from "../../../lib/define.ts";
import { everyone } from "../../../lib/access.ts";
import { hospitalOf } from "../../../lib/caller.ts";
import { validationFailed } from "../../../framework/validation.ts";
import { forecastOut } from "../../../lib/schemas/api.ts";
import { instant } from "../../../lib/schemas/common.ts";
import { recommendationOut } from "../../../lib/schemas/plans.ts";
import { whatIf } from "../../../services/what_if.ts";
import { getEvent } from "../../../models/events.ts";
import { capacityOf } from "../../../ml/forecaster.ts";

export const whatIfBody = z.strictObject({
  hospitalId: z.string().min(1).max(100),
  start: instant.optional().meta({
    description: "first hour of the 72 h window, up to 12 months ahead (default: now); hours " +
      "beyond the weather feeds use the place's climatology",
  }),
  overrides: z.strictObject({
    attendanceFactor: z.number().min(0).max(10).optional(),
    temperatureDeltaC: z.number().min(-20).max(20).optional(),
    pm25Delta: z.number().min(-500).max(500).optional(),
    eventIds: z.array(z.string().min(1).max(100)).max(100).optional(),
  }).default({}),
}).meta({ id: "WhatIf" });

const whatIfOut = forecastOut.extend({
  overrides: z.object({
    attendanceFactor: z.number().optional(),
    temperatureDeltaC: z.number().optional(),
    pm25Delta: z.number().optional(),
    eventIds: z.array(z.string()).optional(),
  }),
  window: z.object({
    start: z.iso.datetime({ offset: true }),
    future: z.boolean(),
    weeksShifted: z.number().int(),
    storedHours: z.number().int(),
    climatologyHours: z.number().int(),
    note: z.string().meta({ description: "what the window assumes, in words" }),
  }),
  recommendations: z.array(
    recommendationOut.pick({
      agent: true,
      priority: true,
      title: true,
      action: true,
      rationale: true,
      evidence: true,
    }).extend({ key: z.string() }),
  ).meta({
    description: "the plan items the scenario would produce (nothing is stored)",
  }),
}).meta({ id: "WhatIfForecast" });

export const handler = define.api({
  POST: define.operation({
    summary: "Recompute a forecast, census and plan with what-if overrides",
    description: "Same shape as the hospital's forecast plus the plan items the scenario " +
      "would produce; nothing is stored. `start` moves the 72 h window up to 12 months ahead.",
    tags: ["forecasts"],
    body: { json: whatIfBody },
    responses: { 200: { schema: whatIfOut } },
    errors: [404, 409],
    budgetMs: BUDGET_MS.heavy,
    meta: { access: everyone, audit: { resource: "forecasts", read: true } },
    async handler(ctx) {
      const { orgId, hospital } = await hospitalOf(ctx.state, ctx.body.hospitalId);
      const { eventIds, ...rest } = ctx.body.overrides;
      let ids: string[] | undefined;
      if (eventIds) {
        ids = [];
        for (const [i, id] of eventIds.entries()) {
          const e = await getEvent(ctx.state.db, orgId, id);
          if (!e) {
            throw validationFailed([{ path: `overrides.eventIds.${i}`, message: "unknown event" }]);
          }
          ids.push(e.id);
        }
      }
      const overrides = { ...rest, eventIds: ids };
      const { setup, forecast, outcome } = await whatIf(
        ctx.state.db,
        orgId,
        hospital,
        overrides,
        ctx.body.start ?? null,
      );
      const r = outcome.readiness;
      return {
        hospitalId: hospital.code,
        modelVersion: forecast.modelVersion,
        issuedAt: setup.origin.toISOString(),
        capacity: Math.round(capacityOf(hospital) * 100) / 100,
        points: forecast.points,
        beds: hospital.edBeds,
        surgeBeds: r.surgeBeds,
        census: outcome.census,
        censusModel: outcome.censusModel,
        readiness: { level: r.level, from: r.from, next24h: r.next24h, hoursOver: r.hoursOver },
        overrides,
        window: setup.window,
        recommendations: outcome.plan.map((d) => ({
          key: d.key,
          agent: d.agent,
          priority: d.priority,
          title: d.title,
          action: d.action,
          rationale: d.rationale,
          evidence: { ...d.evidence, hicsRole: d.hicsRole },
        })),
      };
    },
  }),
});
