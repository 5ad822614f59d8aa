import { define } from "../../../lib/define.ts";
import { admins } from "../../../lib/access.ts";
import { orgActor } from "../../../lib/caller.ts";
import { idParams } from "../../../lib/schemas/common.ts";
import { removeWebhook } from "../../../services/webhooks.ts";

export const handler = define.api({
  DELETE: define.operation({
    summary: "Delete a webhook",
    description: "Pending deliveries are cancelled; the delivery log is kept.",
    tags: ["webhooks"],
    params: idParams,
    responses: { 204: { description: "deleted" } },
    errors: [404],
    meta: { access: admins, audit: { resource: "webhooks" } },
    async handler(ctx) {
      await removeWebhook(ctx.state, orgActor(ctx.state), ctx.params.id);
    },
  }),
});
