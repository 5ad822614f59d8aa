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

/** Readiness: the database and the cache both answer; 503 with Retry-After otherwise. */
export const handler: Handlers = {
  async GET({ state }) {
    const checks = await Promise.all([
      check("database", () => state.db.ping()),
      check("cache", () => state.cache.ping()),
    ]);
    const ok = checks.every((c) => c.ok);
    return Response.json(
      { status: ok ? "ready" : "unavailable", checks },
      { status: ok ? 200 : 503, headers: ok ? {} : { "retry-after": "5" } },
    );
  },
};
