import type { AppState } from "../define.ts";
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
