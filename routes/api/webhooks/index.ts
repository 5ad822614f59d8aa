import { z } from "zod";
import { define } from "../../../lib/define.ts";
import { admins } from "../../../lib/access.ts";
import { orgActor, orgOf } from "../../../lib/caller.ts";
import { webhookCreate, webhookOut } from "../../../lib/schemas/alerts.ts";
import { createWebhook, listWebhooks } from "../../../services/webhooks.ts";
import { shownWebhookUrl } from "../../../services/webhook_formats.ts";
import type { Webhook } from "../../../models/webhooks.ts";

export const webhookJson = (w: Webhook) => ({
  id: w.id,
  url: shownWebhookUrl(w.url, w.format),
  events: w.events,
  secretHint: w.secretHint,
  createdAt: new Date(w.createdAt).toISOString(),
  format: w.format as "festsafe" | "cap" | "slack" | "teams",
});

export const handler = define.api({
  GET: define.operation({
    summary: "Webhooks",
    tags: ["webhooks"],
    responses: { 200: { schema: z.array(webhookOut) } },
    meta: { access: admins, audit: { resource: "webhooks" } },
    async handler(ctx) {
      return (await listWebhooks(ctx.state.db, orgOf(ctx.state))).map(webhookJson);
    },
  }),
  POST: define.operation({
    summary: "Register a webhook",
    description: "Every alert change is POSTed as JSON with `X-FestSafe-Signature: " +
      "sha256=<hex HMAC-SHA256 of the raw body with the secret>` and `Idempotency-Key` (one " +
      "per alert change), retried with exponential backoff. `format` cap sends the CAP 1.2 " +
      "message instead (signed the same way); slack and teams send those services' incoming-" +
      "webhook messages (their URL is the secret). URLs resolving to loopback or private " +
      "addresses (the IANA special-purpose registries) are refused unless " +
      "WEBHOOK_ALLOW_PRIVATE=on. An organisation has at most WEBHOOKS_PER_ORG webhooks (20 by " +
      "default): `409 webhook_limit` beyond.",
    tags: ["webhooks"],
    body: { json: webhookCreate },
    responses: { 201: { schema: webhookOut } },
    errors: [409, 422],
    meta: { access: admins, audit: { resource: "webhooks" } },
    async handler(ctx) {
      return webhookJson(await createWebhook(ctx.state, orgActor(ctx.state), ctx.body));
    },
  }),
});
