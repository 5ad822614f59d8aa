import { createClient } from "redis";
import type { Cache } from "./cache.ts";

/** Redis through node-redis; connects before returning so a bad URL fails at start. */
export async function openRedis(url: string, prefix: string): Promise<Cache> {
  const client = createClient({
    url,
    socket: { connectTimeout: 3000, reconnectStrategy: (n) => Math.min(n * 200, 3000) },
    // Fail at once while disconnected (the local fallback answers) instead of queueing.
    disableOfflineQueue: true,
  });
  client.on("error", () => {}); // reconnects by itself; readiness reports the outage
  await client.connect();
  const k = (key: string) => prefix + key;
  // A subscribed connection can do nothing else: one more client, opened on first subscribe.
  type Subscriber = typeof client;
  let subscriber: Promise<Subscriber> | undefined;
  const subscriberClient = () =>
    subscriber ??= (async () => {
      const sub = client.duplicate() as unknown as Subscriber;
      sub.on("error", () => {});
      await sub.connect();
      return sub;
    })();
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
    async publish(channel, message) {
      await client.publish(k(channel), message);
    },
    async subscribe(channel, onMessage) {
      const sub = await subscriberClient();
      const listener = (message: string) => onMessage(message);
      await sub.subscribe(k(channel), listener);
      return async () => {
        await sub.unsubscribe(k(channel), listener);
      };
    },
    async ping() {
      await client.ping();
    },
    async close() {
      if (subscriber) await (await subscriber).close();
      await client.close();
    },
  };
}
