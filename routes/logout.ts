import { define, type Handlers } from "../lib/define.ts";
import { anyone } from "../lib/access.ts";
import { endSession } from "../lib/auth/sessions.ts";
import { clearedCookies } from "../lib/auth/cookies.ts";
import { readForm, seeOther } from "../lib/auth/page_forms.ts";
import { clearedOrgCookie } from "../lib/org_cookie.ts";

export const config = define.config({ access: anyone, audit: false });

export const handler: Handlers = {
  /** Sign-out form post: revokes the session and clears its cookies (and the org pick). */
  async POST(ctx) {
    await readForm(ctx.req);
    if (ctx.state.sessionId) await endSession(ctx.state.db, ctx.state.cache, ctx.state.sessionId);
    return seeOther("/login", [...clearedCookies(ctx.url), clearedOrgCookie(ctx.url)]);
  },
};
