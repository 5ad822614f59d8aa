import type { Handlers } from "../lib/framework/types.ts";
import { renderMetrics } from "../lib/metrics.ts";

/** Prometheus scrape endpoint (process-local figures). */
export const handler: Handlers = {
  GET: () =>
    new Response(renderMetrics(), {
      headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
    }),
};
