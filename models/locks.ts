/**
 * Transaction-scoped advisory locks: released at commit or rollback, so a crashed holder never
 * keeps one. Each caller owns a constant namespace (documented where it is defined).
 */
import type { Queryable } from "../infra/db.ts";

/** Waits for the lock `key` (or `key` + hash of `name`) until the transaction ends. */
export async function lockForTransaction(
  tx: Queryable,
  key: number,
  name?: string,
): Promise<void> {
  if (name === undefined) await tx.query("SELECT pg_advisory_xact_lock($1)", [key]);
  else await tx.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [key, name]);
}
