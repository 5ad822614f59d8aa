import type { AppState } from "../../framework/types.ts";
import { HttpError } from "../../framework/http_error.ts";
import { findApiKey, isApiKey } from "./api_keys.ts";
import { ACCESS_COOKIE, readCookie } from "./cookies.ts";
import { isFamilyRevoked } from "./sessions.ts";
import { jwtKeys } from "./secrets.ts";
import { type AccessClaims, verifyAccessToken } from "./tokens.ts";

export type CredentialKind = "bearer" | "api_key" | "cookie" | "none";

const unauthorized = (message: string) => new HttpError(401, "unauthorized", message);

/** Verifies an access token and that its login has not been revoked since. */
export async function verifySessionToken(state: AppState, token: string): Promise<AccessClaims> {
  const claims = await verifyAccessToken(await jwtKeys(state.db, state.config), token);
  if (await isFamilyRevoked(state.cache, claims.sid)) throw unauthorized("session revoked");
  return claims;
}

/** Puts verified claims into the request state as the signed-in user. */
export function setUser(state: AppState, c: AccessClaims) {
  state.user = {
    id: c.sub,
    email: c.email,
    role: c.role,
    orgId: c.orgId,
    platformAdmin: c.platformAdmin,
  };
  state.sessionId = c.sid;
}

/**
 * Authenticates an API request from its Authorization header (JWT or API key) or, for the
 * browser, the session cookie. A credential that is present but bad is a 401; none at all
 * returns "none" and the caller decides.
 */
export async function authenticateApi(state: AppState, req: Request): Promise<CredentialKind> {
  const header = req.headers.get("authorization");
  if (header) {
    const m = header.match(/^Bearer\s+(\S+)$/i);
    if (!m) throw unauthorized("Authorization must be `Bearer <token>`");
    if (isApiKey(m[1])) {
      const key = await findApiKey(state.db, m[1]);
      if (!key) throw unauthorized("unknown or revoked API key");
      state.apiKey = { id: key.id, orgId: key.orgId, scopes: key.scopes, prefix: key.prefix };
      return "api_key";
    }
    setUser(state, await verifySessionToken(state, m[1]));
    return "bearer";
  }
  const cookie = readCookie(req, ACCESS_COOKIE);
  if (cookie) {
    setUser(state, await verifySessionToken(state, cookie));
    return "cookie";
  }
  return "none";
}

/** The organisation a request acts for: the user's, or the API key's. */
export function orgOf(state: AppState): string {
  const org = state.user?.orgId ?? state.apiKey?.orgId;
  if (!org) throw unauthorized("sign in first");
  return org;
}

/** Who acted, for the audit log. */
export function actorOf(state: AppState): { actorId: string | null; actor: string } {
  if (state.user) return { actorId: state.user.id, actor: state.user.email };
  if (state.apiKey) return { actorId: null, actor: `api-key:${state.apiKey.prefix}` };
  return { actorId: null, actor: "anonymous" };
}
