import type { Handlers } from "../../../framework/types.ts";
import { authenticatePassword, clientIp } from "../../../lib/auth/login.ts";
import { startSession } from "../../../lib/auth/sessions.ts";
import { sessionCookies, withCookies } from "../../../lib/auth/cookies.ts";
import { newCsrfToken } from "../../../lib/auth/csrf.ts";
import { readJson } from "../../../lib/schemas/parse.ts";
import { loginBody } from "../../../lib/schemas/accounts.ts";

export const handler: Handlers = {
  /** Exchanges e-mail and password for a token pair; browsers also get session cookies. */
  async POST(ctx) {
    const { email, password } = await readJson(ctx.req, loginBody);
    const user = await authenticatePassword(ctx.state, email, password, clientIp(ctx.hono));
    const { familyId: _, ...pair } = await startSession(ctx.state, user);
    const res = Response.json(pair, { headers: { "cache-control": "no-store" } });
    return withCookies(res, sessionCookies(ctx.url, { ...pair, familyId: "" }, newCsrfToken()));
  },
};
