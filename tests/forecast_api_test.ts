/** Forecast job, forecast and what-if endpoints, and the model registry routes, in-process. */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import type { Services } from "../lib/runtime.ts";
import { jwtKeys } from "../lib/auth/secrets.ts";
import { signAccessToken } from "../lib/auth/tokens.ts";
import { findDemoOrgId } from "../models/orgs.ts";
import { runForecast } from "../workers/forecast.ts";
import { getJob } from "../workers/registry.ts";
import { datasetFromDb } from "../ml/dataset.ts";
import { trainForecaster } from "../ml/train.ts";
import { createSession, sessionsCreated } from "../ml/onnx_runtime.ts";

async function headers(s: Services, orgId?: string) {
  const token = await signAccessToken(await jwtKeys(s.db, s.config), {
    sub: crypto.randomUUID(),
    email: "analyst@forecast.test",
    role: "analyst",
    orgId: orgId ?? (await findDemoOrgId(s.db))!,
    platformAdmin: false,
    sid: crypto.randomUUID(),
  });
  return { authorization: `Bearer ${token}`, "content-type": "application/json" };
}

interface Forecast {
  hospitalId: string;
  modelVersion: string;
  issuedAt: string;
  capacity: number;
  points: { ts: string; p10: number; p50: number; p90: number; mean: number }[];
}

function expectValidForecast(f: Forecast) {
  expect(f.points.length).toBe(72);
  expect(f.capacity).toBeGreaterThan(0);
  f.points.forEach((p, k) => {
    expect(new Date(p.ts).getTime()).toBe(new Date(f.issuedAt).getTime() + k * 3_600_000);
    expect(p.p10).toBeGreaterThanOrEqual(0);
    expect(p.p50).toBeGreaterThanOrEqual(p.p10);
    expect(p.p90).toBeGreaterThanOrEqual(p.p50);
    // Expected arrivals: not a whole number, near the median.
    expect(p.mean).toBeGreaterThan(0);
    expect(Math.abs(p.mean - p.p50)).toBeLessThanOrEqual(Math.max(1, p.p90 - p.p10));
  });
  expect(f.points.some((p) => !Number.isInteger(p.mean))).toBe(true);
}

const sum = (f: Forecast) => f.points.reduce((s, p) => s + p.p50, 0);
/** The whole band (p10 + p50 + p90): p50 is a whole number, so small changes show in the edges. */
const band = (f: Forecast) => f.points.reduce((s, p) => s + p.p10 + p.p50 + p.p90, 0);

