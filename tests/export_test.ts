/**
 * Export (issue 11): CSV forms of the forecast, observations and plan, and the organisation's
 * data in the `--data` folder layout, which `deno task train --data` reads back
 * (ml/dataset.ts datasetFromCsvDir) — the round trip is the test.
 */
import { expect } from "expect";
import { unzipSync } from "fflate";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { findDemoOrgId } from "../models/orgs.ts";
import { listHospitals } from "../models/hospitals.ts";
import { datasetFromCsvDir, parseCsv } from "../ml/dataset.ts";

const HOUR = 3_600_000;

async function unpack(res: Response): Promise<string> {
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const dir = await Deno.makeTempDir({ prefix: "festsafe-export-" });
  for (const [name, bytes] of Object.entries(files)) await Deno.writeFile(`${dir}/${name}`, bytes);
  return dir;
}

dbTest("export: an organisation's upload comes back in the --data layout and trains", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "export");
  const auth = bearer(org.users.analyst.token);
  const start = Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR;
  const records = Array.from({ length: 48 }, (_, i) => ({
    hospitalId: org.hospital.code,
    ts: new Date(start + i * HOUR).toISOString(),
    edArrivals: 3 + (i % 5),
    edOccupancy: 10 + (i % 7),
  }));
  const up = await app.request(
    "/api/observations",
    jsonInit("POST", { records }, bearer(org.users.coordinator.token)),
  );
  expect(up.status).toBe(200);
  expect((await up.json()).accepted).toBe(48);

  const res = await app.request("/api/export?format=zip", { headers: auth });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/zip");
  expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="festsafe-/);
  const dir = await unpack(res);
  try {
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    expect(names).toEqual(["environment.csv", "events.csv", "hospitals.csv", "observations.csv"]);
    const obs = parseCsv(await Deno.readTextFile(`${dir}/observations.csv`));
    expect(Object.keys(obs[0])).toEqual([
      "hospitalId",
      "ts",
      "edArrivals",
      "ambulanceArrivals",
      "edOccupancy",
      "bedsAvailable",
      // The live ED status fields (issue 18) travel with the hour.
      "boarders",
      "waitingRoom",
      "ventilated",
      "longestBoardingHours",
      "lastBedWaitHours",
      "diversion",
      "diversionReason",
    ]);
    expect(obs.map((o) => Number(o.edArrivals))).toEqual(records.map((r) => r.edArrivals));
    const data = await datasetFromCsvDir(dir);
    expect(data.hospitals.map((h) => h.id)).toEqual([org.hospital.code]);
    expect(data.hours).toBe(48);
    expect([...data.hospitals[0].arrivals]).toEqual(records.map((r) => r.edArrivals));
    expect(data.events.map((e) => e.code)).toEqual([org.event.code]);
    expect(data.events[0].alcohol).toBe(true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }

  const one = await app.request("/api/export?file=hospitals.csv", { headers: auth });
  expect(one.status).toBe(200);
  expect(one.headers.get("content-type")).toContain("text/csv");
  const text = await one.text();
  expect(text.split("\r\n")[0]).toBe("id,name,lat,lon,edBeds,icuBeds,staffBaseline,timezone");
  expect(text).toContain(org.hospital.code);

  for (
    const [path, code] of [
      ["/api/export?format=csv", 422],
      ["/api/export?from=2025-05-02&to=2025-05-01", 422],
      ["/api/export?file=calendar.csv", 404],
      ["/api/export?file=secrets.csv", 422],
    ] as const
  ) {
    const r = await app.request(path, { headers: auth });
    expect({ path, status: r.status }).toEqual({ path, status: code });
    expect(r.headers.get("content-type")).toContain("application/json");
    await r.body?.cancel();
  }
  const anonymous = await app.request("/api/export");
  expect(anonymous.status).toBe(401);
  await anonymous.body?.cancel();
});

dbTest(
  "export: the demo region's last week, environment included, and its CSV downloads",
  async (s) => {
    const app = await buildTestApp(s);
    const demo = (await findDemoOrgId(s.db))!;
    const analyst = await addUser(s, demo, "analyst");
    const auth = bearer(analyst.token);
    const to = new Date(Math.floor(Date.now() / HOUR) * HOUR);
    const from = new Date(to.getTime() - 7 * 24 * HOUR);
    const res = await app.request(
      `/api/export?format=zip&from=${from.toISOString()}&to=${to.toISOString()}`,
      { headers: auth },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const dir = await unpack(res);
    try {
      const data = await datasetFromCsvDir(dir);
      const hospitals = await listHospitals(s.db, demo);
      expect(data.hospitals.length).toBe(hospitals.length);
      expect(data.hours).toBeGreaterThan(24 * 6);
      for (const h of data.hospitals) {
        expect(h.arrivals.filter(Number.isFinite).length).toBeGreaterThan(24 * 6);
        expect(h.temperatureC.filter(Number.isFinite).length).toBeGreaterThan(24 * 6);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }

    const code = encodeURIComponent((await listHospitals(s.db, demo))[0].code);
    const forecast = await app.request(`/api/hospitals/${code}/forecast?format=csv`, {
      headers: auth,
    });
    expect(forecast.status).toBe(200);
    expect(forecast.headers.get("content-type")).toContain("text/csv");
    expect(forecast.headers.get("content-disposition")).toMatch(/filename="forecast-/);
    const rows = parseCsv(await forecast.text());
    expect(rows.length).toBe(72);
    expect(Object.keys(rows[0])).toEqual([
      "hospitalId",
      "issuedAt",
      "modelVersion",
      "ts",
      "p10",
      "p50",
      "p90",
      "census_p10",
      "census_p50",
      "census_p90",
      "beds",
    ]);
    expect(rows.every((r) => Number(r.p10) <= Number(r.p50) && Number(r.p50) <= Number(r.p90)))
      .toBe(true);

    const series = await app.request(`/api/hospitals/${code}/observations?format=csv`, {
      headers: auth,
    });
    expect(series.status).toBe(200);
    expect(series.headers.get("content-type")).toContain("text/csv");
    expect((await series.text()).split("\r\n")[0]).toBe("hospitalId,ts,edArrivals,edOccupancy");

    const plan = await app.request(`/api/plans/latest?hospitalId=${code}&format=csv`, {
      headers: auth,
    });
    expect([200, 404]).toContain(plan.status); // the demo's first plan may still be building
    if (plan.status === 200) {
      expect(plan.headers.get("content-type")).toContain("text/csv");
      expect((await plan.text()).split("\r\n")[0]).toMatch(/^planId,hospitalId,createdAt,id,/);
    } else await plan.body?.cancel();
  },
);
