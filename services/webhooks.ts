/**
 * Webhooks: an organisation's admins register URLs (checked against private addresses) with a
 * secret; every alert change is queued for each of them inside the change's transaction
 * (webhook_deliveries is the queue), and a delivery run sends due ones with a signature and an
 * Idempotency-Key, retrying with exponential backoff (the engine: services/webhook_delivery.ts).
 * The `webhooks` job runs every minute; a process with workers also runs it right after queuing.
 * An organisation has at most WEBHOOKS_PER_ORG webhooks. Secrets and full URLs are never logged
 * (a URL may carry a token).
 */
import { HttpError, notFound } from "../framework/http_error.ts";
import type { Config } from "../infra/config.ts";
import type { Queryable } from "../infra/db.ts";
import { parseUuid } from "../lib/schemas/common.ts";
import {
  countWebhooksLocked,
  deleteWebhook,
  enqueueDeliveries,
  getWebhook,
  insertWebhook,
  listDeliveries,
  listWebhooks,
} from "../models/webhooks.ts";
import { auditChange } from "./audit.ts";
import type { Actor, Deps } from "./actor.ts";
import { changed } from "./changes.ts";
import { checkWebhookUrl } from "./webhook_target.ts";
import { encryptSecret } from "./webhook_crypto.ts";
import { urlAuthenticated } from "./webhook_formats.ts";

export interface WebhookDeps extends Deps {
  config: Config;
}

const hint = (secret: string) => `…${secret.slice(-4)}`;

const tooMany = (limit: number) =>
  new HttpError(
    409,
    "webhook_limit",
    `the organisation already has ${limit} webhooks (WEBHOOKS_PER_ORG); delete one first`,
    [{ path: "url", message: `at most ${limit} webhooks per organisation` }],
  );

export async function createWebhook(
  deps: WebhookDeps,
  who: Actor & { orgId: string },
  body: { url: string; secret?: string; events?: string[]; format?: string },
) {
  const url = await checkWebhookUrl(body.url, deps.config.WEBHOOK_ALLOW_PRIVATE === "on");
  // Slack and Teams authenticate by the URL; a random secret keeps the column's meaning.
  const secret = body.secret ??
    (urlAuthenticated.has(body.format ?? "") ? crypto.randomUUID() + crypto.randomUUID() : null);
  if (!secret) {
    throw new HttpError(422, "validation_failed", "secret is required", [
      { path: "secret", message: "required for the festsafe and cap formats" },
    ]);
  }
  const secretEnc = await encryptSecret(deps.db, deps.config, secret);
  const hook = await deps.db.transaction(async (tx) => {
    const limit = deps.config.WEBHOOKS_PER_ORG;
    if (await countWebhooksLocked(tx, who.orgId) >= limit) throw tooMany(limit);
    const w = await insertWebhook(tx, who.orgId, {
      url: url.toString(),
      secretEnc,
      secretHint: hint(secret),
      events: body.events ?? [],
      createdBy: who.actorId,
      format: body.format,
    });
    await auditChange(tx, who, "create", "webhooks", w.id);
    return w;
  });
  await changed(deps.cache, who.orgId);
  return hook;
}

export async function removeWebhook(deps: Deps, who: Actor & { orgId: string }, id: string) {
  const uuid = parseUuid(id);
  if (!uuid) throw notFound("webhook");
  await deps.db.transaction(async (tx) => {
    if (!await deleteWebhook(tx, who.orgId, uuid)) throw notFound("webhook");
    await auditChange(tx, who, "delete", "webhooks", uuid);
  });
  await changed(deps.cache, who.orgId);
}

export { listWebhooks };

/** A webhook's delivery log; 404 for another organisation's. */
export async function webhookDeliveries(db: Queryable, orgId: string, id: string) {
  const uuid = parseUuid(id);
  if (!uuid || !await getWebhook(db, orgId, uuid)) throw notFound("webhook");
  return await listDeliveries(db, orgId, uuid);
}

/** Queues an alert change for the organisation's webhooks (inside the change's transaction). */
export async function queueAlertChange(
  tx: Queryable,
  orgId: string,
  change: { kind: string; alertId: string; change: string; alert: unknown; at: Date },
): Promise<number> {
  const idempotencyKey = crypto.randomUUID();
  const body = JSON.stringify({
    type: `alert.${change.change}`,
    id: idempotencyKey,
    organisation: orgId,
    occurredAt: change.at.toISOString(),
    alert: change.alert,
  });
  return await enqueueDeliveries(tx, orgId, {
    kind: change.kind,
    alertId: change.alertId,
    change: change.change,
    idempotencyKey,
    body,
  });
}

export {
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  backoffMs,
  kickDeliveries,
  MAX_ATTEMPTS,
  runDueDeliveries,
  startLocalDeliveries,
} from "./webhook_delivery.ts";
