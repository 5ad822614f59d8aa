import { z } from "zod";
import { define } from "../../../../lib/define.ts";
import { admins } from "../../../../lib/access.ts";
import { orgOf } from "../../../../lib/caller.ts";
import { idParams } from "../../../../lib/schemas/common.ts";
import { deliveryOut } from "../../../../lib/schemas/alerts.ts";
import { webhookDeliveries } from "../../../../services/webhooks.ts";

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export const handler = define.api({
  GET: define.operation({
    summary: "A webhook's delivery log",
    description: "Newest first, each with its attempts (status code, error, duration).",
    tags: ["webhooks"],
    params: idParams,
    responses: { 200: { schema: z.array(deliveryOut) } },
    errors: [404],
    meta: { access: admins, audit: { resource: "webhooks" } },
    async handler(ctx) {
      const list = await webhookDeliveries(ctx.state.db, orgOf(ctx.state), ctx.params.id);
      return list.map((d) => ({
        ...d,
        nextAttemptAt: d.status === "pending" ? iso(d.nextAttemptAt) : null,
        createdAt: iso(d.createdAt)!,
        deliveredAt: iso(d.deliveredAt),
        attemptLog: d.attemptLog.map((a) => ({ ...a, at: iso(a.at)! })),
      }));
    },
  }),
});
