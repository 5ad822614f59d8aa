import type { Handlers } from "../lib/define.ts";

async function check(name: string, probe: () => Promise<void>, ms = 2000) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
      }),
    ]);
    return { name, ok: true };
  } catch (err) {
    return { name, ok: false, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Readiness: the database answers (503 with Retry-After otherwise). A shared cache that does not
 * answer leaves the instance ready but `degraded`: it serves from its local fallback
 * (infra/cache_fallback.ts), and the check says so.
 */
export const handler: Handlers = {
  async GET({ state }) {
    const [database, cache] = await Promise.all([
      check("database", () => state.db.ping()),
      check("cache", () => state.cache.ping()),
    ]);
    const cacheCheck = cache.ok || state.cache.kind === "memory"
      ? cache
      : { ...cache, fallback: "memory" };
    const ok = database.ok && (cache.ok || "fallback" in cacheCheck);
    const status = !ok ? "unavailable" : cache.ok ? "ready" : "degraded";
    return Response.json(
      { status, checks: [database, cacheCheck] },
      {
        status: ok ? 200 : 503,
        headers: { "cache-control": "no-store", ...(ok ? {} : { "retry-after": "5" }) },
      },
    );
  },
};
