import { expect } from "expect";
import { cachedForOrg, invalidateOrg } from "./org_cache.ts";

Deno.test("org cache: one load per TTL, reloads after invalidation, never keeps a failure", async () => {
  const org = crypto.randomUUID();
  let loads = 0;
  const load = () => Promise.resolve(++loads);
  expect(await cachedForOrg(org, "k", load)).toBe(1);
  expect(await cachedForOrg(org, "k", load)).toBe(1);
  invalidateOrg(org);
  expect(await cachedForOrg(org, "k", load)).toBe(2);
  expect(await cachedForOrg(org, "short", load, 0)).toBe(3); // expires at once
  expect(await cachedForOrg(org, "short", load, 0)).toBe(4);
  const other = crypto.randomUUID();
  await expect(cachedForOrg(other, "k", () => Promise.reject(new Error("db down")))).rejects
    .toThrow("db down");
  await new Promise((r) => setTimeout(r, 0));
  expect(await cachedForOrg(other, "k", () => Promise.resolve("fresh"))).toBe("fresh");
});
