import type { Handlers } from "../../framework/types.ts";
import { modelArtifactResponse, requestOrgId } from "../../services/forecasts.ts";

export const handler: Handlers = {
  /**
   * The active ONNX artifact for the /what-if page, which anonymous visitors of the demo
   * organisation may open (GET /api/models/current.onnx needs credentials). Served to whoever
   * can see an organisation's pages: a signed-in user, or anyone while a demo organisation exists.
   */
  async GET(ctx) {
    await requestOrgId(ctx.state);
    return await modelArtifactResponse(ctx.state, ctx.req);
  },
};
