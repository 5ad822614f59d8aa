import type { Handlers } from "../lib/define.ts";
import { metricsResponse } from "../lib/metrics_access.ts";

/**
 * Prometheus scrape endpoint (process-local figures). Behind METRICS_TOKEN, or not served here at
 * all when METRICS_PORT moves it to its own listener (lib/metrics_access.ts).
 */
export const handler: Handlers = {
  GET: ({ state, req }) => metricsResponse(state, req, "main"),
};
