import type { Handlers } from "../lib/define.ts";
import { endSession } from "../lib/auth/sessions.ts";
import { clearedCookies } from "../lib/auth/cookies.ts";
import { readForm, seeOther } from "../lib/auth/page_forms.ts";

export const handler: Handlers = {
  /** Sign-out form post: revokes the session and clears its cookies. */
  async POST(ctx) {
    await readForm(ctx.req);
    if (ctx.state.sessionId) await endSession(ctx.state.db, ctx.state.cache, ctx.state.sessionId);
    return seeOther("/login", clearedCookies(ctx.url));
  },
};
