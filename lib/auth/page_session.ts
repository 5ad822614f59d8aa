import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../define.ts";
import { setUser, verifySessionToken } from "./authenticate.ts";
import {
  ACCESS_COOKIE,
  clearedCookies,
  CSRF_COOKIE,
  csrfCookie,
  readCookie,
  REFRESH_COOKIE,
  sessionCookies,
} from "./cookies.ts";
import { maskCsrf, newCsrfToken } from "./csrf.ts";
import { rotateRefresh } from "./sessions.ts";
import { dependencyError } from "../dependency_errors.ts";
import { requestUrl } from "../../framework/app.ts";

/**
 * Routes whose path ends in a file extension but whose answer depends on who asks: the what-if
 * page's model artifact is the viewer organisation's serving model (skipping the session here
 * served every organisation the demo's model, or a 404 when no demo exists: issue 22).
 */
const SESSION_FILES = new Set(["/models/current.onnx"]);

/** Static files and island bundles: the same for everyone, so no session is read for them. */
const isAsset = (path: string) =>
  path.startsWith("/_islands/") || (/\.[a-z0-9]+$/i.test(path) && !SESSION_FILES.has(path));

/**
 * Reads the browser session for HTML pages into ctx.state.user. An expired access cookie is
 * renewed from the refresh cookie on page GETs only: navigations come one at a time, whereas
 * parallel API calls would race each other into the refresh-token reuse detector. It also makes
 * sure the browser holds a CSRF token for the page's forms (ctx.state.csrf, issued on first use).
 * When the database or cache cannot be reached the page answers 503 and the user stays signed in.
 */
export function pageSession(): MiddlewareHandler<AppEnv> {
  return async function pageSession(c, next) {
    const url = requestUrl(c);
    if (url.pathname.startsWith("/api/") || isAsset(url.pathname)) return await next();
    const state = c.get("state");
    const req = c.req.raw;
    const cookies: string[] = [];
    let csrf = readCookie(req, CSRF_COOKIE);
    let issue = false;
    const token = () => {
      if (!csrf) (csrf = newCsrfToken(), issue = true);
      return csrf;
    };
    // Issued when a page first renders a form: read-only pages set no cookie and stay cacheable.
    // The page carries it masked, one mask per answer, so pages can be compressed (csrf.ts).
    let masked: string | undefined;
    Object.defineProperty(state, "csrf", {
      configurable: true,
      enumerable: true,
      get() {
        state.csrfInPage = true;
        return masked ??= maskCsrf(token());
      },
    });
    const access = readCookie(req, ACCESS_COOKIE);
    let signedIn = false;
    if (access) {
      try {
        setUser(state, await verifySessionToken(state, access));
        signedIn = true;
      } catch (err) {
        // A dependency that is down is a 503 (lib/dependency_errors.ts), not a sign-out.
        if (dependencyError(err)) throw err;
        /* expired or revoked: try the refresh cookie */
      }
    }
    const refresh = readCookie(req, REFRESH_COOKIE);
    if (!signedIn && refresh && req.method === "GET") {
      try {
        const pair = await rotateRefresh(state, refresh);
        setUser(state, await verifySessionToken(state, pair.accessToken));
        cookies.push(...sessionCookies(url, pair, token()));
        issue = false; // the session's cookies carry the CSRF token
      } catch (err) {
        // The database being down says nothing about the session: keep the cookies.
        if (dependencyError(err)) throw err;
        cookies.push(...clearedCookies(url));
      }
    }
    await next();
    if (issue) cookies.push(csrfCookie(url, csrf!));
    for (const cookie of cookies) c.header("set-cookie", cookie, { append: true });
  };
}
