import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../framework/types.ts";

/**
 * A short-lived, process-local cache of per-organisation page data (the overview reads five
 * queries per view; many people watch it during an incident). Any successful write through the
 * API for an organisation drops that organisation's entries at once; data written by jobs or
 * other instances shows after at most the TTL.
 */
const entries = new Map<string, { expires: number; value: Promise<unknown> }>();
const generations = new Map<string, number>();

export const ORG_CACHE_TTL_MS = 5_000;

/** Returns the cached value of load() for (orgId, key), loading it when absent or expired. */
export function cachedForOrg<T>(
  orgId: string,
  key: string,
  load: () => Promise<T>,
  ttlMs = ORG_CACHE_TTL_MS,
): Promise<T> {
  const id = `${orgId}:${generations.get(orgId) ?? 0}:${key}`;
  const now = Date.now();
  const hit = entries.get(id);
  if (hit && hit.expires > now) return hit.value as Promise<T>;
  if (entries.size > 10_000) entries.clear();
  const value = load();
  entries.set(id, { expires: now + ttlMs, value });
  value.catch(() => entries.delete(id)); // never cache a failure
  return value;
}

/** Drops every cached entry of an organisation. */
export function invalidateOrg(orgId: string) {
  generations.set(orgId, (generations.get(orgId) ?? 0) + 1);
  for (const id of entries.keys()) if (id.startsWith(orgId + ":")) entries.delete(id);
}

/** After a successful unsafe API request, drops the caller's organisation's cached data. */
export function invalidateOnWrite(): MiddlewareHandler<AppEnv> {
  return async function invalidateOnWrite(c, next) {
    await next();
    if (["GET", "HEAD", "OPTIONS"].includes(c.req.method) || c.res.status >= 400) return;
    const state = c.get("state");
    const orgId = state.user?.orgId ?? state.apiKey?.orgId;
    if (orgId) invalidateOrg(orgId);
  };
}
