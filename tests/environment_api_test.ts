/** GET/POST /api/environment and GET /api/feeds, in-process, through the auth middleware. */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import type { Services } from "../lib/runtime.ts";
import { jwtKeys } from "../lib/auth/secrets.ts";
import { signAccessToken } from "../lib/auth/tokens.ts";
import { findDemoOrgId } from "../models/orgs.ts";
import { computeHeatIndexC } from "../domain/heat_index.ts";
import { usAqiFromPm25 } from "../domain/aqi.ts";

async function bearer(s: Services, orgId: string, role = "coordinator") {
  const token = await signAccessToken(await jwtKeys(s.db, s.config), {
    sub: crypto.randomUUID(),
    email: `${role}@environment.test`,
    role,
    orgId,
    platformAdmin: false,
    sid: crypto.randomUUID(),
  });
  return { authorization: `Bearer ${token}` };
}

async function otherOrg(s: Services) {
  const [o] = await s.db.query<{ id: string }>(
    `INSERT INTO orgs (name) VALUES ($1) RETURNING id`,
    [`environment test ${crypto.randomUUID()}`],
  );
  return o.id;
}

const hour = (h: number) => new Date(Date.UTC(2025, 5, 1, h)).toISOString();

dbTest(
  "GET /api/feeds lists the four feeds with status, last success and last error",
  async (s) => {
    const app = await buildTestApp(s);
    const res = await app.request("/api/feeds", {
      headers: await bearer(s, (await findDemoOrgId(s.db))!, "analyst"),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = await res.json();
    expect(body.map((f: { name: string }) => f.name)).toEqual([
      "open_meteo",
      "open_meteo_air",
      "openaq",
      "airnow",
    ]);
    for (const f of body) {
      expect(["ok", "degraded", "down", "off"]).toContain(f.status);
      expect(f).toHaveProperty("lastSuccessAt");
      expect(f).toHaveProperty("lastError");
    }
    const unauthenticated = await app.request("/api/feeds");
    expect(unauthenticated.status).toBe(401);
  },
);

dbTest(
  "POST /api/environment stores a sensor's readings with derived heat index and AQI; GET merges them",
  async (s) => {
    const app = await buildTestApp(s);
    const orgId = (await findDemoOrgId(s.db))!;
    const headers = { ...(await bearer(s, orgId)), "content-type": "application/json" };
    const records = [
      { lat: 12.31, lon: 45.62, ts: hour(10), temperatureC: 32, relativeHumidity: 50, pm25: 20 },
      // Two readings in one cell and hour are averaged.
      { lat: 12.33, lon: 45.64, ts: "2025-06-01T11:15:00Z", temperatureC: 34, pm25: 30 },
      {
        lat: 12.32,
        lon: 45.6,
        ts: "2025-06-01T11:45:00Z",
        temperatureC: 36,
        relativeHumidity: 40,
        pm25: 40,
      },
    ];
    const res = await app.request("/api/environment", {
      method: "POST",
      headers,
      body: JSON.stringify({ records }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const out = await res.json();
    expect(out).toMatchObject({ accepted: 3, rejected: 0, errors: [] });
    expect(out.stored).toBeGreaterThan(0);

    // Posting the same readings again changes nothing.
    const again = await app.request("/api/environment", {
      method: "POST",
      headers,
      body: JSON.stringify({ records }),
    });
    expect((await again.json()).stored).toBe(0);

    const get = await app.request(
      `/api/environment?lat=12.3&lon=45.6&from=${hour(10)}&to=${hour(12)}`,
      { headers: await bearer(s, orgId, "analyst") },
    );
    expect(get.status).toBe(200);
    expect(get.headers.get("content-type")).toContain("application/json");
    expect(get.headers.get("x-location-key")).toBe("grid:12.30,45.60");
    const points = await get.json();
    expect(points.length).toBe(2);
    expect(points[0]).toMatchObject({
      ts: hour(10),
      temperatureC: 32,
      relativeHumidity: 50,
      heatIndexC: Math.round(computeHeatIndexC(32, 50) * 100) / 100,
      pm25: 20,
      pm10: null,
      aqi: usAqiFromPm25(20),
      source: "user",
    });
    expect(points[1]).toMatchObject({
      ts: hour(11),
      temperatureC: 35,
      relativeHumidity: 40,
      pm25: 35,
    });
    // 11:00 has two hours of PM2.5 (20, 35): the NowCast, not the raw hour, gives its AQI.
    expect(points[1].aqi).toBeLessThan(usAqiFromPm25(35));

    // Another organisation never sees these readings.
    const stranger = await app.request(
      `/api/environment?lat=12.3&lon=45.6&from=${hour(10)}&to=${hour(12)}`,
      { headers: await bearer(s, await otherOrg(s), "analyst") },
    );
    expect(stranger.status).toBe(200);
    expect(await stranger.json()).toEqual([]);
  },
);

dbTest("POST /api/environment accepts CSV with the same header", async (s) => {
  const app = await buildTestApp(s);
  const orgId = (await findDemoOrgId(s.db))!;
  const csv = "lat,lon,ts,temperatureC,relativeHumidity,pm25,pm10,ozone\n" +
    `13.01,46.01,${hour(3)},25.5,60,,,\n` +
    `13.01,46.01,${hour(4)},,,8,20,90\n`;
  const res = await app.request("/api/environment", {
    method: "POST",
    headers: { ...(await bearer(s, orgId)), "content-type": "text/csv" },
    body: csv,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  expect(await res.json()).toMatchObject({ accepted: 2, rejected: 0 });
  const [row] = await s.db.query<{ value: number; org_id: string }>(
    `SELECT value, org_id FROM environment_readings
     WHERE location_key = 'grid:13.00,46.00' AND metric = 'ozone'`,
  );
  expect(row).toEqual({ value: 90, org_id: orgId });
});

dbTest(
  "POST /api/environment refuses bad records naming the field, and stores nothing",
  async (s) => {
    const app = await buildTestApp(s);
    const orgId = (await findDemoOrgId(s.db))!;
    const headers = { ...(await bearer(s, orgId)), "content-type": "application/json" };
    const records = [
      { lat: 14.01, lon: 47.01, ts: hour(1), pm25: 10 },
      { lat: 14.01, lon: 47.01, ts: hour(2), pm25: 10 },
      { lat: 14.01, lon: 47.01, ts: hour(3), pm25: 10 },
      { lat: 14.01, lon: 47.01, ts: hour(4), pm25: -3 },
      { lat: 95, lon: 47.01, ts: "yesterday", temperatureC: 20 },
    ];
    const res = await app.request("/api/environment", {
      method: "POST",
      headers,
      body: JSON.stringify({ records }),
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = await res.json();
    expect(body.error.code).toBe("validation_failed");
    const paths = body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(["records.3.pm25", "records.4.lat", "records.4.ts"]),
    );
    const [{ n }] = await s.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM environment_readings WHERE location_key = 'grid:14.00,47.00'",
    );
    expect(n).toBe(0);

    const analyst = await app.request("/api/environment", {
      method: "POST",
      headers: { ...(await bearer(s, orgId, "analyst")), "content-type": "application/json" },
      body: JSON.stringify({ records: records.slice(0, 1) }),
    });
    expect(analyst.status).toBe(403);
    await analyst.body?.cancel();
  },
);

dbTest(
  "GET /api/environment by hospital id uses the hospital's cell; bad queries are 4xx",
  async (s) => {
    const app = await buildTestApp(s);
    const orgId = (await findDemoOrgId(s.db))!;
    const headers = await bearer(s, orgId, "analyst");
    const [h] = await s.db.query<{ code: string }>(
      "SELECT code FROM hospitals WHERE org_id = $1 LIMIT 1",
      [orgId],
    );
    const res = await app.request(`/api/environment?hospitalId=${h.code}`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const points = await res.json();
    expect(Array.isArray(points)).toBe(true);
    if (points.length) expect(points[0]).toHaveProperty("heatIndexC");

    const both = await app.request(`/api/environment?hospitalId=${h.code}&lat=1&lon=2`, {
      headers,
    });
    expect(both.status).toBe(422);
    expect((await both.json()).error.code).toBe("validation_failed");
    const missing = await app.request("/api/environment?hospitalId=nope", { headers });
    expect(missing.status).toBe(404);
    await missing.body?.cancel();
    const badLat = await app.request("/api/environment?lat=abc&lon=2", { headers });
    expect(badLat.status).toBe(422);
    expect((await badLat.json()).error.details[0].path).toBe("query.lat");
  },
);

dbTest("GET /api/environment?bucket=1d: daily mean, min and max over up to 400 days", async (s) => {
  const app = await buildTestApp(s);
  const auth = await bearer(s, (await findDemoOrgId(s.db))!, "analyst");
  const to = new Date();
  const from = new Date(to.getTime() - 40 * 86_400_000);
  const q = `hospitalId=desert-regional&from=${from.toISOString()}&to=${to.toISOString()}`;
  const hourly = await app.request(`/api/environment?${q}`, { headers: auth });
  expect(hourly.status).toBe(422);
  expect((await hourly.json()).error.details[0].message).toContain("bucket=1d");
  const res = await app.request(`/api/environment?${q}&bucket=1d`, { headers: auth });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  const days = await res.json() as {
    day: string;
    temperatureC: { mean: number; min: number; max: number } | null;
  }[];
  expect(days.length).toBeGreaterThanOrEqual(27); // the test seed holds 28 days
  const t = days.find((d) => d.temperatureC)!.temperatureC!;
  expect(t.min).toBeLessThanOrEqual(t.mean);
  expect(t.mean).toBeLessThanOrEqual(t.max);
  const tooLong = await app.request(
    `/api/environment?hospitalId=desert-regional&bucket=1d&from=${
      new Date(to.getTime() - 500 * 86_400_000).toISOString()
    }&to=${to.toISOString()}`,
    { headers: auth },
  );
  expect(tooLong.status).toBe(422);
  await tooLong.body?.cancel();
});
