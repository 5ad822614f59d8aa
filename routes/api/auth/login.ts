import { define } from "../../../lib/define.ts";
import { anyone } from "../../../lib/access.ts";
import { authenticatePassword, clientIp } from "../../../lib/auth/login.ts";
import { startSession } from "../../../lib/auth/sessions.ts";
import { sessionCookies, withCookies } from "../../../lib/auth/cookies.ts";
import { newCsrfToken } from "../../../lib/auth/csrf.ts";
import { loginBody, tokenPair } from "../../../lib/schemas/accounts.ts";

export const handler = define.api({
  POST: define.operation({
    summary: "Sign in",
    description: "Exchanges e-mail and password for a token pair; browsers also get cookies.",
    tags: ["session"],
    body: { json: loginBody },
    responses: { 200: { schema: tokenPair } },
    errors: [401, 429],
    // Login records its own outcome (with the account concerned) in lib/auth/login.ts.
    meta: { access: anyone, audit: false },
    async handler(ctx) {
      const { email, password } = ctx.body;
      const user = await authenticatePassword(ctx.state, email, password, clientIp(ctx.hono));
      const { familyId: _, ...pair } = await startSession(ctx.state, user);
      const res = Response.json(pair, { headers: { "cache-control": "no-store" } });
      return withCookies(res, sessionCookies(ctx.url, { ...pair, familyId: "" }, newCsrfToken()));
    },
  }),
});
