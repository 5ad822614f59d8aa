/**
 * Fixed-window counters over the cache (Redis, Upstash or memory, infra/cache.ts), so that every
 * instance sees the same counts when a shared cache is configured.
 */
import type { Cache } from "../../infra/cache.ts";
import { HttpError } from "../../framework/http_error.ts";

export interface Limit {
  /** Attempts allowed per window. */
  max: number;
  windowSeconds: number;
}

/** Failed logins per account before it is locked for the rest of the window (OWASP: lockout). */
export const ACCOUNT_LIMIT: Limit = { max: 20, windowSeconds: 15 * 60 };
/** Failed logins per client address: higher, since offices and NATs share one address. */
export const IP_LIMIT: Limit = { max: 100, windowSeconds: 15 * 60 };

/** Counts one failure under key; returns the count in the current window. */
export function countFailure(cache: Cache, key: string, limit: Limit): Promise<number> {
  return cache.incr(`ratelimit:${key}`, limit.windowSeconds);
}

/** Current count under key (0 when none). */
export async function failures(cache: Cache, key: string): Promise<number> {
  return Number(await cache.get(`ratelimit:${key}`) ?? 0);
}

/** Forgets the failures under key (after a successful login: "in a row"). */
export function resetFailures(cache: Cache, key: string): Promise<void> {
  return cache.del(`ratelimit:${key}`);
}

/** Throws 429 with Retry-After when key has used up its failures. */
export async function assertUnderLimit(cache: Cache, key: string, limit: Limit, what: string) {
  if (await failures(cache, key) >= limit.max) {
    throw new HttpError(
      429,
      "too_many_attempts",
      `too many failed sign-ins for this ${what}; try again later`,
      [],
      { "retry-after": String(limit.windowSeconds) },
    );
  }
}
