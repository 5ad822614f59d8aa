import { expect } from "expect";
import { type Cache, memoryCache, openCache } from "./cache.ts";
import { assertUnderLimit, countFailure, resetFailures } from "../lib/auth/rate_limit.ts";
import { HttpError } from "../framework/http_error.ts";
import { startUpstashServer } from "../tests/support/upstash_server.ts";

const redisUrl = Deno.env.get("REDIS_URL");

/** The behaviour every cache backend must share. */
async function checkContract(cache: Cache) {
  const key = `contract:${crypto.randomUUID()}`;
  expect(await cache.get(key)).toBeNull();
  await cache.set(key, 'a,b "quoted"', 60);
  expect(await cache.get(key)).toBe('a,b "quoted"');
  await cache.del(key);
  expect(await cache.get(key)).toBeNull();
  expect(await cache.incr(`${key}:n`, 60)).toBe(1);
  expect(await cache.incr(`${key}:n`, 60)).toBe(2);
  // The login limiter over this backend: 20 failures lock, a reset unlocks.
  const limit = { max: 20, windowSeconds: 60 };
  for (let i = 0; i < 20; i++) await countFailure(cache, `${key}:login`, limit);
  const locked = await assertUnderLimit(cache, `${key}:login`, limit, "account").catch((e) => e);
  expect(locked).toBeInstanceOf(HttpError);
  expect((locked as HttpError).status).toBe(429);
  await resetFailures(cache, `${key}:login`);
  await assertUnderLimit(cache, `${key}:login`, limit, "account");
  // Pub/sub reaches a subscriber of the same channel, and only it.
  const got: string[] = [];
  const off = await cache.subscribe(`${key}:ch`, (m) => got.push(m));
  const offOther = await cache.subscribe(`${key}:other`, (m) => got.push(`other:${m}`));
  await cache.publish(`${key}:ch`, "hello");
  for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(got).toEqual(["hello"]);
  await off();
  await offOther();
  await cache.ping();
}

Deno.test("cache contract: memory", async () => {
  const cache = memoryCache();
  await checkContract(cache);
  await cache.close();
});

Deno.test({
  name: "cache contract: Redis",
  ignore: !redisUrl,
  async fn() {
    const cache = await openCache({ redisUrl, prefix: `festsafe_t:${crypto.randomUUID()}:` });
    try {
      await checkContract(cache);
    } finally {
      await cache.close();
    }
  },
});

Deno.test({
  name: "cache contract: Upstash REST client against a local Upstash-protocol server",
  ignore: !redisUrl,
  async fn() {
    const token = crypto.randomUUID();
    const upstash = await startUpstashServer(redisUrl!, token);
    const prefix = `festsafe_t:${crypto.randomUUID()}:`;
    try {
      const cache = await openCache({ upstashUrl: upstash.url, upstashToken: token, prefix });
      expect(cache.kind).toBe("upstash");
      await checkContract(cache);
      await cache.close();
      // A wrong token stops the start (later outages fall back to memory: cache_fallback.ts).
      await expect(openCache({ upstashUrl: upstash.url, upstashToken: "wrong", prefix })).rejects
        .toThrow();
    } finally {
      await upstash.close();
    }
  },
});
