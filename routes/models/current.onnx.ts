import { define, type Handlers } from "../../lib/define.ts";
import { anyone } from "../../lib/access.ts";
import { notFound } from "../../framework/http_error.ts";
import { viewerHospital, viewerOrgId } from "../../lib/caller.ts";
import { modelArtifactResponse } from "../../services/forecasts.ts";

/**
 * Through the page policy like the /what-if page itself: the organisation in view is the same
 * (a platform admin's switched-to organisation, else the demo), not the user's home one.
 */
export const config = define.config({ access: anyone, audit: false });

export const handler: Handlers = {
  /**
   * The ONNX artifact for the /what-if page, which anonymous visitors of the demo organisation
   * may open (GET /api/models/current.onnx needs credentials): the model that forecasts the
   * `?hospital=` (the organisation's own model for the hospitals it was trained on, else the
   * global one). Served to whoever can see an organisation's pages: a signed-in user, or anyone
   * while a demo organisation exists.
   */
  async GET(ctx) {
    const orgId = await viewerOrgId(ctx.state);
    if (!orgId) throw notFound("organisation");
    const code = ctx.url.searchParams.get("hospital");
    const hospital = code ? (await viewerHospital(ctx.state, code)).hospital : undefined;
    return await modelArtifactResponse(ctx.state.db, ctx.req, { orgId, hospitalId: hospital?.id });
  },
};
