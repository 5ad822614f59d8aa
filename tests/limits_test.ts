/** Limits of issue 10: event windows, time budgets and the database's own rule. */
import { expect } from "expect";
import { z } from "zod";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, unique } from "./support/accounts.ts";
import { createDefine } from "../framework/define.ts";
import { createFrameworkApp } from "../framework/app.ts";
import { withBudget } from "../framework/budget.ts";
import type { HttpError } from "../framework/http_error.ts";

const event = (startsAt: string, endsAt: string) => ({
  id: unique("ev"),
  name: "Limits",
  type: "fair",
  lat: 33.7,
  lon: -116.2,
  startsAt,
  endsAt,
  expectedAttendance: 1000,
});
const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

dbTest(
  "an event ending in 2999 is refused; 31 days and a start 2 years ahead are the limits",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "limits");
    const post = (body: unknown) =>
      app.request("/api/events", jsonInit("POST", body, bearer(org.users.organizer.token)));
    const long = await post(event(iso(1), "2999-01-01T00:00:00Z"));
    expect(long.status).toBe(422);
    expect(long.headers.get("content-type")).toContain("application/json");
    const body = await long.json();
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details).toContainEqual({
      path: "endsAt",
      message: "an event lasts at most 31 days",
    });
    const far = await post(event(iso(800), iso(801)));
    expect(far.status).toBe(422);
    expect((await far.json()).error.details[0].path).toBe("startsAt");
    const ok = await post(event(iso(10), iso(41)));
    expect(ok.status).toBe(201);
    const created = await ok.json();
    // A PATCH of one end is checked against the stored other end.
    const stretched = await app.request(
      `/api/events/${created.id}`,
      jsonInit("PATCH", { endsAt: iso(60) }, bearer(org.users.organizer.token)),
    );
    expect(stretched.status).toBe(422);
    expect((await stretched.json()).error.details[0]).toEqual({
      path: "endsAt",
      message: "an event lasts at most 31 days",
    });
    // The database keeps the rule for writers that bypass the API.
    await expect(
      s.db.query("UPDATE events SET ends_at = '2999-01-01' WHERE id = $1", [created.uuid]),
    ).rejects.toThrow(/events_at_most_31_days/);
  },
);

Deno.test("a budget answers 503 with Retry-After and aborts the work's signal", async () => {
  let aborted = false;
  const err = (await withBudget(20, (signal) =>
    new Promise((resolve) => {
      signal.addEventListener("abort", () => {
        aborted = true;
        resolve("late");
      });
    })).catch((e) => e)) as HttpError;
  expect(err.status).toBe(503);
  expect(err.code).toBe("over_budget");
  expect(err.headers["retry-after"]).toBe("10");
  expect(aborted).toBe(true);
  expect(await withBudget(1000, () => Promise.resolve(7))).toBe(7);
});

Deno.test("an operation past its budget answers 503 in the error shape, not a stall", async () => {
  const define = createDefine<Record<string, never>, Record<string, never>>();
  let stopped = false;
  const slow = define.api({
    POST: define.operation({
      summary: "Slow",
      body: { json: z.object({}) },
      budgetMs: 30,
      responses: { 200: { schema: z.object({}) } },
      meta: {},
      handler: async (ctx) => {
        while (!ctx.signal.aborted) await new Promise((r) => setTimeout(r, 5));
        stopped = true;
        return {};
      },
    }),
  });
  const app = createFrameworkApp({
    manifest: { routes: { "./routes/api/slow.ts": { handler: slow } }, islands: {} },
    assets: { islands: {} },
    state: () => ({}),
  });
  const res = await app.request("/api/slow", jsonInit("POST", {}));
  expect(res.status).toBe(503);
  expect(res.headers.get("content-type")).toContain("application/json");
  expect(res.headers.get("retry-after")).toBe("10");
  expect((await res.json()).error.code).toBe("over_budget");
  await new Promise((r) => setTimeout(r, 20));
  expect(stopped).toBe(true);
});

dbTest("per-user and per-key API limits answer 429 with Retry-After; others go on", async (s) => {
  const app = await buildTestApp({ ...s, config: { ...s.config, API_RATE_LIMIT: 5 } });
  const org = await makeOrg(s, "rate");
  const get = (token: string) => app.request("/api/hospitals", { headers: bearer(token) });
  for (let i = 0; i < 5; i++) {
    const ok = await get(org.users.analyst.token);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    await ok.body?.cancel();
  }
  const limited = await get(org.users.analyst.token);
  expect(limited.status).toBe(429);
  expect(limited.headers.get("content-type")).toContain("application/json");
  expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await limited.json()).error.code).toBe("rate_limited");
  const other = await get(org.users.admin.token);
  expect(other.status).toBe(200);
  await other.body?.cancel();
});

dbTest("signed-in pages and private JSON are Cache-Control: no-store", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "nostore");
  const me = await app.request("/api/me", { headers: bearer(org.users.analyst.token) });
  expect(me.status).toBe(200);
  expect(me.headers.get("cache-control")).toBe("no-store");
  await me.body?.cancel();
  const page = await app.request("/", {
    headers: { cookie: `fs_access=${org.users.analyst.token}` },
  });
  expect(page.status).toBe(200);
  expect(page.headers.get("cache-control")).toBe("no-store");
  await page.body?.cancel();
  const anonymous = await app.request("/api/openapi.json");
  expect(anonymous.headers.get("cache-control")).not.toBe("no-store");
  await anonymous.body?.cancel();
});
