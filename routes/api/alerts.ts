import { z } from "zod";
import { define } from "../../lib/define.ts";
import { everyone } from "../../lib/access.ts";
import { orgOf } from "../../lib/caller.ts";
import { alertOut, alertQuery } from "../../lib/schemas/alerts.ts";
import { listAlerts } from "../../models/alerts.ts";
import { alertJson } from "../../services/alerts.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "Alerts",
    description: "The organisation's open alerts and the region-wide ones (feed outages); " +
      "`?state=all` adds resolved ones. Capacity (census over the threshold within 24 h / 72 h), " +
      "heat and air quality at a hospital or during an event: raised once, updated while the " +
      "condition holds, resolved when it clears.",
    tags: ["alerts"],
    query: alertQuery,
    responses: { 200: { schema: z.array(alertOut) } },
    meta: { access: everyone, audit: { resource: "alerts" } },
    async handler(ctx) {
      const alerts = await listAlerts(ctx.state.db, orgOf(ctx.state), {
        state: ctx.query.state ?? "open",
        limit: 500,
      });
      return alerts.map(alertJson);
    },
  }),
});
