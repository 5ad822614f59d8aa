/**
 * /metrics stays small and says nothing about tenants: the issue-10 probe grew it from 1.2 MB to
 * 92 MB with 20,000 anonymous requests to `/api/hospitals/x<i>`, and it listed organisations'
 * own hospital and event codes. It is also no longer public.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, makeOrg } from "./support/accounts.ts";
import type { Services } from "../lib/runtime.ts";

const randomPath = (i: number) => {
  const r = crypto.randomUUID().slice(0, 8);
  return [
    `/api/hospitals/x${i}${r}`,
    `/hospitals/${r}${i}`,
    `/api/x${r}/${i}`,
    `/${r}/${i}?q=${r}`,
    `/events/${i}`,
  ][i % 5];
};

dbTest("5,000 random paths keep /metrics bounded and free of tenant codes", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "metrics");
  const seen = async () => {
    const res = await app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    return await res.text();
  };
  const hit = async (path: string, token?: string) => {
    const res = await app.request(path, { headers: token ? bearer(token) : {} });
    await res.body?.cancel();
  };
  // Known routes first, so that their series exist before the flood.
  await hit(`/api/hospitals/${org.hospital.code}`, org.users.analyst.token);
  await hit(`/api/events/${org.event.code}`, org.users.analyst.token);
  const before = await seen();
  for (let i = 0; i < 5000; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, j) => hit(randomPath(i + j))));
  }
  const after = await seen();
  const series = (text: string) => text.split("\n").filter((l) => l && !l.startsWith("#")).length;
  // A handful of new series (new statuses of existing routes, `unmatched`), not thousands.
  expect(series(after) - series(before)).toBeLessThan(100);
  expect(after.length).toBeLessThan(before.length + 40_000);
  expect(after).toContain('route="/api/hospitals/:id"');
  expect(after).toContain('route="unmatched"');
  for (const code of [org.hospital.code, org.event.code, org.id, org.hospital.id]) {
    expect(after).not.toContain(code);
  }
  for (
    const name of [
      "festsafe_http_request_duration_seconds_bucket",
      "festsafe_db_pool_busy",
      "festsafe_feed_status",
      "festsafe_cache_fallback",
      "festsafe_http_requests_in_flight",
    ]
  ) expect(after).toContain(name);
});

dbTest("METRICS_TOKEN guards /metrics; METRICS_PORT takes it off the main port", async (s) => {
  const token = "metrics-token-0123456789";
  const guarded = await buildTestApp({ ...s, config: { ...s.config, METRICS_TOKEN: token } });
  const anonymous = await guarded.request("/metrics");
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
  await anonymous.body?.cancel();
  const wrong = await guarded.request("/metrics", { headers: bearer("x".repeat(24)) });
  expect(wrong.status).toBe(401);
  await wrong.body?.cancel();
  const right = await guarded.request("/metrics", { headers: bearer(token) });
  expect(right.status).toBe(200);
  expect(await right.text()).toContain("festsafe_http_requests_total");

  const elsewhere = await buildTestApp({ ...s, config: { ...s.config, METRICS_PORT: 9464 } });
  const main = await elsewhere.request("/metrics");
  expect(main.status).toBe(404);
  await main.body?.cancel();

  const production: Services = { ...s, config: { ...s.config, DENO_ENV: "production" } };
  const closed = await (await buildTestApp(production)).request("/metrics");
  expect(closed.status).toBe(404);
  await closed.body?.cancel();
});
