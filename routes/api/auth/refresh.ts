import { define } from "../../../lib/define.ts";
import { anyone } from "../../../lib/access.ts";
import { HttpError } from "../../../framework/http_error.ts";
import { rotateRefresh } from "../../../lib/auth/sessions.ts";
import {
  clearedCookies,
  CSRF_COOKIE,
  readCookie,
  REFRESH_COOKIE,
  sessionCookies,
  withCookies,
} from "../../../lib/auth/cookies.ts";
import { assertSameOrigin, newCsrfToken } from "../../../lib/auth/csrf.ts";
import { mediaType, readJson } from "../../../framework/validation.ts";
import { refreshBody, tokenPair } from "../../../lib/schemas/accounts.ts";
import { recordAudit } from "../../../services/audit.ts";

export const handler = define.api({
  POST: define.operation({
    summary: "Rotate a refresh token",
    description: "From the JSON body, or the browser's cookie when there is no body. Reusing " +
      "an already-used token revokes its whole family (401).",
    tags: ["session"],
    body: { json: refreshBody, stream: true, required: false },
    responses: { 200: { schema: tokenPair } },
    errors: [401],
    // Refresh records its own refused reuse (the token's family is the resource).
    meta: { access: anyone, audit: false },
    async handler(ctx) {
      let token: string | undefined;
      const fromCookie = !mediaType(ctx.req) && !ctx.req.headers.get("content-length");
      if (fromCookie) {
        assertSameOrigin(ctx.req);
        token = readCookie(ctx.req, REFRESH_COOKIE);
      } else {
        token = (await readJson(ctx.req, refreshBody)).refreshToken;
      }
      if (!token) throw new HttpError(401, "invalid_refresh_token", "no refresh token sent");
      try {
        const { familyId: _, ...pair } = await rotateRefresh(ctx.state, token);
        const res = Response.json(pair, { headers: { "cache-control": "no-store" } });
        const csrf = readCookie(ctx.req, CSRF_COOKIE) ?? newCsrfToken();
        return withCookies(res, sessionCookies(ctx.url, { ...pair, familyId: "" }, csrf));
      } catch (err) {
        if (err instanceof HttpError && /already used/.test(err.message)) {
          await recordAudit(ctx.state.db, {
            actor: "anonymous",
            action: "refresh",
            resource: "sessions",
            requestId: ctx.state.requestId,
            outcome: "denied",
          });
        }
        if (err instanceof HttpError && fromCookie) {
          const res = Response.json(err.toJSON(), { status: err.status });
          return withCookies(res, clearedCookies(ctx.url));
        }
        throw err;
      }
    },
  }),
});
