/** Refresh-token rows (hashed), one per token; a family is one login's chain of rotations. */
import type { Queryable } from "../infra/db.ts";

/** Stores a refresh token's hash, valid for ttlSeconds from now. */
export async function insertSession(
  db: Queryable,
  s: { userId: string; familyId: string; tokenHash: string; ttlSeconds: number },
): Promise<void> {
  await db.query(
    `INSERT INTO sessions (user_id, family_id, token_hash, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
    [s.userId, s.familyId, s.tokenHash, s.ttlSeconds],
  );
}

/** Revokes every token of a family that is not revoked yet. */
export async function revokeSessionFamily(db: Queryable, familyId: string): Promise<void> {
  await db.query(
    "UPDATE sessions SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL",
    [familyId],
  );
}

/** The families of a user that still have a token not revoked. */
export async function liveSessionFamilies(db: Queryable, userId: string): Promise<string[]> {
  const rows = await db.query<{ familyId: string }>(
    `SELECT DISTINCT family_id AS "familyId" FROM sessions
     WHERE user_id = $1 AND revoked_at IS NULL`,
    [userId],
  );
  return rows.map((r) => r.familyId);
}

export interface LockedSession {
  id: string;
  userId: string;
  familyId: string;
  /** Not expired yet. */
  live: boolean;
  /** Used or revoked already: presenting it again is a replay. */
  spent: boolean;
}

/** The token with this hash, locked (FOR UPDATE) until the transaction ends; null if unknown. */
export async function lockSessionByHash(
  tx: Queryable,
  tokenHash: string,
): Promise<LockedSession | null> {
  const [row] = await tx.query<LockedSession>(
    `SELECT id, user_id AS "userId", family_id AS "familyId", expires_at > now() AS live,
       (used_at IS NOT NULL OR revoked_at IS NOT NULL) AS spent
     FROM sessions WHERE token_hash = $1 FOR UPDATE`,
    [tokenHash],
  );
  return row ?? null;
}

/** Marks a token used (it has been exchanged for the next one). */
export async function markSessionUsed(tx: Queryable, id: string): Promise<void> {
  await tx.query("UPDATE sessions SET used_at = now() WHERE id = $1", [id]);
}
