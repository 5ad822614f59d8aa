import { define } from "../../../lib/define.ts";
import { everyone } from "../../../lib/access.ts";
import { actorOf } from "../../../lib/caller.ts";
import { clearedCookies, withCookies } from "../../../lib/auth/cookies.ts";
import { endSession } from "../../../services/sessions.ts";

export const handler = define.api({
  POST: define.operation({
    summary: "End the session",
    description: "Revokes the caller's refresh tokens and the access tokens issued from them.",
    tags: ["session"],
    responses: { 204: { description: "Signed out" } },
    meta: { access: everyone, audit: { resource: "sessions" } },
    async handler(ctx) {
      await endSession(ctx.state, actorOf(ctx.state), ctx.state.sessionId);
      return withCookies(new Response(null, { status: 204 }), clearedCookies(ctx.url));
    },
  }),
});
