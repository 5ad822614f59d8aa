import type { Handlers } from "../../../framework/types.ts";
import { notFound } from "../../../framework/http_error.ts";
import { readJson } from "../../../lib/schemas/parse.ts";
import { recommendationPatch } from "../../../lib/schemas/plans.ts";
import { orgOf } from "../../../lib/auth/authenticate.ts";
import { updateRecommendation } from "../../../models/plans.ts";
import { recommendationJson } from "../../../lib/plan_json.ts";
import { publishLive } from "../../../infra/live.ts";

export const handler: Handlers = {
  /** Accepts, dismisses or closes a recommendation (of any plan of the caller's organisation). */
  async PATCH(ctx) {
    const orgId = orgOf(ctx.state);
    const body = await readJson(ctx.req, recommendationPatch);
    const r = await updateRecommendation(ctx.state.db, orgId, ctx.params.id, {
      status: body.status,
      note: body.note,
      userId: ctx.state.user?.id ?? null,
    });
    if (!r) throw notFound("recommendation");
    await publishLive(ctx.state.cache, "plan", orgId, { recommendationId: r.id, status: r.status });
    return Response.json(recommendationJson(r));
  },
};
