/**
 * Fixed-window counters over the cache (Redis, Upstash or memory, infra/cache.ts), so that every
 * instance sees the same counts when a shared cache is configured.
 */
import type { Cache } from "../../infra/cache.ts";
import { HttpError } from "../../framework/http_error.ts";
import { counter } from "../../infra/metrics.ts";

export interface Limit {
  /** Attempts allowed per window. */
  max: number;
  windowSeconds: number;
}

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

const rateLimited = counter(
  "festsafe_rate_limited_total",
  "API requests refused with 429, by kind of caller.",
);

/**
 * Per-user and per-API-key request limit (API_RATE_LIMIT per minute, fixed one-minute windows
 * in the shared cache): one busy integration or a leaked token cannot take the capacity every
 * other tenant needs. Anonymous callers are limited by the login guard and the body limits.
 */
export async function assertApiRate(
  cache: Cache,
  caller: { kind: "user" | "key"; id: string } | null,
  perMinute: number,
) {
  if (!caller) return;
  const minute = Math.floor(Date.now() / 60_000);
  const n = await cache.incr(`api:rate:${caller.kind}:${caller.id}:${minute}`, 120);
  if (n <= perMinute) return;
  rateLimited.inc({ caller: caller.kind });
  const retry = Math.max(1, Math.ceil(((minute + 1) * 60_000 - Date.now()) / 1000));
  throw new HttpError(
    429,
    "rate_limited",
    `more than ${perMinute} requests in a minute; retry in ${retry} s`,
    [],
    { "retry-after": String(retry) },
  );
}
