/**
 * Short-lived JWT access tokens (HS256 through jose). The `kid` header names the key, so a new
 * secret can be introduced while tokens signed with the previous one are still accepted.
 */
import { errors, jwtVerify, SignJWT } from "jose";
import { HttpError } from "../../framework/http_error.ts";
import { sha256Hex } from "./constant_time.ts";

/** Access tokens live 15 minutes; refresh tokens carry sessions beyond that. */
export const ACCESS_TTL_SECONDS = 15 * 60;
const ISSUER = "festsafe";
const AUDIENCE = "festsafe-api";

export interface SigningKey {
  kid: string;
  key: Uint8Array;
  /** The same key imported once for HMAC: jose would import raw bytes again on every call. */
  cryptoKey: CryptoKey;
}

/** What an access token asserts about its bearer. */
export interface AccessClaims {
  sub: string;
  email: string;
  role: string;
  orgId: string;
  platformAdmin: boolean;
  /** The refresh-token family (login) the token came from; revoking it ends the token too. */
  sid: string;
}

/** Turns secrets into signing keys; the first one signs, all of them verify. */
export async function signingKeys(secrets: string[]): Promise<SigningKey[]> {
  return await Promise.all(secrets.map(async (s) => {
    const key = new TextEncoder().encode(s);
    return {
      kid: (await sha256Hex(s)).slice(0, 12),
      key,
      cryptoKey: await crypto.subtle.importKey(
        "raw",
        key,
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign", "verify"],
      ),
    };
  }));
}

/** Signs an access token with the current key. */
export async function signAccessToken(keys: SigningKey[], c: AccessClaims): Promise<string> {
  const [current] = keys;
  return await new SignJWT({
    email: c.email,
    role: c.role,
    org: c.orgId,
    pa: c.platformAdmin,
    sid: c.sid,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: current.kid })
    .setSubject(c.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime(`${ACCESS_TTL_SECONDS}s`)
    .sign(current.cryptoKey);
}

const unauthorized = (message: string) => new HttpError(401, "unauthorized", message);

/**
 * Tokens whose signature and claims were verified, by token text, so that a dashboard's many
 * requests with one token verify it once. Only what the token itself proves is remembered:
 * expiry is checked again on every hit (as jose would, to the second), the key that verified it
 * must still be listed, and revocation (the token's family, lib/auth/authenticate.ts) is checked
 * per request by the caller as before. Bounded, least recently used out first.
 */
const VERIFIED_MAX = 10_000;
const verified = new Map<string, { claims: AccessClaims; exp: number; kid: string }>();

function rememberVerified(token: string, claims: AccessClaims, exp: number, kid: string) {
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(token, { claims, exp, kid });
}

/** Verifies signature (HS256 only: `alg: none` and others are refused), issuer and expiry. */
export async function verifyAccessToken(keys: SigningKey[], token: string): Promise<AccessClaims> {
  const hit = verified.get(token);
  if (hit) {
    verified.delete(token);
    if (hit.exp > Math.floor(Date.now() / 1000) && keys.some((k) => k.kid === hit.kid)) {
      verified.set(token, hit); // most recently used
      return { ...hit.claims };
    }
  }
  try {
    let kid = "";
    const { payload } = await jwtVerify(token, async (header) => {
      const match = keys.find((k) => k.kid === header.kid);
      if (!match) throw unauthorized("token signed with an unknown key");
      kid = match.kid;
      return await Promise.resolve(match.cryptoKey);
    }, { algorithms: ["HS256"], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ["exp"] });
    const { sub, email, role, org, pa, sid } = payload as Record<string, unknown>;
    if (
      typeof sub !== "string" || typeof email !== "string" || typeof role !== "string" ||
      typeof org !== "string" || typeof sid !== "string"
    ) throw unauthorized("token lacks required claims");
    const claims = { sub, email, role, orgId: org, platformAdmin: pa === true, sid };
    rememberVerified(token, claims, payload.exp!, kid);
    return { ...claims };
  } catch (err) {
    if (err instanceof HttpError) throw err;
    if (err instanceof errors.JWTExpired) throw unauthorized("token expired");
    throw unauthorized("invalid token");
  }
}
