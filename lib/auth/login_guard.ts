/**
 * Login protection that an attacker cannot aim at someone else (OWASP Authentication Cheat
 * Sheet, "Account lockout"; NIST SP 800-63B §5.2.2 rate limiting):
 * - Lockouts are per (account, client address) pair, with exponential back-off: after
 *   PAIR_FREE_FAILURES failures of one account from one client, that client waits 30 s, then
 *   60 s, 120 s … (at most an hour) per further failure. The account's owner signs in from any
 *   other address meanwhile — guessing their password from one machine cannot lock them out.
 * - One client address failing against many accounts (password spraying) gets the same back-off
 *   after CLIENT_FREE_FAILURES failures, for that address only. Behind a proxy the address comes
 *   from X-Forwarded-For only when the proxy is listed in TRUSTED_PROXIES.
 * - Failures spread over many addresses against one account, or against everyone, slow every
 *   attempt down (a delay before the password is checked) rather than block anyone.
 * State lives in the cache (Redis, Upstash or memory) so that every instance agrees.
 */
import type { Cache } from "../../infra/cache.ts";
import { HttpError } from "../../framework/http_error.ts";
import { counter } from "../../infra/metrics.ts";
import { sha256Hex } from "./constant_time.ts";

export const PAIR_FREE_FAILURES = 10;
export const CLIENT_FREE_FAILURES = 100;
export const BASE_LOCK_SECONDS = 30;
export const MAX_LOCK_SECONDS = 3600;
/** Failures are remembered this long (a lock can only grow within it). */
const FAILURE_MEMORY_SECONDS = 24 * 3600;
/** Failures per account (any address) before each attempt on it is slowed. */
export const ACCOUNT_SLOW_AFTER = 20;
/** Failures per minute (all accounts) before each attempt is slowed. */
export const GLOBAL_SLOW_AFTER = 600;
const MAX_DELAY_MS = 3000;

const locked = counter("festsafe_login_locked_total", "Sign-ins refused by a lockout, by scope.");

export interface LoginKeys {
  pair: string;
  client: string;
  account: string;
}

/** Cache keys of one attempt; the e-mail is hashed so that keys name nobody. */
export async function loginKeys(email: string, client: string): Promise<LoginKeys> {
  const account = (await sha256Hex(email.trim().toLowerCase())).slice(0, 32);
  return {
    pair: `login:pair:${account}:${client}`,
    client: `login:client:${client}`,
    account: `login:account:${account}`,
  };
}

/** Seconds of lock after `failures` failures when `free` of them are allowed. */
export function lockSeconds(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_LOCK_SECONDS, BASE_LOCK_SECONDS * 2 ** (failures - free));
}

const tooMany = (seconds: number, what: string) =>
  new HttpError(
    429,
    "too_many_attempts",
    `too many failed sign-ins ${what}; try again in ${seconds} s`,
    [],
    { "retry-after": String(seconds) },
  );

async function remainingLock(cache: Cache, key: string): Promise<number> {
  const until = Number(await cache.get(`${key}:lock`) ?? 0);
  return Math.ceil((until - Date.now()) / 1000);
}

/** Refuses (429) while this pair or this client is locked; else waits out any slow-down. */
export async function beforeAttempt(
  cache: Cache,
  keys: LoginKeys,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
) {
  const [pair, client] = await Promise.all([
    remainingLock(cache, keys.pair),
    remainingLock(cache, keys.client),
  ]);
  if (pair > 0) {
    locked.inc({ scope: "pair" });
    throw tooMany(pair, "for this account from your address");
  }
  if (client > 0) {
    locked.inc({ scope: "client" });
    throw tooMany(client, "from your address");
  }
  const [account, global] = await Promise.all([
    cache.get(keys.account),
    cache.get(`login:global:${Math.floor(Date.now() / 60_000)}`),
  ]);
  const delay = Math.min(
    MAX_DELAY_MS,
    200 * Math.max(0, Number(account ?? 0) - ACCOUNT_SLOW_AFTER) +
      Math.max(0, Number(global ?? 0) - GLOBAL_SLOW_AFTER),
  );
  if (delay > 0) await sleep(delay);
}

async function failOnce(cache: Cache, key: string, free: number) {
  const n = await cache.incr(`${key}:failures`, FAILURE_MEMORY_SECONDS);
  const seconds = lockSeconds(n, free);
  if (seconds > 0) await cache.set(`${key}:lock`, String(Date.now() + seconds * 1000), seconds);
}

/** Counts a failed attempt everywhere it counts. */
export async function afterFailure(cache: Cache, keys: LoginKeys) {
  await Promise.all([
    failOnce(cache, keys.pair, PAIR_FREE_FAILURES),
    failOnce(cache, keys.client, CLIENT_FREE_FAILURES),
    cache.incr(keys.account, 15 * 60),
    cache.incr(`login:global:${Math.floor(Date.now() / 60_000)}`, 120),
  ]);
}

/** A successful sign-in forgets this pair's failures ("in a row"). */
export async function afterSuccess(cache: Cache, keys: LoginKeys) {
  await Promise.all([cache.del(`${keys.pair}:failures`), cache.del(`${keys.pair}:lock`)]);
}
