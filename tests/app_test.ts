import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { openDb } from "../infra/db.ts";
import { createApp, loadIslandAssets } from "../lib/app.ts";

dbTest("GET / lists the demo hospitals and embeds the readiness island", async (s) => {
  const app = await buildTestApp(s);
  const res = await app.request("/");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/html");
  const html = await res.text();
  expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
  for (const name of ["Desert Regional Medical Center", "Eisenhower", "JFK Memorial"]) {
    expect(html).toContain(name);
  }
  expect(html).toContain('data-island="HospitalBoard"');
  const assets = await loadIslandAssets();
  expect(html).toContain(`<script type="module" src="${assets.islands.HospitalBoard}">`);
  expect(html).toContain("illustrative");
  expect(res.headers.get("x-request-id")).toMatch(/^[\w-]+$/);
});

dbTest("island props are serialised JSON that round-trips", async (s) => {
  const app = await buildTestApp(s);
  const html = await (await app.request("/")).text();
  const attr = html.match(/data-island="HospitalBoard" data-props="([^"]*)"/);
  expect(attr).not.toBeNull();
  const decoded = attr![1].replaceAll("&quot;", '"').replaceAll("&amp;", "&");
  const props = JSON.parse(decoded);
  expect(props.rows.length).toBeGreaterThanOrEqual(4);
  expect(typeof props.rows[0].arrivals24h).toBe("number");
});

dbTest("island bundles are served with a long immutable cache", async (s) => {
  const app = await buildTestApp(s);
  const assets = await loadIslandAssets();
  const res = await app.request(assets.islands.HospitalBoard);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("javascript");
  expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect((await res.text()).length).toBeGreaterThan(100);
  const css = await app.request("/styles.css");
  expect(css.status).toBe(200);
  expect(css.headers.get("cache-control")).not.toContain("immutable");
  await css.body?.cancel();
});

dbTest("a hospital page renders, an unknown one is the 404 page", async (s) => {
  const app = await buildTestApp(s);
  const [h] = await s.db.query<{ id: string; name: string }>(
    "SELECT id, name FROM hospitals ORDER BY name LIMIT 1",
  );
  const ok = await app.request(`/hospitals/${h.id}`);
  expect(ok.status).toBe(200);
  const html = await ok.text();
  expect(html).toContain(h.name);
  expect(html).toContain('data-island="HospitalCharts"');
  // The page carries the 72 h forecast and census bands, the beds and the conditions to the
  // chart island, one column per hour on every chart, and summarises them.
  expect(html).toContain('data-testid="forecast-summary"');
  expect(html).toContain('data-testid="census-assumption"');
  const attr = html.match(/data-island="HospitalCharts" data-props="([^"]*)"/)!;
  const props = JSON.parse(attr[1].replaceAll("&quot;", '"').replaceAll("&amp;", "&"));
  const forecast = props.arrivals.filter((p: unknown) => p !== null);
  expect(forecast).toHaveLength(72);
  for (const p of [...forecast, ...props.census.filter((c: unknown) => c !== null)]) {
    expect(p.p10).toBeGreaterThanOrEqual(0);
    expect(p.p50).toBeGreaterThanOrEqual(p.p10);
    expect(p.p90).toBeGreaterThanOrEqual(p.p50);
  }
  expect(props.census.filter((c: unknown) => c !== null)).toHaveLength(72);
  for (const k of ["observedArrivals", "census", "heatIndexC", "aqi"]) {
    expect(props[k]).toHaveLength(props.labels.length);
  }
  expect(props.beds).toBeGreaterThan(0);
  expect(props.observedArrivals.filter((v: unknown) => v !== null).length).toBeGreaterThan(24);
  const missing = await app.request(`/hospitals/${crypto.randomUUID()}`);
  expect(missing.status).toBe(404);
  expect(missing.headers.get("content-type")).toContain("text/html");
  expect(await missing.text()).toContain("hospital not found");
});

dbTest("errors under /api are JSON in the contract's shape", async (s) => {
  const app = await buildTestApp(s);
  const res = await app.request("/api/no-such-thing");
  expect(res.status).toBe(404);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = await res.json();
  expect(body.error.code).toBe("not_found");
  expect(typeof body.error.message).toBe("string");
  const page = await app.request("/no-such-page");
  expect(page.status).toBe(404);
  expect(page.headers.get("content-type")).toContain("text/html");
  expect(await page.text()).toContain("Page not found");
});

dbTest("healthz and readyz answer 200 when the database and cache answer", async (s) => {
  const app = await buildTestApp(s);
  const live = await app.request("/healthz");
  expect(live.status).toBe(200);
  expect(live.headers.get("content-type")).toContain("application/json");
  expect(await live.json()).toEqual({ status: "ok" });
  const ready = await app.request("/readyz");
  expect(ready.status).toBe(200);
  const body = await ready.json();
  expect(body.status).toBe("ready");
  expect(body.checks.map((c: { ok: boolean }) => c.ok)).toEqual([true, true]);
});

dbTest("readyz answers 503 with Retry-After when the database is unreachable", async (s) => {
  // A real PostgreSQL client pointed at a port where nothing listens.
  const down = await openDb({ databaseUrl: "postgres://festsafe@127.0.0.1:1/none" });
  try {
    const app = createApp({ ...s, db: down }, await loadIslandAssets());
    const res = await app.request("/readyz");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    const body = await res.json();
    expect(body.status).toBe("unavailable");
    expect(body.checks[0]).toMatchObject({ name: "database", ok: false });
  } finally {
    await down.close();
  }
});

dbTest("metrics: Prometheus text with request counts by route", async (s) => {
  const app = await buildTestApp(s);
  const [h] = await s.db.query<{ id: string }>("SELECT id FROM hospitals LIMIT 1");
  await (await app.request(`/hospitals/${h.id}`)).body?.cancel();
  const res = await app.request("/metrics");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  const text = await res.text();
  expect(text).toContain("# TYPE festsafe_http_requests_total counter");
  expect(text).toMatch(
    /festsafe_http_requests_total\{method="GET",route="\/hospitals\/:id",status="200"\} \d+/,
  );
  expect(text).toContain("festsafe_http_request_duration_seconds_bucket{");
  expect(text).not.toContain(h.id);
});
