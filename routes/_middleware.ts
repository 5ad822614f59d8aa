import type { MiddlewareHandler } from "hono";
import type { AppEnv, AppState } from "../lib/define.ts";
import { requestUrl } from "../framework/app.ts";
import { log } from "../infra/log.ts";
import { pageSession } from "../lib/auth/page_session.ts";
import { securityHeaders } from "../lib/security_headers.ts";
import { bodyGuard, requestHygiene } from "../framework/hygiene.ts";
import { BODY_IDLE_TIMEOUT_MS, BODY_TOTAL_TIMEOUT_MS, bodyLimitFor } from "../lib/limits.ts";

/** Gives every request an id (kept from X-Request-Id when sane) and logs one JSON line. */
export function requestLog(): MiddlewareHandler<AppEnv> {
  return async function requestLog(c, next) {
    const started = performance.now();
    const incoming = c.req.header("x-request-id");
    const state = c.get("state");
    if (incoming && /^[\w.-]{1,64}$/.test(incoming)) state.requestId = incoming;
    await next();
    c.res.headers.set("x-request-id", state.requestId);
    const path = requestUrl(c).pathname;
    if (path.startsWith("/_islands/")) return;
    log.info("request", {
      requestId: state.requestId,
      method: c.req.method,
      path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}

export const handler = [
  requestLog(),
  securityHeaders(),
  requestHygiene<AppState>(),
  bodyGuard<AppState>({
    maxBytes: bodyLimitFor,
    idleTimeoutMs: BODY_IDLE_TIMEOUT_MS,
    totalTimeoutMs: BODY_TOTAL_TIMEOUT_MS,
  }),
  pageSession(),
];
