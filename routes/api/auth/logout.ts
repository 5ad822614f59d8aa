import type { Handlers } from "../../../framework/types.ts";
import { endSession } from "../../../lib/auth/sessions.ts";
import { clearedCookies, withCookies } from "../../../lib/auth/cookies.ts";

export const handler: Handlers = {
  /** Revokes the caller's session: its refresh tokens and the access tokens issued from it. */
  async POST(ctx) {
    const { db, cache, sessionId } = ctx.state;
    if (sessionId) await endSession(db, cache, sessionId);
    return withCookies(new Response(null, { status: 204 }), clearedCookies(ctx.url));
  },
};
