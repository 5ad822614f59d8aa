import type { Handlers } from "../../lib/define.ts";
import { notFound } from "../../framework/http_error.ts";
import { viewerOrgId } from "../../lib/caller.ts";
import { modelArtifactResponse } from "../../services/forecasts.ts";

export const handler: Handlers = {
  /**
   * The active ONNX artifact for the /what-if page, which anonymous visitors of the demo
   * organisation may open (GET /api/models/current.onnx needs credentials). Served to whoever
   * can see an organisation's pages: a signed-in user, or anyone while a demo organisation exists.
   */
  async GET(ctx) {
    if (!await viewerOrgId(ctx.state)) throw notFound("organisation");
    return await modelArtifactResponse(ctx.state.db, ctx.req);
  },
};
