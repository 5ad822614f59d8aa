import { z } from "zod";
import type { Handlers } from "../../../framework/types.ts";
import { readJson, validationFailed } from "../../../lib/schemas/parse.ts";
import { requestHospital, whatIfForecast } from "../../../services/forecasts.ts";
import { getEvent } from "../../../models/events.ts";

export const whatIfBody = z.object({
  hospitalId: z.string().min(1).max(100),
  overrides: z.object({
    attendanceFactor: z.number().min(0).max(10).optional(),
    temperatureDeltaC: z.number().min(-20).max(20).optional(),
    pm25Delta: z.number().min(-500).max(500).optional(),
    eventIds: z.array(z.string().min(1).max(100)).max(100).optional(),
  }).strict().default({}),
}).strict();

export const handler: Handlers = {
  /** Recomputes a hospital's 72 h forecast live with the overrides; same shape as GET forecast. */
  async POST(ctx) {
    const body = await readJson(ctx.req, whatIfBody);
    const { orgId, hospital } = await requestHospital(ctx.state, body.hospitalId);
    const { eventIds, ...rest } = body.overrides;
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
    return Response.json(
      await whatIfForecast(ctx.state, orgId, hospital, { ...rest, eventIds: ids }),
    );
  },
};
