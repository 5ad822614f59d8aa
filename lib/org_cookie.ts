/**
 * The platform admin's pick of organisation for the browser session (`fs_org`): httpOnly and
 * SameSite=Lax like the session cookies, and ending with the browser session — the next visit
 * starts in the demo again. lib/route_policy.ts reads it (ORG_COOKIE).
 */
import { serialize } from "hono/utils/cookie";
import { secureCookies } from "./auth/cookies.ts";

export const ORG_COOKIE = "fs_org";

/** Set-Cookie value choosing an organisation. */
export function orgCookie(url: URL, orgId: string): string {
  return serialize(ORG_COOKIE, orgId, {
    path: "/",
    httpOnly: true,
    secure: secureCookies(url),
    sameSite: "Lax",
  });
}

/** Set-Cookie value forgetting the choice (sign-out). */
export function clearedOrgCookie(url: URL): string {
  return serialize(ORG_COOKIE, "", {
    path: "/",
    httpOnly: true,
    secure: secureCookies(url),
    sameSite: "Lax",
    maxAge: 0,
  });
}
