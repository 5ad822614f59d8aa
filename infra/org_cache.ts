/**
 * A short-lived, process-local cache of per-organisation page data (the overview reads five
 * queries per view; many people watch it during an incident). Every change made through a service
 * (services/changes.ts) drops that organisation's entries at once; data written by jobs or
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

/** The organisation's data generation: it grows with every invalidateOrg (rendered pages key on it). */
export function generationOf(orgId: string): number {
  return generations.get(orgId) ?? 0;
}
