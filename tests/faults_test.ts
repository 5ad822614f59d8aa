/**
 * Faults that need no server to be stopped: a database that does not answer makes the API and
 * pages answer 503 with Retry-After (never a 500, never a sign-out), and a shared cache that does
 * not answer falls back to process memory, reported by /readyz and metrics. The stop-and-restart
 * tests against a real PostgreSQL are in tests/faults_pg_test.ts (`deno task test:faults`).
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { bearer, makeOrg } from "./support/accounts.ts";
import { openDb } from "../infra/db.ts";
import { createApp, loadIslandAssets } from "../lib/app.ts";
import { type Cache, memoryCache } from "../infra/cache.ts";
import { withLocalFallback } from "../infra/cache_fallback.ts";
import { startSession } from "../lib/auth/sessions.ts";

/** A PostgreSQL client pointed at a port where nothing listens. */
const unreachable = () => openDb({ databaseUrl: "postgres://festsafe@127.0.0.1:1/none" });

dbTest("database unreachable: API 503 with Retry-After in the error shape", async (s) => {
  const org = await makeOrg(s, "db-down");
  const down = await unreachable();
  try {
    const app = createApp({ ...s, db: down }, await loadIslandAssets());
    const res = await app.request("/api/hospitals", { headers: bearer(org.users.analyst.token) });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("retry-after")).toBe("5");
    expect((await res.json()).error.code).toBe("dependency_unavailable");
  } finally {
    await down.close();
  }
});

dbTest("database unreachable during a page's session check: 503, still signed in", async (s) => {
  const org = await makeOrg(s, "page-down");
  // Only a refresh cookie: the page must rotate it through the database, which is down.
  const { refreshToken } = await startSession(s, org.users.coordinator);
  const down = await unreachable();
  try {
    const app = createApp({ ...s, db: down }, await loadIslandAssets());
    const res = await app.request("/plans", { headers: { cookie: `fs_refresh=${refreshToken}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("retry-after")).toBe("5");
    const cleared = res.headers.getSetCookie().filter((c) => /fs_(access|refresh)=;/.test(c));
    expect(cleared).toEqual([]);
    await res.body?.cancel();
  } finally {
    await down.close();
  }
  // The database is back: the same refresh cookie still signs the user in.
  const app = createApp(s, await loadIslandAssets());
  const back = await app.request("/plans", { headers: { cookie: `fs_refresh=${refreshToken}` } });
  expect(back.status).toBe(200);
  expect(back.headers.getSetCookie().some((c) => c.startsWith("fs_access=ey"))).toBe(true);
  await back.body?.cancel();
});

/** A shared cache whose server has gone away: every call fails. */
function brokenShared(): Cache {
  const fail = () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6379"));
  return {
    kind: "redis",
    get: fail,
    set: fail,
    del: fail,
    incr: fail,
    publish: fail,
    subscribe: fail,
    ping: fail,
    close: () => Promise.resolve(),
  };
}

dbTest("shared cache down: local fallback, reported by /readyz and metrics", async (s) => {
  const org = await makeOrg(s, "cache-down");
  const cache = withLocalFallback(brokenShared());
  const app = createApp({ ...s, cache }, await loadIslandAssets());
  const list = await app.request("/api/hospitals", { headers: bearer(org.users.analyst.token) });
  expect(list.status).toBe(200);
  await list.body?.cancel();
  const login = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: org.users.analyst.email, password: "wrong password" }),
  });
  expect(login.status).toBe(401); // counted locally, not a 500
  await login.body?.cancel();
  const ready = await app.request("/readyz");
  expect(ready.status).toBe(200);
  expect(ready.headers.get("content-type")).toContain("application/json");
  const body = await ready.json();
  expect(body.status).toBe("degraded");
  expect(body.checks[1]).toMatchObject({ name: "cache", ok: false, fallback: "memory" });
  const metrics = await (await app.request("/metrics")).text();
  expect(metrics).toContain("festsafe_cache_fallback 1");
  // With a cache that answers, nothing is degraded.
  const fine = withLocalFallback(memoryCache());
  await fine.ping();
  expect(fine.degraded!()).toBe(false);
});

dbTest("series reads go to the read pool (DATABASE_READ_URL) when there is one", async (s) => {
  const org = await makeOrg(s, "replica");
  let reads = 0;
  const replica = {
    ...s.db,
    query: <T>(text: string, params?: unknown[]) => {
      reads++;
      return s.db.query<T>(text, params);
    },
  };
  const app = createApp({ ...s, readDb: replica }, await loadIslandAssets());
  const res = await app.request(`/api/hospitals/${org.hospital.code}/observations`, {
    headers: bearer(org.users.analyst.token),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  await res.body?.cancel();
  expect(reads).toBeGreaterThan(0);
});
