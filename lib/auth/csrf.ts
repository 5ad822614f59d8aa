/**
 * CSRF protection for cookie-authenticated requests, two layers:
 * 1. Origin check: an unsafe request whose Origin (or, lacking it, Referer) names another origin
 *    is refused outright.
 * 2. Double-submit token: the random `fs_csrf` cookie must be echoed in the `X-CSRF-Token`
 *    header (fetch from the app's scripts) or the `_csrf` form field (HTML forms), as it is or
 *    masked (pages carry it masked: maskCsrf). Another site can make the browser send the
 *    cookie but cannot read it to echo it.
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

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
const unb64url = (text: string) =>
  Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));
const MASKED = /^m\.([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{1,200})$/;

/**
 * The token as pages carry it: XORed with a fresh random pad, pad included, so its bytes differ
 * in every answer. Pages can then be compressed: with the same secret in every answer, the
 * compressed length of a page that also reflects attacker-chosen text reveals it (BREACH);
 * masking is the mitigation Django and Rails use.
 */
export function maskCsrf(token: string): string {
  const plain = new TextEncoder().encode(token);
  const pad = crypto.getRandomValues(new Uint8Array(plain.length));
  return `m.${b64url(pad)}.${b64url(plain.map((b, i) => b ^ pad[i]))}`;
}

/** The token behind a masked one; anything else is returned as it is (the cookie's value). */
export function unmaskCsrf(value: string): string {
  const m = MASKED.exec(value);
  if (!m) return value;
  try {
    const pad = unb64url(m[1]), xored = unb64url(m[2]);
    if (pad.length !== xored.length) return value;
    return new TextDecoder().decode(xored.map((b, i) => b ^ pad[i]));
  } catch {
    return value;
  }
}

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
  const sent = submitted ?? req.headers.get(CSRF_HEADER);
  const token = sent ? unmaskCsrf(sent) : sent;
  if (!cookie || !token || !constantTimeEqual(cookie, token)) {
    throw forbidden(
      `missing or wrong CSRF token (send the ${CSRF_COOKIE} cookie's value as ${CSRF_HEADER})`,
    );
  }
}
