import type { Handlers } from "../../../framework/types.ts";
import { readQuery } from "../../../lib/schemas/parse.ts";
import { planQuery } from "../../../lib/schemas/plans.ts";
import { requestHospital } from "../../../services/forecasts.ts";
import { currentPlan } from "../../../services/plans.ts";
import { planJson } from "../../../lib/plan_json.ts";

export const handler: Handlers = {
  /**
   * The hospital's latest action plan. When it has none yet (or the hourly job has not run for
   * 2 h) one is built now from the latest forecast, stored, and returned.
   */
  async GET(ctx) {
    const { hospitalId } = readQuery(ctx.url, planQuery);
    const { orgId, hospital } = await requestHospital(ctx.state, hospitalId);
    return Response.json(planJson(await currentPlan(ctx.state.db, orgId, hospital), hospital.code));
  },
};
