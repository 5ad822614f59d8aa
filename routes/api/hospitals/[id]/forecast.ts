import { z } from "zod";
import { BUDGET_MS } from "../../../../lib/limits.ts";
import { define } from "../../../../lib/define.ts";
import { everyone } from "../../../../lib/access.ts";
import { hospitalOf } from "../../../../lib/caller.ts";
import { idParams } from "../../../../lib/schemas/common.ts";
import { forecastOut } from "../../../../lib/schemas/api.ts";
import { readForecast } from "../../../../services/forecasts.ts";

const forecastQuery = z.strictObject({
  format: z.enum(["json", "csv"]).optional().meta({
    description: "csv: one row per hour `ts,p10,p50,p90,census_p10,census_p50,census_p90,beds`",
  }),
});

type Forecast = Awaited<ReturnType<typeof readForecast>>;

/** The forecast as CSV: arrivals and census per hour, with the staffed beds (CHIME users' ask). */
function forecastCsv(f: Forecast): string {
  const census = new Map(f.census.map((c) => [c.ts, c]));
  const rows = f.points.map((p) => {
    const c = census.get(p.ts);
    return [p.ts, p.p10, p.p50, p.p90, c?.p10 ?? "", c?.p50 ?? "", c?.p90 ?? "", f.beds].join(",");
  });
  return `ts,p10,p50,p90,census_p10,census_p50,census_p90,beds\n${rows.join("\n")}\n`;
}

export const handler = define.api({
  GET: define.operation({
    summary: "A hospital's 72 h forecast and ED census",
    description: "The latest issued forecast of ED arrivals per hour (p10/p50/p90) and the " +
      "census it implies (patients in the ED, p10/p50/p90) against staffed beds, with the " +
      "census assumptions and readiness; `stale` when the forecast is older than two hourly " +
      "runs. 409 when the hospital has too little history. `?format=csv` for a spreadsheet.",
    tags: ["forecasts"],
    params: idParams,
    query: forecastQuery,
    responses: { 200: { schema: forecastOut, contentType: "text/csv" } },
    errors: [404, 409],
    budgetMs: BUDGET_MS.heavy,
    meta: { access: everyone, audit: { resource: "forecasts" } },
    async handler(ctx) {
      const { orgId, hospital } = await hospitalOf(ctx.state, ctx.params.id);
      const f = await readForecast(ctx.state.db, orgId, hospital);
      if (ctx.query.format !== "csv") return f;
      return new Response(forecastCsv(f), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="forecast-${hospital.code}.csv"`,
        },
      });
    },
  }),
});
