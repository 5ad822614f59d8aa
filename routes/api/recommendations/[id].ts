import { define } from "../../../lib/define.ts";
import { eventEditors } from "../../../lib/access.ts";
import { orgActor } from "../../../lib/caller.ts";
import { idParams } from "../../../lib/schemas/common.ts";
import { recommendationOut, recommendationPatch } from "../../../lib/schemas/plans.ts";
import { recommendationJson } from "../../../lib/plan_json.ts";
import { decideRecommendation } from "../../../services/recommendations.ts";

export const handler = define.api({
  PATCH: define.operation({
    summary: "Accept, dismiss or close a recommendation",
    description: "Of any plan of the organisation; the decision carries over to newer plans.",
    tags: ["plans"],
    params: idParams,
    body: { json: recommendationPatch },
    responses: { 200: { schema: recommendationOut } },
    errors: [404],
    meta: { access: eventEditors, audit: { resource: "recommendations" } },
    async handler(ctx) {
      const r = await decideRecommendation(ctx.state, orgActor(ctx.state), ctx.params.id, ctx.body);
      return recommendationJson(r);
    },
  }),
});
