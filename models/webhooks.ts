/** Webhooks, their delivery queue and its attempt log. */
import type { Queryable } from "../infra/db.ts";
import { lockForTransaction } from "./locks.ts";

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  secretHint: string;
  createdAt: Date;
  /** How deliveries are written: festsafe, cap, slack or teams (services/webhook_formats.ts). */
  format: string;
}

const hookColumns =
  `id, url, events, secret_hint AS "secretHint", created_at AS "createdAt", format`;

export async function insertWebhook(
  db: Queryable,
  orgId: string,
  w: {
    url: string;
    secretEnc: string;
    secretHint: string;
    events: string[];
    createdBy: string | null;
    format?: string;
  },
): Promise<Webhook> {
  const [row] = await db.query<Webhook>(
    `INSERT INTO webhooks (org_id, url, secret_enc, secret_hint, events, created_by, format)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${hookColumns}`,
    [orgId, w.url, w.secretEnc, w.secretHint, w.events, w.createdBy, w.format ?? "festsafe"],
  );
  return row;
}

/** Arbitrary constant: the advisory-lock namespace of webhook registration per organisation. */
const REGISTER_LOCK = 7_242_018;

/** How many webhooks the organisation has, counted under its registration lock. */
export async function countWebhooksLocked(tx: Queryable, orgId: string): Promise<number> {
  await lockForTransaction(tx, REGISTER_LOCK, orgId);
  const [row] = await tx.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM webhooks WHERE org_id = $1 AND deleted_at IS NULL",
    [orgId],
  );
  return Number(row.n);
}

/** The organisation's webhooks (not deleted), oldest first. */
export function listWebhooks(db: Queryable, orgId: string): Promise<Webhook[]> {
  return db.query<Webhook>(
    `SELECT ${hookColumns} FROM webhooks WHERE org_id = $1 AND deleted_at IS NULL
     ORDER BY created_at`,
    [orgId],
  );
}

/** One webhook of the organisation by id, or null (never another organisation's). */
export async function getWebhook(db: Queryable, orgId: string, id: string) {
  const [row] = await db.query<Webhook>(
    `SELECT ${hookColumns} FROM webhooks
     WHERE org_id = $1 AND id = $2::uuid AND deleted_at IS NULL`,
    [orgId, id],
  );
  return row ?? null;
}

