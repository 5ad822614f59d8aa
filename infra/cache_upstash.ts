import { Redis } from "@upstash/redis";
import { type Cache, localPubSub } from "./cache.ts";

/** Upstash Redis over its REST protocol (Deno Deploy). */
export function openUpstash(url: string, token: string, prefix: string): Cache {
  const redis = new Redis({ url, token, automaticDeserialization: false });
  const k = (key: string) => prefix + key;
  // Upstash's REST protocol cannot hold a subscription open: live messages go between the
  // isolates of one deployment through BroadcastChannel instead.
  const pubsub = localPubSub(prefix, true);
  return {
    kind: "upstash",
    get: (key) => redis.get<string>(k(key)),
    async set(key, value, ttl) {
      if (ttl) await redis.set(k(key), value, { ex: ttl });
      else await redis.set(k(key), value);
    },
    async del(key) {
      await redis.del(k(key));
    },
    async incr(key, window) {
      const [value] = await redis.multi().incr(k(key)).expire(k(key), window, "NX").exec<
        [number, number]
      >();
      return Number(value);
    },
    async ping() {
      await redis.ping();
    },
    publish: pubsub.publish,
    subscribe: pubsub.subscribe,
    close() {
      pubsub.close();
      return Promise.resolve();
    },
  };
}
