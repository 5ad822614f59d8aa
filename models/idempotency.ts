/**
 * Stored answers under an Idempotency-Key, per organisation (services/ingest/idempotency.ts has
 * the protocol). Saved in the same transaction as the rows they guard.
 */
import type { Queryable } from "../infra/db.ts";
import { lockForTransaction } from "./locks.ts";

export interface Stored {
  requestSha256: string;
  status: number;
  response: unknown;
}

/** Arbitrary constant: the advisory-lock namespace of idempotency keys. */
const IDEMPOTENCY_LOCK = 7_242_005;

/** A previous answer under this key, or null. */
export async function findIdempotent(
  db: Queryable,
  orgId: string,
  key: string,
): Promise<Stored | null> {
  const rows = await db.query<Stored>(
    `SELECT request_sha256 AS "requestSha256", status, response FROM idempotency_keys
     WHERE org_id = $1 AND key = $2`,
    [orgId, key],
  );
  return rows[0] ?? null;
}

/**
 * Makes a second request with the same key wait until the first one's transaction ends, so it
 * then finds the first answer instead of racing it (one organisation's key; others never wait).
 */
export function lockIdempotencyKey(tx: Queryable, orgId: string, key: string): Promise<void> {
  return lockForTransaction(tx, IDEMPOTENCY_LOCK, orgId + key);
}

/** Saves an answer under a key inside the caller's transaction; false when a racer won. */
export async function saveIdempotent(
  tx: Queryable,
  orgId: string,
  key: string,
  s: Stored,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO idempotency_keys (org_id, key, request_sha256, status, response)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, key) DO NOTHING RETURNING key`,
    [orgId, key, s.requestSha256, s.status, JSON.stringify(s.response)],
  );
  return rows.length > 0;
}
