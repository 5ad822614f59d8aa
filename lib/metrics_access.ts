/**
 * Who may read /metrics. Route labels and feed names are not tenant data, but request rates,
 * errors and latencies still tell an outsider too much: `METRICS_TOKEN` requires
 * `Authorization: Bearer <token>`; `METRICS_PORT` serves metrics on a separate listener only
 * (bind it to an address Prometheus alone reaches). With neither, development serves /metrics
 * openly and production does not serve it (404).
 */
import type { Config } from "../infra/config.ts";
import { log } from "../infra/log.ts";
import { constantTimeEqual } from "./auth/constant_time.ts";
import { collectMetrics } from "./app_metrics.ts";
import type { Services } from "./runtime.ts";
import { type GuardedServer, serveGuarded } from "./conn_guard.ts";

/** Open connections the metrics port keeps (scrapers reuse one each). */
const METRICS_CONNECTIONS = 64;

const text = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, {
    status,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-store",
      ...headers,
    },
  });

/** The scrape answer for a request on the main port or the metrics listener. */
export async function metricsResponse(
  s: Services,
  req: Request,
  listener: "main" | "metrics",
): Promise<Response> {
  const { METRICS_TOKEN: token, METRICS_PORT: port, DENO_ENV: env } = s.config;
  if (listener === "main" && (port !== undefined || (!token && env === "production"))) {
    return text("not found\n", 404);
  }
  if (token) {
    const got = req.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? "";
    if (!constantTimeEqual(got, token)) {
      return text("metrics need Authorization: Bearer <METRICS_TOKEN>\n", 401, {
        "www-authenticate": 'Bearer realm="metrics"',
      });
    }
  }
  return new Response(await collectMetrics(s), {
    headers: {
      "content-type": "text/plain; version=0.0.4; charset=utf-8",
      "cache-control": "no-store",
    },
  });
}

/** Starts the separate metrics listener when METRICS_PORT is set. */
export function serveMetrics(s: Services, config: Config): GuardedServer | undefined {
  if (config.METRICS_PORT === undefined) return undefined;
  if (!config.METRICS_TOKEN && config.DENO_ENV === "production") {
    log.warn("metrics listener without METRICS_TOKEN: make sure only Prometheus reaches it");
  }
  // The same connection limits as the app's port; Prometheus needs a handful of connections.
  return serveGuarded({
    port: config.METRICS_PORT,
    maxConnections: METRICS_CONNECTIONS,
    headerTimeoutMs: config.HTTP_HEADER_TIMEOUT_MS,
    idleTimeoutMs: config.HTTP_IDLE_TIMEOUT_MS,
    onListen: ({ port }) => log.info("metrics listening", { port }),
  }, (req) => {
    const path = new URL(req.url).pathname;
    if (path !== "/metrics" || req.method !== "GET") return text("not found\n", 404);
    return metricsResponse(s, req, "metrics");
  });
}
