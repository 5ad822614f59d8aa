import type { Handlers } from "../../framework/types.ts";
import { listFeedHealth } from "../../models/feed_status.ts";

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const handler: Handlers = {
  /** Each environmental feed's status, last success and last error (CONTRACT.md). */
  async GET(ctx) {
    const feeds = await listFeedHealth(ctx.state.db, ctx.state.config);
    return Response.json(feeds.map((f) => ({
      name: f.name,
      status: f.status,
      lastSuccessAt: iso(f.lastSuccessAt),
      lastError: f.lastError,
      lastErrorAt: iso(f.lastErrorAt),
      consecutiveFailures: f.consecutiveFailures,
      offReason: f.offReason,
    })));
  },
};
