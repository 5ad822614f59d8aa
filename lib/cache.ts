/** Cache, counters and pub/sub behind one interface: Redis, Upstash REST, or process memory. */
export interface Cache {
  readonly kind: "redis" | "upstash" | "memory";
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Increments a counter, starting its expiry window on first use; returns the new value. */
  incr(key: string, windowSeconds: number): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface CacheOptions {
  redisUrl?: string;
  upstashUrl?: string;
  upstashToken?: string;
  /** Prepended to every key, so that tests and tenants of one server never collide. */
  prefix?: string;
}

/** Picks Redis for a URL, Upstash for REST credentials, memory otherwise. */
export async function openCache(opts: CacheOptions): Promise<Cache> {
  const prefix = opts.prefix ?? "festsafe:";
  if (opts.redisUrl) {
    const { openRedis } = await import("./cache_redis.ts");
    return openRedis(opts.redisUrl, prefix);
  }
  if (opts.upstashUrl && opts.upstashToken) {
    const { openUpstash } = await import("./cache_upstash.ts");
    return openUpstash(opts.upstashUrl, opts.upstashToken, prefix);
  }
  return memoryCache();
}

/** A single-process cache with expiries. */
export function memoryCache(): Cache {
  const store = new Map<string, { value: string; expires: number }>();
  const live = (key: string) => {
    const hit = store.get(key);
    if (hit && hit.expires <= Date.now()) store.delete(key);
    return store.get(key);
  };
  return {
    kind: "memory",
    get: (key) => Promise.resolve(live(key)?.value ?? null),
    set(key, value, ttl) {
      store.set(key, { value, expires: ttl ? Date.now() + ttl * 1000 : Infinity });
      return Promise.resolve();
    },
    del(key) {
      store.delete(key);
      return Promise.resolve();
    },
    incr(key, window) {
      const hit = live(key);
      const value = Number(hit?.value ?? 0) + 1;
      store.set(key, { value: String(value), expires: hit?.expires ?? Date.now() + window * 1000 });
      return Promise.resolve(value);
    },
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