dbTest("the forecast job stores 72 ordered points for every demo hospital", async (s) => {
  expect(getJob("forecast")?.schedule).toBe("5 * * * *");
  const r = await runForecast(s.db, new Date());
  expect(r.hospitals).toBeGreaterThanOrEqual(5);
  expect(r.rows).toBe(r.hospitals * 72);
  const [bad] = await s.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM forecasts
     WHERE p10 < 0 OR p50 < p10 OR p90 < p50 OR mean IS NULL OR mean < 0`,
  );
  expect(bad.n).toBe(0);
});

dbTest("GET /api/hospitals/:id/forecast answers from the stored forecast", async (s) => {
  const app = await buildTestApp(s);
  const res = await app.request("/api/hospitals/desert-regional/forecast", {
    headers: await headers(s),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const f: Forecast = await res.json();
  expect(f.hospitalId).toBe("desert-regional");
  expectValidForecast(f);
  // Desert Regional sees ~5 arrivals an hour in the demo; the forecast must be in that range.
  expect(sum(f) / 72).toBeGreaterThan(2);
  expect(sum(f) / 72).toBeLessThan(12);
  const again = await app.request("/api/hospitals/desert-regional/forecast", {
    headers: await headers(s),
  });
  expect((await again.json()).issuedAt).toBe(f.issuedAt);
  expect(sessionsCreated()).toBe(1);
  // The census of the same hours against the staffed beds, and the same as CSV.
  const full = f as Forecast & { census: { ts: string; p10: number; p90: number }[]; beds: number };
  expect(full.census.map((c) => c.ts)).toEqual(f.points.map((p) => p.ts));
  expect(full.beds).toBe(50);
  const csv = await app.request("/api/hospitals/desert-regional/forecast?format=csv", {
    headers: await headers(s),
  });
  expect(csv.status).toBe(200);
  expect(csv.headers.get("content-type")).toContain("text/csv");
  const lines = (await csv.text()).trim().split(/\r?\n/);
  expect(lines[0]).toBe(
    "hospitalId,issuedAt,modelVersion,ts,p10,p50,p90,census_p10,census_p50,census_p90,beds",
  );
  expect(lines).toHaveLength(73);
  expect(lines[1].split(",")[3]).toBe(f.points[0].ts);
  expect(lines[1].split(",")[10]).toBe("50");
});

dbTest("another organisation's hospital is a 404", async (s) => {
  const [org] = await s.db.query<{ id: string }>(
    "INSERT INTO orgs (name) VALUES ($1) RETURNING id",
    [`forecast test ${crypto.randomUUID()}`],
  );
  const app = await buildTestApp(s);
  const res = await app.request("/api/hospitals/desert-regional/forecast", {
    headers: await headers(s, org.id),
  });
  expect(res.status).toBe(404);
  expect((await res.json()).error.code).toBe("not_found");
  const what = await app.request("/api/forecast/what-if", {
    method: "POST",
    headers: await headers(s, org.id),
    body: JSON.stringify({ hospitalId: "desert-regional", overrides: {} }),
  });
  expect(what.status).toBe(404);
});

dbTest(
  "what-if: double attendance raises the forecast near an event; heat and smoke move it up",
  async (s) => {
    const app = await buildTestApp(s);
    const h = await headers(s);
    const ask = async (overrides: unknown) => {
      const res = await app.request("/api/forecast/what-if", {
        method: "POST",
        headers: h,
        body: JSON.stringify({ hospitalId: "desert-regional", overrides }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      const f: Forecast = await res.json();
      expectValidForecast(f);
      return f;
    };
    const base = await ask({});
    // The demo seed places a night market ~30 h ahead in Palm Springs, next to Desert Regional.
    expect(band(await ask({ attendanceFactor: 2 }))).toBeGreaterThan(band(base));
    // Effects are learned and may go either way (ml/priors.ts); +5 °C stays a small change…
    const warmer = await ask({ temperatureDeltaC: 5 });
    expect(Math.abs(band(warmer) - band(base))).toBeLessThan(band(base) * 0.1);
    // …while the simulated demo history holds heat and smoke effects, so their sum shows.
    expect(band(await ask({ temperatureDeltaC: 15, pm25Delta: 60 }))).toBeGreaterThan(band(base));
    const bad = await app.request("/api/forecast/what-if", {
      method: "POST",
      headers: h,
      body: JSON.stringify({ hospitalId: "desert-regional", overrides: { attendanceFactor: -1 } }),
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details[0].path).toMatch(/attendanceFactor/);
  },
);

dbTest("GET /api/models lists versions; current.onnx is the active artifact", async (s) => {
  const app = await buildTestApp(s);
  const h = await headers(s);
  const res = await app.request("/api/models", { headers: h });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const body = await res.json();
  const active = body.versions.find((v: { active: boolean }) => v.active);
  expect(active.version).toBe(body.active);
  expect(active.artifactSha256).toMatch(/^[0-9a-f]{64}$/);
  expect(active.activatedBy).toBeTruthy();
  expect(typeof active.metrics.mase).toBe("number");
  const onnx = await app.request("/api/models/current.onnx", { headers: h });
  expect(onnx.status).toBe(200);
  expect(onnx.headers.get("content-type")).toBe("application/octet-stream");
  expect(onnx.headers.get("x-model-version")).toBe(body.active);
  const bytes = new Uint8Array(await onnx.arrayBuffer());
  const session = await createSession(bytes);
  expect(session.inputNames).toEqual(["features", "scale"]);
  expect(session.outputNames).toEqual(["quantiles", "quantiles_wide", "mean"]);
  await session.release();
});

dbTest("a tiny model trains on the 28-day test seed from the database", async (s) => {
  const d = await datasetFromDb(s.db);
  expect(d.hours).toBeGreaterThanOrEqual(27 * 24);
  const o = await trainForecaster(d, { epochs: 2, seed: 1, hidden: [8, 8] });
  expect(o.metrics.model.points).toBeGreaterThan(0);
  expect(o.exportMaxDiff).toBeLessThanOrEqual(1e-5);
});
