import { define } from "../../lib/define.ts";
import { everyone } from "../../lib/access.ts";
import { orgOf } from "../../lib/caller.ts";
import { liveStream } from "../../infra/live.ts";
import { openStreamSlot } from "../../infra/live_caps.ts";
import { HttpError } from "../../framework/http_error.ts";

/** How long a refused client should wait: streams end when their dashboards close. */
const RETRY_SECONDS = 30;

export const handler = define.api({
  GET: define.operation({
    summary: "Live updates",
    description:
      "Server-Sent Events of the organisation: observation, forecast, plan, alert, feed. At most " +
      "LIVE_STREAMS_PER_USER open streams per user or API key and LIVE_STREAMS_PER_ORG per " +
      "organisation (429 with Retry-After beyond).",
    tags: ["live"],
    responses: {
      200: { contentType: "text/event-stream", description: "SSE stream" },
      429: { description: "too many open live streams" },
    },
    meta: { access: everyone, audit: false },
    handler(ctx) {
      const state = ctx.state;
      const orgId = orgOf(state);
      const holder = state.apiKey ? `key:${state.apiKey.id}` : `user:${state.user?.id}`;
      const slot = openStreamSlot(holder, orgId, {
        perUser: state.config.LIVE_STREAMS_PER_USER,
        perOrg: state.config.LIVE_STREAMS_PER_ORG,
      });
      if ("refused" in slot) {
        throw new HttpError(
          429,
          "too_many_streams",
          slot.refused === "user"
            ? `at most ${state.config.LIVE_STREAMS_PER_USER} live streams per user; close one`
            : "this organisation has too many live streams open; retry later",
          [],
          { "retry-after": String(RETRY_SECONDS) },
        );
      }
      return new Response(liveStream(state.cache, orgId, ctx.req.signal, slot.release), {
        headers: {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache, no-transform",
          "x-accel-buffering": "no",
        },
      });
    },
  }),
});
