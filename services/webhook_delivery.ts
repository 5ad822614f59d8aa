/**
 * The webhook delivery engine (issue 21: one organisation's ten webhooks to a receiver that never
 * answered delayed every other organisation's deliveries by 34–84 s). Deliveries are sent
 * concurrently from a pool of WEBHOOK_CONCURRENCY per process; each organisation has at most
 * WEBHOOK_ORG_CONCURRENCY in flight across every instance (counted from the leases in the
 * database), and organisations take turns, so a slow receiver holds up only its own
 * organisation's queue. A claimed delivery is leased for longer than its longest attempt: the
 * attempt is cut at WEBHOOK_TIMEOUT_MS (lookup, connect, TLS and response headers together).
 *
 * The engine is format-agnostic: the webhook's format (services/webhook_formats.ts: festsafe, cap,
 * slack, teams) renders the stored delivery into the body and headers it sends.
 */
import type { Db, Queryable } from "../infra/db.ts";
import { log } from "../infra/log.ts";
import {
  claimDueDeliveries,
  type DueDelivery,
  nextDeliveryAt,
  recordAttempt,
} from "../models/webhooks.ts";
import type { WebhookDeps } from "./webhooks.ts";
import { resolveWebhookTarget } from "./webhook_target.ts";
import { type OutgoingRequest, sendPinned } from "./webhook_send.ts";
import { decryptSecret } from "./webhook_crypto.ts";
import { renderDelivery } from "./webhook_formats.ts";

/** Attempts per delivery before it is given up (≈ 2 h of retries with the default backoff). */
export const MAX_ATTEMPTS = 8;
/** First retry after 30 s, then doubling, at most an hour apart. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 3_600_000;

/** Delay before attempt n + 1 after n failed attempts. */
export function backoffMs(failedAttempts: number, base = BACKOFF_BASE_MS): number {
  return Math.min(BACKOFF_MAX_MS, base * 2 ** Math.max(0, failedAttempts - 1));
}

/** A lease outlives the longest attempt twice over, plus room for the secret and the writes. */
export const leaseMs = (timeoutMs: number) => 2 * timeoutMs + 30_000;

const origin = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return "(bad url)";
  }
};

/** The request of one delivery in its webhook's format, with the delivery's identifiers. */
export async function deliveryRequest(
  db: Queryable,
  d: DueDelivery,
  secret: string,
): Promise<OutgoingRequest> {
  // The webhook's format (festsafe, cap, slack, teams) writes the body and its signature.
  const out = await renderDelivery(db, d, secret);
  return {
    body: out.body,
    headers: {
      "user-agent": "FestSafe-Webhooks/1",
      "x-festsafe-event": `alert.${d.change}`,
      "x-festsafe-delivery": d.id,
      ...out.headers,
    },
  };
}

/** Sends one claimed delivery; returns how it went. */
async function attempt(deps: WebhookDeps, d: DueDelivery) {
  const started = performance.now();
  let statusCode: number | null = null, error: string | null = null;
  const signal = AbortSignal.timeout(deps.config.WEBHOOK_TIMEOUT_MS);
  try {
    const target = await resolveWebhookTarget(
      d.url,
      deps.config.WEBHOOK_ALLOW_PRIVATE === "on",
      signal,
    );
    const secret = await decryptSecret(deps.db, deps.config, d.secretEnc);
    statusCode = await sendPinned(target, await deliveryRequest(deps.db, d, secret), signal);
    if (statusCode < 200 || statusCode >= 300) error = `receiver answered ${statusCode}`;
  } catch (err) {
    error = signal.aborted
      ? `no answer within ${deps.config.WEBHOOK_TIMEOUT_MS} ms`
      : err instanceof Error
      ? err.message.slice(0, 500)
      : String(err);
  }
  return { statusCode, error, durationMs: Math.round(performance.now() - started) };
}

type Outcome = "delivered" | "retry" | "failed";

type Counts = { sent: number; delivered: number; retrying: number; failed: number };

/** The process's run per database (one at a time: the pool is the process's). */
const active = new WeakMap<Db, { run: Promise<Counts>; realTime: boolean; wake: () => void }>();

/**
 * Sends every due delivery once, concurrently within the pool and the per-organisation cap;
 * failures are scheduled again with backoff and given up after MAX_ATTEMPTS. `now` and
 * `backoffBaseMs` let tests walk through the retries (real time when `now` is not given). A call
 * while a real-time run is going wakes that run to claim what became due, and shares its result.
 */
export async function runDueDeliveries(
  deps: WebhookDeps,
  now?: Date,
  opts: { backoffBaseMs?: number } = {},
): Promise<Counts> {
  const current = active.get(deps.db);
  if (current?.realTime && !now) {
    current.wake();
    return await current.run;
  }
  await current?.run.catch(() => {});
  const waker = { wake: () => {} };
  const run = sendDue(deps, now, opts, waker);
  const entry = { run, realTime: !now, wake: () => waker.wake() };
  active.set(deps.db, entry);
  try {
    return await run;
  } finally {
    if (active.get(deps.db) === entry) active.delete(deps.db);
  }
}

async function sendDue(
  deps: WebhookDeps,
  fixedNow: Date | undefined,
  opts: { backoffBaseMs?: number },
  waker: { wake: () => void },
): Promise<Counts> {
  const { WEBHOOK_CONCURRENCY: pool, WEBHOOK_ORG_CONCURRENCY: perOrg } = deps.config;
  const lease = leaseMs(deps.config.WEBHOOK_TIMEOUT_MS);
  const out = { sent: 0, delivered: 0, retrying: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  const send = async (d: DueDelivery, now: Date) => {
    const n = d.attempts + 1;
    const r = await attempt(deps, d);
    const outcome: Outcome = !r.error ? "delivered" : n >= MAX_ATTEMPTS ? "failed" : "retry";
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
  };
  for (;;) {
    const free = pool - inFlight.size;
    const now = fixedNow ?? new Date();
    const claimed = free > 0
      ? await deps.db.transaction((tx) =>
        claimDueDeliveries(tx, now, { leaseMs: lease, perOrg, limit: free })
      )
      : [];
    for (const d of claimed) {
      const task: Promise<void> = send(d, now)
        .catch((err) => log.error("webhook delivery not recorded", { error: String(err) }))
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    if (!inFlight.size) return out;
    // A finished delivery frees a slot in the pool and, maybe, in its organisation's cap; a
    // delivery queued meanwhile wakes the loop too.
    const woken = new Promise<void>((resolve) => waker.wake = resolve);
    await Promise.race([...inFlight, woken]);
  }
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
