import { BUDGET_MS } from "../../../../lib/limits.ts";
import { define } from "../../../../lib/define.ts";
import { everyone } from "../../../../lib/access.ts";
import { hospitalOf } from "../../../../lib/caller.ts";
import { idParams } from "../../../../lib/schemas/common.ts";
import { forecastOut } from "../../../../lib/schemas/api.ts";
import { readForecast } from "../../../../services/forecasts.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "A hospital's 72 h forecast",
    description: "The latest issued forecast (arrivals per hour, p10/p50/p90); `stale` when it " +
      "is older than two hourly runs. 409 when the hospital has too little history.",
    tags: ["forecasts"],
    params: idParams,
    responses: { 200: { schema: forecastOut } },
    errors: [404, 409],
    budgetMs: BUDGET_MS.heavy,
    meta: { access: everyone, audit: { resource: "forecasts" } },
    async handler(ctx) {
      const { orgId, hospital } = await hospitalOf(ctx.state, ctx.params.id);
      return await readForecast(ctx.state.db, orgId, hospital);
    },
  }),
});
