/**
 * CSRF protection for cookie-authenticated requests, two layers:
 * 1. Origin check: an unsafe request whose Origin (or, lacking it, Referer) names another origin
 *    is refused outright.
 * 2. Double-submit token: the random `fs_csrf` cookie must be echoed in the `X-CSRF-Token`
 *    header (fetch from the app's scripts) or the `_csrf` form field (HTML forms). Another site
 *    can make the browser send the cookie but cannot read it to echo it.
 * Requests authenticated with an Authorization header need neither: browsers never add that
 * header on their own.
 */
import { HttpError } from "../../framework/http_error.ts";
import { constantTimeEqual, randomToken } from "./constant_time.ts";
import { CSRF_COOKIE, readCookie } from "./cookies.ts";

export const CSRF_HEADER = "x-csrf-token";
export const CSRF_FIELD = "_csrf";

/** A new CSRF token. */
export const newCsrfToken = () => randomToken(24);

/** True for methods that change nothing. */
export const isSafeMethod = (method: string) => ["GET", "HEAD", "OPTIONS"].includes(method);

const forbidden = (message: string) => new HttpError(403, "csrf_failed", message);

/** Refuses a request whose Origin/Referer names another site. */
export function assertSameOrigin(req: Request) {
  const own = new URL(req.url).origin;
  const origin = req.headers.get("origin");
  if (origin && origin !== "null") {
    if (origin !== own) throw forbidden("cross-site request refused");
    return;
  }
  if (origin === "null") throw forbidden("cross-site request refused");
  const referer = req.headers.get("referer");
  if (referer && URL.canParse(referer) && new URL(referer).origin !== own) {
    throw forbidden("cross-site request refused");
  }
}

/** Checks the double-submitted token (from the header, or a form field passed in). */
export function assertCsrf(req: Request, submitted?: string | null) {
  assertSameOrigin(req);
  const cookie = readCookie(req, CSRF_COOKIE);
  const token = submitted ?? req.headers.get(CSRF_HEADER);
  if (!cookie || !token || !constantTimeEqual(cookie, token)) {
    throw forbidden(
      `missing or wrong CSRF token (send the ${CSRF_COOKIE} cookie's value as ${CSRF_HEADER})`,
    );
  }
}
