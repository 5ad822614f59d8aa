import type { Handlers } from "../lib/define.ts";
import { renderMetrics } from "../infra/metrics.ts";

/** Prometheus scrape endpoint (process-local figures). */
export const handler: Handlers = {
  GET: () =>
    new Response(renderMetrics(), {
      headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
    }),
};
