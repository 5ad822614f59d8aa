import { z } from "zod";
import { define } from "../../lib/define.ts";
import { everyone } from "../../lib/access.ts";
import { orgOf } from "../../lib/caller.ts";
import { alertOut } from "../../lib/schemas/api.ts";
import { listOpenAlerts } from "../../models/alerts.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "Open alerts",
    description: "The organisation's open alerts and the region-wide ones (feed outages).",
    tags: ["alerts"],
    responses: { 200: { schema: z.array(alertOut) } },
    meta: { access: everyone, audit: { resource: "alerts" } },
    async handler(ctx) {
      const alerts = await listOpenAlerts(ctx.state.db, orgOf(ctx.state));
      return alerts.map((a) => ({ ...a, createdAt: new Date(a.createdAt).toISOString() }));
    },
  }),
});
