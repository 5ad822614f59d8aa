/**
 * Simulated data stays in the demo organisation: a real organisation with a hospital and an event
 * at the demo region's own coordinates gets no demo-source reading in any answer, and none is used
 * for its forecast features, census, plans or alerts — while the demo organisation still sees
 * them at the same place (so this test can fail).
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, unique } from "./support/accounts.ts";
import { edHistory, historyCsv } from "./support/scenario_data.ts";
import { DEMO_HOSPITALS } from "../demo/region.ts";
import { findDemoOrgId } from "../models/orgs.ts";
import { addUser } from "./support/accounts.ts";
import { refreshOrg } from "../services/refresh.ts";
import { issueHour, loadForecastInputs } from "../ml/forecaster.ts";

const HOUR = 3_600_000;
/** A source named "demo" in a JSON answer (`"source":"demo"`, `"open_meteo,demo"`, …). */
const DEMO_SOURCE = /[",]demo[",]/;

dbTest(
  "demo readings: never served to or used for another organisation, even at the demo's own place",
  async (s) => {
    const app = await buildTestApp(s);
    const demo = DEMO_HOSPITALS[0];
    const org = await makeOrg(s, "not-demo");
    const auth = bearer(org.users.admin.token);
    const code = unique("desert-twin");
    const made = await app.request(
      "/api/hospitals",
      jsonInit("POST", {
        id: code,
        name: "Desert Twin Hospital",
        lat: demo.lat,
        lon: demo.lon,
        edBeds: 30,
        staffBaseline: 8,
        timezone: demo.timezone,
      }, auth),
    );
    expect(made.status).toBe(201);
    await made.body?.cancel();
    const eventCode = unique("polo-twin");
    const ev = await app.request(
      "/api/events",
      jsonInit("POST", {
        id: eventCode,
        name: "Polo Field Fair",
        type: "fair",
        lat: demo.lat,
        lon: demo.lon + 0.01,
        startsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
        endsAt: new Date(Date.now() + 8 * HOUR).toISOString(),
        expectedAttendance: 20_000,
      }, auth),
    );
    expect(ev.status).toBe(201);
    await ev.body?.cancel();

    // The demo organisation does see simulated readings here.
    const demoOrg = (await findDemoOrgId(s.db))!;
    const demoUser = await addUser(s, demoOrg, "analyst");
    const place = `lat=${demo.lat}&lon=${demo.lon}`;
    const seen = await app.request(`/api/environment?${place}`, {
      headers: bearer(demoUser.token),
    });
    expect(seen.status).toBe(200);
    const demoPoints = await seen.json() as { source: string | null }[];
    expect(demoPoints.some((p) => p.source?.includes("demo"))).toBe(true);
    expect(DEMO_SOURCE.test(JSON.stringify(demoPoints))).toBe(true);

    // Daily, from the rollups, too (long chart ranges and climatology).
    const daily = `${place}&bucket=1d&from=${
      new Date(Date.now() - 20 * 24 * HOUR).toISOString()
    }&to=${new Date().toISOString()}`;
    const seenDaily = await app.request(`/api/environment?${daily}`, {
      headers: bearer(demoUser.token),
    });
    expect(seenDaily.status).toBe(200);
    expect(DEMO_SOURCE.test(await seenDaily.text())).toBe(true);

    // None for the other organisation: by place, by hospital, by event, hourly or daily.
    for (const q of [place, `hospitalId=${code}`, `eventId=${eventCode}`, daily]) {
      const res = await app.request(`/api/environment?${q}`, { headers: auth });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/json");
      const text = await res.text();
      expect([q, DEMO_SOURCE.test(text)]).toEqual([q, false]);
    }

    // Its own history, a forecast and a plan: built without the simulated weather and air.
    const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
    const rows = edHistory({
      end: new Date(thisHour),
      days: 14,
      meanPerHour: 4,
      timeZone: demo.timezone,
      los: { meanHours: 4.5, cv: 1 },
      seed: 11,
    });
    const up = await app.request("/api/observations", {
      method: "POST",
      headers: { ...auth, "content-type": "text/csv" },
      body: historyCsv(code, rows),
    });
    expect(up.status).toBe(200);
    await up.body?.cancel();
    await refreshOrg(s, org.id);

    const inputs = await loadForecastInputs(s.db, org.id, issueHour(new Date()));
    const twin = inputs.hospitals.find((h) => h.row.code === code)!;
    for (const k of ["temperatureC", "relativeHumidity", "pm25", "ozone"] as const) {
      expect([k, Array.from(twin[k]).some(Number.isFinite)]).toEqual([k, false]);
    }
    const demoInputs = await loadForecastInputs(s.db, demoOrg, issueHour(new Date()));
    expect(Array.from(demoInputs.hospitals[0].pm25).some(Number.isFinite)).toBe(true);

    for (
      const path of [
        `/api/hospitals/${code}/forecast`,
        `/api/plans/latest?hospitalId=${code}`,
        "/api/alerts?state=all",
        `/api/events/${eventCode}`,
      ]
    ) {
      const res = await app.request(path, { headers: auth });
      expect([path, res.status]).toEqual([path, 200]);
      const text = await res.text();
      expect([path, DEMO_SOURCE.test(text)]).toEqual([path, false]);
    }
    // The demo's AQI here is in the 150–190s all day: a plan or alert built on it would say so.
    const plan =
      await (await app.request(`/api/plans/latest?hospitalId=${code}`, { headers: auth }))
        .json() as { recommendations: { agent: string }[] };
    expect(plan.recommendations.filter((r) => r.agent === "air_quality")).toEqual([]);
    const alerts = await (await app.request("/api/alerts?state=all", { headers: auth })).json() as {
      kind: string;
    }[];
    expect(alerts.filter((a) => a.kind === "air_quality" || a.kind === "heat")).toEqual([]);
    const overview = await app.request("/", { headers: auth });
    expect(overview.status).toBe(200);
    const html = await overview.text();
    expect(html).toMatch(/data-testid="peak-aqi">—</);
  },
);
