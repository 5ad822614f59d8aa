import { BUDGET_MS } from "../../../../lib/limits.ts";
import { define } from "../../../../lib/define.ts";
import { everyone } from "../../../../lib/access.ts";
import { hospitalOf } from "../../../../lib/caller.ts";
import { formatQuery, idParams } from "../../../../lib/schemas/common.ts";
import { forecastOut } from "../../../../lib/schemas/api.ts";
import { readForecast } from "../../../../services/forecasts.ts";
import { forecastCsv } from "../../../../lib/api_csv.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "A hospital's 72 h forecast and ED census",
    description: "The latest issued forecast of ED arrivals per hour (p10/p50/p90) and the " +
      "census it implies (patients in the ED, p10/p50/p90) against staffed beds, with the " +
      "census assumptions and readiness; `stale` when the forecast is older than two hourly " +
      "runs. 409 when the hospital has too little history. `?format=csv` for a spreadsheet.",
    tags: ["forecasts"],
    params: idParams,
    query: formatQuery,
    responses: {
      200: {
        schema: forecastOut,
        other: {
          "text/csv": "hospitalId,issuedAt,modelVersion,ts,p10,p50,p90,census_p10,census_p50," +
            "census_p90,beds (format=csv)",
        },
      },
    },
    errors: [404, 409],
    budgetMs: BUDGET_MS.heavy,
    meta: { access: everyone, audit: { resource: "forecasts" } },
    async handler(ctx) {
      const { orgId, hospital } = await hospitalOf(ctx.state, ctx.params.id);
      const forecast = await readForecast(ctx.state.db, orgId, hospital);
      return ctx.query.format === "csv" ? forecastCsv(forecast) : forecast;
    },
  }),
});