/** Deletes a webhook (kept for its delivery log); its pending deliveries are cancelled. */
export async function deleteWebhook(db: Queryable, orgId: string, id: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE webhooks SET deleted_at = now()
     WHERE org_id = $1 AND id = $2::uuid AND deleted_at IS NULL RETURNING id`,
    [orgId, id],
  );
  if (!rows.length) return false;
  await db.query(
    `UPDATE webhook_deliveries SET status = 'failed', last_error = 'webhook deleted'
     WHERE webhook_id = $1::uuid AND status = 'pending'`,
    [id],
  );
  return true;
}

/** Queues one body for every webhook of the organisation that wants this kind of alert. */
export async function enqueueDeliveries(
  db: Queryable,
  orgId: string,
  d: { kind: string; alertId: string | null; change: string; idempotencyKey: string; body: string },
): Promise<number> {
  const rows = await db.query(
    `INSERT INTO webhook_deliveries (webhook_id, org_id, alert_id, change, idempotency_key, body,
       format)
     SELECT id, org_id, $2, $3, $4, $5, format FROM webhooks
     WHERE org_id = $1 AND deleted_at IS NULL
       AND (cardinality(events) = 0 OR $6 = ANY (events))
     ON CONFLICT (webhook_id, idempotency_key) DO NOTHING
     RETURNING id`,
    [orgId, d.alertId, d.change, d.idempotencyKey, d.body, d.kind],
  );
  return rows.length;
}

export interface DueDelivery {
  id: string;
  webhookId: string;
  orgId: string;
  url: string;
  secretEnc: string;
  change: string;
  idempotencyKey: string;
  body: string;
  attempts: number;
  format: string;
}

/** Arbitrary constant: the advisory lock that serialises claims (the per-org count is exact). */
const CLAIM_LOCK = 7_242_017;

/**
 * Claims up to `limit` due deliveries (call inside a transaction): each organisation gets at
 * most `perOrg` leases in force at once, counting those other instances hold, and organisations
 * take turns (every organisation's oldest before anyone's second). A claimed delivery stays
 * pending, leased for `leaseMs` of real time so that no other instance sends it meanwhile.
 */
export async function claimDueDeliveries(
  tx: Queryable,
  now: Date,
  opts: { leaseMs: number; perOrg: number; limit: number },
): Promise<DueDelivery[]> {
  await lockForTransaction(tx, CLAIM_LOCK);
  return await tx.query<DueDelivery>(
    `WITH busy AS (
       SELECT org_id, count(*)::int AS n FROM webhook_deliveries
       WHERE status = 'pending' AND leased_until > clock_timestamp() GROUP BY org_id
     ), ranked AS (
       SELECT id, org_id, next_attempt_at,
         row_number() OVER (PARTITION BY org_id ORDER BY next_attempt_at, id) AS rn
       FROM webhook_deliveries
       WHERE status = 'pending' AND next_attempt_at <= $1
         AND (leased_until IS NULL OR leased_until <= clock_timestamp())
     ), picked AS (
       SELECT r.id FROM ranked r LEFT JOIN busy b ON b.org_id = r.org_id
       WHERE r.rn <= $3 - coalesce(b.n, 0)
       ORDER BY r.rn, r.next_attempt_at LIMIT $4
     )
     UPDATE webhook_deliveries d
     SET leased_until = clock_timestamp() + make_interval(secs => $2::float8 / 1000)
     FROM webhooks w
     WHERE d.id IN (SELECT id FROM picked) AND w.id = d.webhook_id
     RETURNING d.id, d.webhook_id AS "webhookId", d.org_id AS "orgId", w.url,
       w.secret_enc AS "secretEnc", d.change, d.idempotency_key AS "idempotencyKey", d.body,
       d.attempts, d.format`,
    [now, opts.leaseMs, opts.perOrg, opts.limit],
  );
}

/** Records one attempt and the delivery's new state. */
export async function recordAttempt(
  db: Queryable,
  id: string,
  a: {
    attempt: number;
    at: Date;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    outcome: "delivered" | "retry" | "failed";
    nextAttemptAt: Date | null;
  },
) {
  await db.query(
    `INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, a.attempt, a.at, a.statusCode, a.error, a.durationMs],
  );
  await db.query(
    `UPDATE webhook_deliveries SET attempts = $2, last_status = $3, last_error = $4,
       leased_until = NULL,
       status = CASE $5 WHEN 'delivered' THEN 'delivered' WHEN 'failed' THEN 'failed'
                ELSE 'pending' END,
       delivered_at = CASE WHEN $5 = 'delivered' THEN $6::timestamptz ELSE NULL END,
       next_attempt_at = coalesce($7, next_attempt_at)
     WHERE id = $1`,
    [id, a.attempt, a.statusCode, a.error, a.outcome, a.at, a.nextAttemptAt],
  );
}

export interface DeliveryLog {
  id: string;
  alertId: string | null;
  change: string;
  idempotencyKey: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  /** The format it was written in (the webhook's when it was queued). */
  format: string;
  attemptLog: {
    attempt: number;
    at: Date;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  }[];
}

/** A webhook's deliveries, newest first, each with its attempts. */
export async function listDeliveries(
  db: Queryable,
  orgId: string,
  webhookId: string,
  limit = 100,
): Promise<DeliveryLog[]> {
  const rows = await db.query<Omit<DeliveryLog, "attemptLog"> & { attemptLog: unknown }>(
    `SELECT d.id, d.alert_id AS "alertId", d.change, d.idempotency_key AS "idempotencyKey",
       d.status, d.attempts, d.next_attempt_at AS "nextAttemptAt", d.last_status AS "lastStatus",
       d.last_error AS "lastError", d.created_at AS "createdAt", d.delivered_at AS "deliveredAt",
       d.format, coalesce((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.at,
           'statusCode', a.status_code, 'error', a.error, 'durationMs', a.duration_ms)
         ORDER BY a.attempt) FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]'::json)
         AS "attemptLog"
     FROM webhook_deliveries d
     WHERE d.org_id = $1 AND d.webhook_id = $2::uuid
     ORDER BY d.created_at DESC LIMIT $3`,
    [orgId, webhookId, limit],
  );
  return rows.map((r) => ({
    ...r,
    attemptLog:
      (typeof r.attemptLog === "string" ? JSON.parse(r.attemptLog) : r.attemptLog) as DeliveryLog[
        "attemptLog"
      ],
  }));
}

/** The earliest pending attempt (to schedule the next in-process run), or null. */
export async function nextDeliveryAt(db: Queryable): Promise<Date | null> {
  const [row] = await db.query<{ at: Date | null }>(
    `SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE status = 'pending'`,
  );
  return row?.at ? new Date(row.at) : null;
}

/** Organisations with at least one webhook (region-wide alerts go to each of them). */
export async function orgsWithWebhooks(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ orgId: string }>(
    `SELECT DISTINCT org_id AS "orgId" FROM webhooks WHERE deleted_at IS NULL`,
  );
  return rows.map((r) => r.orgId);
}
