/**
 * API keys for hospital systems: `fsk_<prefix>_<secret>`, shown once at creation. Only the
 * SHA-256 of the whole key is stored (keys carry 256 random bits, so a slow hash adds nothing);
 * the prefix lets admins recognise a key without it.
 */
import type { Queryable } from "../../infra/db.ts";
import { type ApiKeyInfo, insertApiKey, useApiKey } from "../../models/api_keys.ts";
import { randomToken, sha256Hex } from "./constant_time.ts";

export { type ApiKeyInfo, listApiKeys, revokeApiKey } from "../../models/api_keys.ts";

/**
 * `ingest`: upload observations and encounters. `read_status`: poll the organisation's hospital
 * status (EDXL-HAVE) and alerts (CAP feed), e.g. a regional status board (issue 18).
 */
export const API_KEY_SCOPES = ["ingest", "read_status"] as const;
export type ApiKeyScope = typeof API_KEY_SCOPES[number];

/** True when a bearer credential looks like an API key rather than a JWT. */
export const isApiKey = (credential: string) => credential.startsWith("fsk_");

/** Creates a key for an organisation; the returned `key` is never retrievable again. */
export async function createApiKey(
  db: Queryable,
  k: { orgId: string; name: string; scopes: string[]; createdBy: string | null },
): Promise<ApiKeyInfo & { key: string }> {
  const prefix = randomToken(6).replace(/[-_]/g, "x").slice(0, 8);
  const key = `fsk_${prefix}_${randomToken(32)}`;
  const row = await insertApiKey(db, { ...k, prefix, keyHash: await sha256Hex(key) });
  return { ...row, key };
}

/** The live key matching a presented credential, or null. */
export async function findApiKey(db: Queryable, key: string) {
  return await useApiKey(db, await sha256Hex(key));
}
