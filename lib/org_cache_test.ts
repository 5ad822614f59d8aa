import { expect } from "expect";
import { Hono } from "hono";
import { cachedForOrg, invalidateOnWrite, invalidateOrg } from "./org_cache.ts";
import type { AppEnv, AppState } from "../framework/types.ts";

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

Deno.test("org cache: a successful API write drops the writer's organisation only", async () => {
  const mine = crypto.randomUUID();
  const theirs = crypto.randomUUID();
  let n = 0;
  const load = () => Promise.resolve(++n);
  await cachedForOrg(mine, "overview", load);
  await cachedForOrg(theirs, "overview", load);
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("state", { user: { orgId: mine } } as unknown as AppState);
    await next();
  });
  app.use("*", invalidateOnWrite());
  app.post("/ok", (c) => c.json({}, 201));
  app.post("/bad", (c) => c.json({}, 422));
  app.get("/read", (c) => c.json({}));
  for (const [method, path] of [["GET", "/read"], ["POST", "/bad"]]) {
    await app.request(path, { method });
    expect(await cachedForOrg(mine, "overview", load)).toBe(1);
  }
  await app.request("/ok", { method: "POST" });
  expect(await cachedForOrg(mine, "overview", load)).toBe(3);
  expect(await cachedForOrg(theirs, "overview", load)).toBe(2);
});
