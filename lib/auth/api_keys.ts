/**
 * API keys for hospital systems: `fsk_<prefix>_<secret>`, shown once at creation. Only the
 * SHA-256 of the whole key is stored (keys carry 256 random bits, so a slow hash adds nothing);
 * the prefix lets admins recognise a key without it.
 */
import { parseUuid } from "../../framework/validation.ts";
import type { Queryable } from "../../infra/db.ts";
import { randomToken, sha256Hex } from "./constant_time.ts";

export const API_KEY_SCOPES = ["ingest"] as const;
export type ApiKeyScope = typeof API_KEY_SCOPES[number];

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

/** True when a bearer credential looks like an API key rather than a JWT. */
export const isApiKey = (credential: string) => credential.startsWith("fsk_");

/** Creates a key for an organisation; the returned `key` is never retrievable again. */
export async function createApiKey(
  db: Queryable,
  k: { orgId: string; name: string; scopes: string[]; createdBy: string | null },
): Promise<ApiKeyInfo & { key: string }> {
  const prefix = randomToken(6).replace(/[-_]/g, "x").slice(0, 8);
  const key = `fsk_${prefix}_${randomToken(32)}`;
  const [row] = await db.query<ApiKeyInfo>(
    `INSERT INTO api_keys (org_id, name, prefix, key_hash, scopes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${columns}`,
    [k.orgId, k.name, prefix, await sha256Hex(key), k.scopes, k.createdBy],
  );
  return { ...row, key };
}

/** The live key matching a presented credential, or null. */
export async function findApiKey(db: Queryable, key: string) {
  const rows = await db.query<{ id: string; orgId: string; scopes: string[]; prefix: string }>(
    `UPDATE api_keys SET last_used_at = now()
     WHERE key_hash = $1 AND revoked_at IS NULL
     RETURNING id, org_id AS "orgId", scopes, prefix`,
    [await sha256Hex(key)],
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
  if (!parseUuid(id)) return null;
  const rows = await db.query<ApiKeyInfo>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
     WHERE org_id = $1 AND id = $2 RETURNING ${columns}`,
    [orgId, id],
  );
  return rows[0] ?? null;
}
