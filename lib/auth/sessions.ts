/**
 * Refresh-token sessions. Each login starts a family; every refresh marks the presented token
 * used and issues the next one in the family. Presenting a used (or revoked) token means it was
 * stolen or replayed, so the whole family is revoked, including access tokens already issued
 * from it (through a revocation marker in the cache that outlives them).
 */
import type { Cache } from "../../infra/cache.ts";
import type { Db, Queryable } from "../../infra/db.ts";
import type { AppState } from "../define.ts";
import { HttpError } from "../../framework/http_error.ts";
import { getUserById, type User } from "../../models/users.ts";
import {
  insertSession,
  liveSessionFamilies,
  lockSessionByHash,
  markSessionUsed,
  revokeSessionFamily,
} from "../../models/sessions.ts";
import { randomToken, sha256Hex } from "./constant_time.ts";
import { jwtKeys } from "./secrets.ts";
import { ACCESS_TTL_SECONDS, signAccessToken } from "./tokens.ts";

/** Refresh tokens live 14 days. */
export const REFRESH_TTL_SECONDS = 14 * 86_400;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: "Bearer";
  expiresIn: number;
  familyId: string;
}

const revokedKey = (familyId: string) => `auth:revoked:${familyId}`;

async function insertRefresh(db: Queryable, userId: string, familyId: string): Promise<string> {
  const token = randomToken(32);
  await insertSession(db, {
    userId,
    familyId,
    tokenHash: await sha256Hex(token),
    ttlSeconds: REFRESH_TTL_SECONDS,
  });
  return token;
}

async function pairFor(
  state: Pick<AppState, "db" | "config">,
  user: User,
  familyId: string,
  refreshToken: string,
): Promise<TokenPair> {
  const keys = await jwtKeys(state.db, state.config);
  const accessToken = await signAccessToken(keys, {
    sub: user.id,
    email: user.email,
    role: user.role,
    orgId: user.orgId,
    platformAdmin: user.platformAdmin,
    sid: familyId,
  });
  return {
    accessToken,
    refreshToken,
    tokenType: "Bearer",
    expiresIn: ACCESS_TTL_SECONDS,
    familyId,
  };
}

/** Starts a new session family for a user who just proved who they are. */
export async function startSession(
  state: Pick<AppState, "db" | "config">,
  user: User,
): Promise<TokenPair> {
  const familyId = crypto.randomUUID();
  const refresh = await insertRefresh(state.db, user.id, familyId);
  return await pairFor(state, user, familyId, refresh);
}

/** Revokes every token of a family and marks its access tokens revoked until they expire. */
export async function revokeFamily(db: Queryable, cache: Cache, familyId: string) {
  await revokeSessionFamily(db, familyId);
  await cache.set(revokedKey(familyId), "1", ACCESS_TTL_SECONDS + 60);
  revokedMemo.set(familyId, {
    revoked: true,
    until: Date.now() + (ACCESS_TTL_SECONDS + 60) * 1000,
  });
}

/** Revokes all sessions of a user (disabled, role changed, password changed). */
export async function revokeUserSessions(db: Queryable, cache: Cache, userId: string) {
  for (const f of await liveSessionFamilies(db, userId)) await revokeFamily(db, cache, f);
}

/**
 * Revocation answers remembered for a second per process: every API request checks its token's
 * family, and a shared-cache round trip each time halved the throughput of authenticated routes.
 * A revocation made on this instance is seen at once (revokeFamily writes the memo too); one made
 * on another instance within at most REVOKED_MEMO_MS.
 */
export const REVOKED_MEMO_MS = 1000;
const revokedMemo = new Map<string, { revoked: boolean; until: number }>();

/** True when a family was revoked (checked for every access token). */
export async function isFamilyRevoked(cache: Cache, familyId: string): Promise<boolean> {
  const now = Date.now();
  const hit = revokedMemo.get(familyId);
  if (hit && hit.until > now) return hit.revoked;
  const revoked = (await cache.get(revokedKey(familyId))) !== null;
  if (revokedMemo.size > 50_000) revokedMemo.clear();
  revokedMemo.set(familyId, { revoked, until: now + REVOKED_MEMO_MS });
  return revoked;
}

const refused = (message: string) => new HttpError(401, "invalid_refresh_token", message);

/** Exchanges a refresh token for a new pair; a reused token revokes its family. */
export async function rotateRefresh(
  state: Pick<AppState, "db" | "config" | "cache">,
  refreshToken: string,
): Promise<TokenPair> {
  const hash = await sha256Hex(refreshToken);
  type Outcome =
    | { kind: "reused"; familyId: string }
    | { kind: "error"; message: string }
    | { kind: "ok"; user: User; familyId: string; next: string };
  const outcome = await state.db.transaction(async (tx): Promise<Outcome> => {
    const row = await lockSessionByHash(tx, hash);
    if (!row) return { kind: "error", message: "unknown refresh token" };
    if (row.spent) return { kind: "reused", familyId: row.familyId };
    if (!row.live) return { kind: "error", message: "refresh token expired" };
    const user = await getUserById(tx, row.userId);
    if (!user || user.disabled) return { kind: "error", message: "account disabled" };
    await markSessionUsed(tx, row.id);
    const next = await insertRefresh(tx, user.id, row.familyId);
    return { kind: "ok", user, familyId: row.familyId, next };
  });
  if (outcome.kind === "reused") {
    await revokeFamily(state.db, state.cache, outcome.familyId);
    throw refused("refresh token already used: every session of this login is now revoked");
  }
  if (outcome.kind === "error") throw refused(outcome.message);
  return await pairFor(state, outcome.user, outcome.familyId, outcome.next);
}

/** Ends the family a refresh token or an access token belongs to. */
export async function endSession(db: Db, cache: Cache, familyId: string) {
  await revokeFamily(db, cache, familyId);
}
