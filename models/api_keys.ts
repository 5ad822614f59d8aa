/** API key rows: only the SHA-256 of a key is stored, with its prefix to recognise it by. */
import type { Queryable } from "../infra/db.ts";
import { isUuid } from "./ids.ts";

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const columns = `id, name, prefix, scopes, created_at AS "createdAt",
  last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

/** Stores a new key by its hash. */
export async function insertApiKey(
  db: Queryable,
  k: {
    orgId: string;
    name: string;
    prefix: string;
    keyHash: string;
    scopes: string[];
    createdBy: string | null;
  },
): Promise<ApiKeyInfo> {
  const [row] = await db.query<ApiKeyInfo>(
    `INSERT INTO api_keys (org_id, name, prefix, key_hash, scopes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${columns}`,
    [k.orgId, k.name, k.prefix, k.keyHash, k.scopes, k.createdBy],
  );
  return row;
}

/** The live (not revoked) key with this hash, stamped as used now; null when there is none. */
export async function useApiKey(db: Queryable, keyHash: string) {
  const rows = await db.query<{ id: string; orgId: string; scopes: string[]; prefix: string }>(
    `UPDATE api_keys SET last_used_at = now()
     WHERE key_hash = $1 AND revoked_at IS NULL
     RETURNING id, org_id AS "orgId", scopes, prefix`,
    [keyHash],
  );
  return rows[0] ?? null;
}

/** An organisation's keys, newest first (without secrets). */
export function listApiKeys(db: Queryable, orgId: string): Promise<ApiKeyInfo[]> {
  return db.query<ApiKeyInfo>(
    `SELECT ${columns} FROM api_keys WHERE org_id = $1 ORDER BY created_at DESC`,
    [orgId],
  );
}

/** Revokes a key of an organisation; null when it is not theirs. */
export async function revokeApiKey(db: Queryable, orgId: string, id: string) {
  if (!isUuid(id)) return null;
  const rows = await db.query<ApiKeyInfo>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
     WHERE org_id = $1 AND id = $2 RETURNING ${columns}`,
    [orgId, id],
  );
  return rows[0] ?? null;
}
