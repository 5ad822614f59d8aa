/**
 * Plausibility on upload (issue 16), through the public API: a value far outside what the
 * hospital can report is refused with a 422 naming its row and column (nothing stored); with
 * ?partial=true the rest is stored and that row reported, so 10,000 patients in a 20-bed ED never
 * reach the census.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, unique } from "./support/accounts.ts";
import { edHistory, historyCsv } from "./support/scenario_data.ts";

const HOUR = 3_600_000;
const TZ = "America/Los_Angeles";

dbTest("10,000 patients in a 20-bed ED are refused, naming the row and column", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "plausible");
  const code = unique("small-ed");
  const created = await app.request(
    "/api/hospitals",
    jsonInit("POST", {
      id: code,
      name: "Small ED",
      lat: 33.9,
      lon: -116.6,
      edBeds: 20,
      staffBaseline: 5,
      timezone: TZ,
    }, bearer(org.users.admin.token)),
  );
  expect(created.status).toBe(201);
  await created.body?.cancel();
  const ingest = bearer(org.apiKey);
  const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
  const rows = edHistory({
    end: new Date(thisHour),
    days: 14,
    meanPerHour: 2,
    timeZone: TZ,
    los: { meanHours: 4, cv: 1 },
    seed: 5,
  });
  const bad = rows.length - 3;
  rows[bad].edOccupancy = 10_000;
  const post = (query = "", body = historyCsv(code, rows)) =>
    app.request(`/api/observations${query}`, {
      method: "POST",
      headers: { ...ingest, "content-type": "text/csv" },
      body,
    });

  // Refused as a whole: 422 naming the CSV line (header is line 1) and the column.
  const refused = await post();
  expect(refused.status).toBe(422);
  expect(refused.headers.get("content-type")).toContain("json");
  const problem = await refused.json();
  const text = JSON.stringify(problem);
  expect(text).toContain(`edOccupancy`);
  expect(text).toContain("not plausible for this hospital (at most 100: 5 × 20 staffed ED beds)");
  const stored = await s.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM observations o JOIN hospitals h ON h.id = o.hospital_id
     WHERE h.code = $1`,
    [code],
  );
  expect(stored[0].n).toBe(0);

  // Partial: the other rows stored, that one reported with its row and path.
  const partial = await post("?partial=true");
  expect(partial.status).toBe(200);
  const outcome = await partial.json();
  expect(outcome).toMatchObject({ accepted: rows.length - 1, rejected: 1 });
  expect(outcome.errors).toHaveLength(1);
  expect(outcome.errors[0].path).toMatch(/edOccupancy$/);
  expect(outcome.errors[0].row).toBe(bad + 2);

  // The census never sees it: the forecast's census stays within what 20 beds can hold.
  const f = await app.request(`/api/hospitals/${code}/forecast`, {
    headers: bearer(org.users.admin.token),
  });
  expect(f.status).toBe(200);
  const forecast = await f.json();
  const top = Math.max(...forecast.census.map((c: { p90: number }) => c.p90));
  expect(top).toBeLessThan(60);

  // With two weeks of history, 20 × its usual peak hour bounds arrivals (JSON body this time).
  const burst = await app.request(
    "/api/observations",
    jsonInit("POST", {
      records: [{ hospitalId: code, ts: new Date(thisHour).toISOString(), edArrivals: 5_000 }],
    }, ingest),
  );
  expect(burst.status).toBe(422);
  const burstText = JSON.stringify(await burst.json());
  expect(burstText).toContain("records.0.edArrivals");
  expect(burstText).toMatch(/× its usual peak hour/);
});
