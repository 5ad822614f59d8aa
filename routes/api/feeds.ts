import { z } from "zod";
import { define } from "../../lib/define.ts";
import { everyone } from "../../lib/access.ts";
import { feedHealthOut } from "../../lib/schemas/environment.ts";
import { listFeedHealth } from "../../models/feed_status.ts";

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const handler = define.api({
  GET: define.operation({
    summary: "Feed health",
    description: "Each environmental feed's status, last success and last error.",
    tags: ["environment"],
    responses: { 200: { schema: z.array(feedHealthOut) } },
    meta: { access: everyone, audit: false },
    async handler(ctx) {
      const feeds = await listFeedHealth(ctx.state.db, ctx.state.config);
      return feeds.map((f) => ({
        name: f.name,
        status: f.status,
        lastSuccessAt: iso(f.lastSuccessAt),
        lastError: f.lastError,
        lastErrorAt: iso(f.lastErrorAt),
        consecutiveFailures: f.consecutiveFailures,
        offReason: f.offReason,
      }));
    },
  }),
});
