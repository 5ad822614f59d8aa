import { define } from "../../../lib/define.ts";
import { everyone } from "../../../lib/access.ts";
import { hospitalOf } from "../../../lib/caller.ts";
import { HttpError } from "../../../framework/http_error.ts";
import { planOut, planQuery } from "../../../lib/schemas/plans.ts";
import { readPlan } from "../../../services/plans.ts";
import { planJson } from "../../../lib/plan_json.ts";
import { planCsv } from "../../../lib/api_csv.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "A hospital's latest action plan",
    description: "Plans are built by the hourly job and within a minute of a change of their " +
      "inputs (uploads, events, settings); `stale` says when the newest is over two hours old.",
    tags: ["plans"],
    query: planQuery,
    responses: {
      200: {
        schema: planOut,
        other: { "text/csv": "one row per recommendation (format=csv)" },
      },
    },
    errors: [404],
    meta: { access: everyone, audit: { resource: "plans" } },
    async handler(ctx) {
      const { orgId, hospital } = await hospitalOf(ctx.state, ctx.query.hospitalId);
      const plan = await readPlan(ctx.state.db, orgId, hospital);
      if (!plan) {
        throw new HttpError(
          404,
          "no_plan_yet",
          `no plan for ${hospital.code} yet: the first is built within a minute of its first data`,
        );
      }
      const json = { ...planJson(plan, hospital.code), stale: plan.stale };
      return ctx.query.format === "csv" ? planCsv(json) : json;
    },
  }),
});
