import type { Handlers } from "../../framework/types.ts";
import { requestOrgId } from "../../services/forecasts.ts";
import { liveStream } from "../../infra/live.ts";

export const handler: Handlers = {
  /** Server-Sent Events: observation, forecast, plan, alert, feed (CONTRACT.md). */
  async GET(ctx) {
    const orgId = await requestOrgId(ctx.state);
    return new Response(liveStream(ctx.state.cache, orgId, ctx.req.signal), {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
      },
    });
  },
};
