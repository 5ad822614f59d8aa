/**
 * A shared cache (Redis, Upstash) with a local fallback. When the shared cache stops answering,
 * this instance carries on with process memory instead of failing requests: pages, sessions and
 * uploads keep working; rate-limit and login counters, revocation markers and live updates are
 * then per instance until the shared cache is back (README "Faults"). The state is visible in
 * /readyz (`cache: degraded`) and in metrics (`festsafe_cache_fallback`). While degraded, the
 * shared cache is retried every few seconds, never on every request.
 */
import { type Cache, memoryCache } from "./cache.ts";
import { log } from "./log.ts";

/** A shared-cache call that takes longer than this counts as a failure. */
const CALL_TIMEOUT_MS = 1000;
/** How long to stay on the fallback before trying the shared cache again. */
const RETRY_AFTER_MS = 5000;

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Wraps a shared cache so that its outages fall back to process memory. */
export function withLocalFallback(shared: Cache): Cache {
  const local = memoryCache();
  let downSince = 0;
  const degraded = () => downSince !== 0 && Date.now() - downSince < RETRY_AFTER_MS;
  const fail = (op: string, err: unknown) => {
    if (!downSince) {
      log.warn("shared cache unreachable: using the local fallback", {
        cache: shared.kind,
        op,
        error: (err as Error).message,
      });
    }
    downSince = Date.now();
  };
  async function call<T>(op: string, primary: () => Promise<T>, fallback: () => Promise<T>) {
    if (degraded()) return await fallback();
    try {
      const value = await within(CALL_TIMEOUT_MS, primary());
      if (downSince) {
        downSince = 0;
        log.info("shared cache reachable again", { cache: shared.kind });
      }
      return value;
    } catch (err) {
      fail(op, err);
      return await fallback();
    }
  }
  return {
    kind: shared.kind,
    get: (k) => call("get", () => shared.get(k), () => local.get(k)),
    set: (k, v, ttl) => call("set", () => shared.set(k, v, ttl), () => local.set(k, v, ttl)),
    del: (k) => call("del", () => shared.del(k), () => local.del(k)),
    incr: (k, w) => call("incr", () => shared.incr(k, w), () => local.incr(k, w)),
    publish: (ch, m) => call("publish", () => shared.publish(ch, m), () => local.publish(ch, m)),
    async subscribe(channel, onMessage) {
      // Listen on both: messages published locally during an outage still reach this instance.
      const offLocal = await local.subscribe(channel, onMessage);
      let offShared: (() => Promise<void>) | undefined;
      try {
        offShared = await within(CALL_TIMEOUT_MS, shared.subscribe(channel, onMessage));
      } catch (err) {
        fail("subscribe", err);
      }
      return async () => {
        await offLocal();
        await offShared?.().catch(() => {});
      };
    },
    /** Readiness asks the shared cache itself, so that /readyz shows an outage. */
    async ping() {
      try {
        await within(CALL_TIMEOUT_MS, shared.ping());
        downSince = 0;
      } catch (err) {
        fail("ping", err);
        throw err;
      }
    },
    degraded,
    async close() {
      await local.close();
      await shared.close().catch(() => {});
    },
  };
}
