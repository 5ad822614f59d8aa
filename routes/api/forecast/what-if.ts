import { z } from "zod";
import { BUDGET_MS } from "../../../lib/limits.ts";
import { define } from "../../../lib/define.ts";
import { everyone } from "../../../lib/access.ts";
import { hospitalOf } from "../../../lib/caller.ts";
import { validationFailed } from "../../../framework/validation.ts";
import { forecastOut } from "../../../lib/schemas/api.ts";
import { whatIfForecast } from "../../../services/forecasts.ts";
import { getEvent } from "../../../models/events.ts";

export const whatIfBody = z.strictObject({
  hospitalId: z.string().min(1).max(100),
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
}).meta({ id: "WhatIfForecast" });

export const handler = define.api({
  POST: define.operation({
    summary: "Recompute a forecast with what-if overrides",
    description: "Same shape as the hospital's forecast; nothing is stored.",
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
      return await whatIfForecast(ctx.state.db, orgId, hospital, { ...rest, eventIds: ids });
    },
  }),
});
