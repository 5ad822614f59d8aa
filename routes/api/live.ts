import type { Handlers } from "../../lib/framework/types.ts";
import { requestOrgId } from "../../lib/forecast_api.ts";
import { liveStream } from "../../lib/live.ts";

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
