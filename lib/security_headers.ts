import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./define.ts";
import { secureCookies } from "./auth/cookies.ts";

/**
 * Scripts only from this origin (island bundles are same-origin module scripts; no inline
 * script anywhere). 'wasm-unsafe-eval' lets ONNX Runtime Web compile its WebAssembly, which is
 * not script evaluation. Styles allow inline attributes, which charts and maps set.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Security headers on every response; HSTS only where the app is served over https. Answers to a
 * signed-in user or an API key (pages and JSON alike) are `Cache-Control: no-store` unless the
 * route chose a policy itself: no shared proxy or browser cache may keep one tenant's data.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async function securityHeaders(c, next) {
    await next();
    const h = c.res.headers;
    h.set("content-security-policy", CONTENT_SECURITY_POLICY);
    h.set("x-content-type-options", "nosniff");
    h.set("x-frame-options", "DENY");
    h.set("referrer-policy", "same-origin");
    h.set("cross-origin-opener-policy", "same-origin");
    h.set("permissions-policy", "camera=(), microphone=(), geolocation=()");
    const state = c.get("state");
    const personal = state?.user || state?.apiKey || c.req.header("authorization") ||
      c.req.header("cookie")?.includes("fs_access=");
    if (personal && !h.has("cache-control")) h.set("cache-control", "no-store");
    if (secureCookies(new URL(c.req.url))) {
      h.set("strict-transport-security", "max-age=31536000; includeSubDomains");
    }
  };
}
