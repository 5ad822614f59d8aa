/** Cache, counters and pub/sub behind one interface: Redis, Upstash REST, or process memory. */
export interface Cache {
  readonly kind: "redis" | "upstash" | "memory";
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Increments a counter, starting its expiry window on first use; returns the new value. */
  incr(key: string, windowSeconds: number): Promise<number>;
  /** Sends a message to every subscriber of the channel (on every instance, where possible). */
  publish(channel: string, message: string): Promise<void>;
  /** Calls onMessage for each message on the channel; resolves to an unsubscribe function. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  /** True while a shared cache is unreachable and this instance runs on its local fallback. */
  degraded?(): boolean;
  close(): Promise<void>;
}

export interface CacheOptions {
  redisUrl?: string;
  upstashUrl?: string;
  upstashToken?: string;
  /** Prepended to every key, so that tests and tenants of one server never collide. */
  prefix?: string;
}

/**
 * Picks Redis for a URL, Upstash for REST credentials, memory otherwise; a shared cache falls
 * back to memory while it is unreachable (infra/cache_fallback.ts).
 */
export async function openCache(opts: CacheOptions): Promise<Cache> {
  const prefix = opts.prefix ?? "festsafe:";
  const { withLocalFallback } = await import("./cache_fallback.ts");
  if (opts.redisUrl) {
    const { openRedis } = await import("./cache_redis.ts");
    return withLocalFallback(await openRedis(opts.redisUrl, prefix));
  }
  if (opts.upstashUrl && opts.upstashToken) {
    const { openUpstash } = await import("./cache_upstash.ts");
    const upstash = openUpstash(opts.upstashUrl, opts.upstashToken, prefix);
    // A wrong URL or token stops the start here, rather than running on the fallback for ever.
    await upstash.ping();
    return withLocalFallback(upstash);
  }
  return memoryCache();
}

type Listener = (message: string) => void;

/**
 * In-process pub/sub. With `broadcast`, messages also cross isolates through BroadcastChannel
 * (Deno Deploy delivers it between the isolates of one deployment).
 */
export function localPubSub(prefix: string, broadcast = false) {
  const listeners = new Map<string, Set<Listener>>();
  const deliver = (channel: string, message: string) => {
    for (const fn of listeners.get(channel) ?? []) fn(message);
  };
  const bc = broadcast && typeof BroadcastChannel !== "undefined"
    ? new BroadcastChannel(prefix + "pubsub")
    : null;
  if (bc) {
    bc.onmessage = (e: MessageEvent<{ channel: string; message: string }>) =>
      deliver(e.data.channel, e.data.message);
  }
  return {
    publish(channel: string, message: string) {
      queueMicrotask(() => deliver(channel, message));
      bc?.postMessage({ channel, message });
      return Promise.resolve();
    },
    subscribe(channel: string, onMessage: Listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, set = new Set());
      set.add(onMessage);
      return Promise.resolve(() => {
        set!.delete(onMessage);
        return Promise.resolve();
      });
    },
    close() {
      bc?.close();
    },
  };
}

/** A single-process cache with expiries. */
export function memoryCache(): Cache {
  const pubsub = localPubSub("");
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
    publish: pubsub.publish,
    subscribe: pubsub.subscribe,
    ping: () => Promise.resolve(),
    close() {
      pubsub.close();
      return Promise.resolve();
    },
  };
}
