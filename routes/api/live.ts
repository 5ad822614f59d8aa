import { define } from "../../lib/define.ts";
import { everyone } from "../../lib/access.ts";
import { orgOf } from "../../lib/caller.ts";
import { liveStream } from "../../infra/live.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "Live updates",
    description:
      "Server-Sent Events of the organisation: observation, forecast, plan, alert, feed.",
    tags: ["live"],
    responses: { 200: { contentType: "text/event-stream", description: "SSE stream" } },
    meta: { access: everyone, audit: false },
    handler(ctx) {
      return new Response(liveStream(ctx.state.cache, orgOf(ctx.state), ctx.req.signal), {
        headers: {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache, no-transform",
          "x-accel-buffering": "no",
        },
      });
    },
  }),
});
