import { createClient } from "redis";
import type { Cache } from "./cache.ts";

/** Redis through node-redis; connects before returning so a bad URL fails at start. */
export async function openRedis(url: string, prefix: string): Promise<Cache> {
  const client = createClient({
    url,
    socket: { connectTimeout: 3000, reconnectStrategy: (n) => Math.min(n * 200, 3000) },
  });
  client.on("error", () => {}); // reconnects by itself; readiness reports the outage
  await client.connect();
  const k = (key: string) => prefix + key;
  return {
    kind: "redis",
    get: (key) => client.get(k(key)),
    async set(key, value, ttl) {
      if (ttl) await client.set(k(key), value, { EX: ttl });
      else await client.set(k(key), value);
    },
    async del(key) {
      await client.del(k(key));
    },
    async incr(key, window) {
      const [value] = await client.multi().incr(k(key)).expire(k(key), window, "NX").exec();
      return Number(value);
    },
    async ping() {
      await client.ping();
    },
    async close() {
      await client.close();
    },
  };
}
