/**
 * Browser session cookies. The access and refresh tokens are httpOnly (no script can read them),
 * SameSite=Lax (not sent on cross-site subrequests or POSTs) and Secure everywhere except plain
 * http on localhost. The CSRF cookie is readable by the app's own scripts on purpose: see csrf.ts.
 */
import { serialize } from "hono/utils/cookie";
import { parse } from "hono/utils/cookie";
import { ACCESS_TTL_SECONDS } from "./tokens.ts";
import { REFRESH_TTL_SECONDS, type TokenPair } from "./sessions.ts";

export const ACCESS_COOKIE = "fs_access";
export const REFRESH_COOKIE = "fs_refresh";
export const CSRF_COOKIE = "fs_csrf";

const localHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Secure cookies everywhere but plain-http development on this machine. */
export function secureCookies(url: URL): boolean {
  return !(url.protocol === "http:" && localHosts.has(url.hostname));
}

/** Reads one cookie of a request. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.get("cookie");
  return header ? parse(header, name)[name] : undefined;
}

function cookie(url: URL, name: string, value: string, maxAge: number, httpOnly = true) {
  return serialize(name, value, {
    path: "/",
    httpOnly,
    secure: secureCookies(url),
    sameSite: httpOnly ? "Lax" : "Strict",
    maxAge,
  });
}

/** Set-Cookie values for a fresh token pair (and the CSRF token that goes with the session). */
export function sessionCookies(url: URL, pair: TokenPair, csrf: string): string[] {
  return [
    cookie(url, ACCESS_COOKIE, pair.accessToken, ACCESS_TTL_SECONDS),
    cookie(url, REFRESH_COOKIE, pair.refreshToken, REFRESH_TTL_SECONDS),
    cookie(url, CSRF_COOKIE, csrf, REFRESH_TTL_SECONDS, false),
  ];
}

/** Set-Cookie values that remove the session. */
export function clearedCookies(url: URL): string[] {
  return [ACCESS_COOKIE, REFRESH_COOKIE].map((n) => cookie(url, n, "", 0));
}

/** Set-Cookie value for a CSRF token on its own (login form before any session). */
export function csrfCookie(url: URL, csrf: string): string {
  return cookie(url, CSRF_COOKIE, csrf, REFRESH_TTL_SECONDS, false);
}

/** Adds Set-Cookie headers to a response. */
export function withCookies(res: Response, cookies: string[]): Response {
  for (const c of cookies) res.headers.append("set-cookie", c);
  return res;
}
