/**
 * Webhooks: an organisation's admins register URLs (checked against private addresses) with a
 * secret; every alert change is queued for each of them inside the change's transaction
 * (webhook_deliveries is the queue), and a delivery run sends due ones with a signature and an
 * Idempotency-Key, retrying with exponential backoff. The `webhooks` job runs every minute;
 * a process with workers also runs it right after queuing. Secrets and full URLs are never
 * logged (a URL may carry a token).
 */
import { HttpError, notFound } from "../framework/http_error.ts";
import type { Config } from "../infra/config.ts";
import type { Queryable } from "../infra/db.ts";
import { log } from "../infra/log.ts";
import { parseUuid } from "../lib/schemas/common.ts";
import {
  claimDueDeliveries,
  deleteWebhook,
  enqueueDeliveries,
  getWebhook,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  nextDeliveryAt,
  recordAttempt,
} from "../models/webhooks.ts";
import { auditChange } from "./audit.ts";
import type { Actor, Deps } from "./actor.ts";
import { changed } from "./changes.ts";
import { checkWebhookUrl } from "./webhook_target.ts";
import { decryptSecret, encryptSecret } from "./webhook_crypto.ts";
import { renderDelivery, urlAuthenticated } from "./webhook_formats.ts";

export interface WebhookDeps extends Deps {
  config: Config;
}

/** Attempts per delivery before it is given up (≈ 2 h of retries with the default backoff). */
export const MAX_ATTEMPTS = 8;
/** First retry after 30 s, then doubling, at most an hour apart. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 3_600_000;
/** A receiver gets this long to answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** A claimed delivery is leased this long (another instance leaves it alone). */
const LEASE_MS = 5 * 60_000;

/** Delay before attempt n + 1 after n failed attempts. */
export function backoffMs(failedAttempts: number, base = BACKOFF_BASE_MS): number {
  return Math.min(BACKOFF_MAX_MS, base * 2 ** Math.max(0, failedAttempts - 1));
}

const hint = (secret: string) => `…${secret.slice(-4)}`;
const origin = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return "(bad url)";
  }
};

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

/** Sends one claimed delivery; returns how it went. */
async function attempt(deps: WebhookDeps, d: Awaited<ReturnType<typeof claimDueDeliveries>>[0]) {
  const started = performance.now();
  let statusCode: number | null = null, error: string | null = null;
  try {
    await checkWebhookUrl(d.url, deps.config.WEBHOOK_ALLOW_PRIVATE === "on");
    const secret = await decryptSecret(deps.db, deps.config, d.secretEnc);
    // The webhook's format (festsafe, cap, slack, teams) writes the body and its signature.
    const out = await renderDelivery(deps.db, d, secret);
    const res = await fetch(d.url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      headers: {
        "user-agent": "FestSafe-Webhooks/1",
        "x-festsafe-event": `alert.${d.change}`,
        "x-festsafe-delivery": d.id,
        ...out.headers,
      },
      body: out.body,
    });
    statusCode = res.status;
    await res.body?.cancel();
    if (res.status < 200 || res.status >= 300) error = `receiver answered ${res.status}`;
  } catch (err) {
    error = err instanceof Error ? err.message.slice(0, 500) : String(err);
  }
  return { statusCode, error, durationMs: Math.round(performance.now() - started) };
}

/**
 * Sends every due delivery once; failures are scheduled again with backoff, and given up after
 * MAX_ATTEMPTS. `now` and `backoffBaseMs` let tests walk through the retries.
 */
export async function runDueDeliveries(
  deps: WebhookDeps,
  now = new Date(),
  opts: { backoffBaseMs?: number } = {},
): Promise<{ sent: number; delivered: number; retrying: number; failed: number }> {
  const due = await claimDueDeliveries(deps.db, now, LEASE_MS);
  const out = { sent: 0, delivered: 0, retrying: 0, failed: 0 };
  for (const d of due) {
    const n = d.attempts + 1;
    const r = await attempt(deps, d);
    const outcome = !r.error ? "delivered" : n >= MAX_ATTEMPTS ? "failed" : "retry";
    await recordAttempt(deps.db, d.id, {
      attempt: n,
      at: now,
      ...r,
      outcome,
      nextAttemptAt: outcome === "retry"
        ? new Date(now.getTime() + backoffMs(n, opts.backoffBaseMs))
        : null,
    });
    out.sent++;
    out[outcome === "retry" ? "retrying" : outcome]++;
    (r.error ? log.warn : log.info)("webhook delivery", {
      delivery: d.id,
      target: origin(d.url),
      attempt: n,
      status: r.statusCode,
      outcome,
      ...(r.error ? { error: r.error } : {}),
    });
  }
  return out;
}

let local: { deps: WebhookDeps; timer?: ReturnType<typeof setTimeout> } | null = null;

/** Lets this process send deliveries right after queuing them and at their retry times. */
export function startLocalDeliveries(deps: WebhookDeps): () => void {
  local = { deps };
  kickDeliveries(0);
  return () => {
    if (local?.timer) clearTimeout(local.timer);
    local = null;
  };
}

/** Schedules an in-process delivery run (no-op without startLocalDeliveries). */
export function kickDeliveries(delayMs = 100) {
  if (!local) return;
  if (local.timer) clearTimeout(local.timer);
  const deps = local.deps;
  local.timer = setTimeout(async () => {
    if (local) local.timer = undefined;
    try {
      await runDueDeliveries(deps);
      const next = await nextDeliveryAt(deps.db);
      // The minute job covers anything later; this only makes retries punctual.
      if (next) kickDeliveries(Math.min(60_000, Math.max(1_000, next.getTime() - Date.now())));
    } catch (err) {
      log.error("webhook deliveries failed", { error: (err as Error).message });
    }
  }, delayMs);
}
