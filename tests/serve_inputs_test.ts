/**
 * What forecasts read at serve time besides arrivals: the organisation's own calendar (the
 * calendar API round trip, and its effect on features and forecasts) and the place's heat
 * climatology by the hospital's local day.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { simulateOrgHistory, uploadHistory, weekStart } from "./support/org_history.ts";
import { climateKey, issueHour, loadClimates, loadForecastInputs } from "../ml/forecaster.ts";
import { holidayRegion, localDates, publicHolidayDates } from "../ml/calendar.ts";
import { LOOKBACK_HOURS } from "../ml/features.ts";
import { gridKey } from "../domain/grid.ts";

const HOUR_MS = 3_600_000;

dbTest("calendar API: a calendar.csv round trip, day changes, refusals", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "calendar");
  const put = await app.request("/api/calendar", {
    method: "PUT",
    headers: { ...bearer(org.users.coordinator.token), "content-type": "text/csv" },
    body: "date,publicHoliday,festiveDay\n2025-07-03,,yes\n2025-07-04,Independence Day,0\n",
  });
  expect(put.status).toBe(200);
  expect(put.headers.get("content-type")).toContain("application/json");
  expect(await put.json()).toEqual({ days: 2, flags: ["festiveDay", "publicHoliday"] });

  const patched = await app.request(
    "/api/calendar",
    jsonInit("PATCH", {
      days: [
        { date: "2025-07-03", flags: { strike: true } },
        { date: "2025-07-04", flags: { publicHoliday: false } },
      ],
    }, bearer(org.users.admin.token)),
  );
  expect(patched.status).toBe(200);
  expect(await patched.json()).toEqual({ days: 1, flags: ["festiveDay", "strike"] });

  const read = await app.request("/api/calendar?from=2025-07-01&to=2025-07-31", {
    headers: bearer(org.users.analyst.token),
  });
  expect(read.status).toBe(200);
  expect(read.headers.get("content-type")).toContain("application/json");
  expect(await read.json()).toEqual({
    flags: ["festiveDay", "strike"],
    days: [{ date: "2025-07-03", flags: { festiveDay: true, strike: true } }],
  });

  const analyst = await app.request(
    "/api/calendar",
    jsonInit("PUT", { days: [] }, bearer(org.users.analyst.token)),
  );
  expect(analyst.status).toBe(403);
  await analyst.body?.cancel();
  const badLine = await app.request("/api/calendar", {
    method: "PUT",
    headers: { ...bearer(org.users.admin.token), "content-type": "text/csv" },
    body: "date,strike\n2025-07-05,1\n2025-02-30,1\n",
  });
  expect(badLine.status).toBe(422);
  expect(badLine.headers.get("content-type")).toContain("application/json");
  const bad = await badLine.json();
  expect(bad.error.message).toContain("line 3");
  expect(bad.error.details[0].path).toBe("line 3.date");
  const badName = await app.request(
    "/api/calendar",
    jsonInit("PATCH", {
      days: [{ date: "2025-07-05", flags: { "no spaces": true } }],
    }, bearer(org.users.admin.token)),
  );
  expect(badName.status).toBe(422);
  expect((await badName.json()).error.details[0].path).toMatch(/^days\.0\.flags/);
  const tooMany = await app.request(
    "/api/calendar",
    jsonInit("PATCH", {
      days: [{
        date: "2025-07-06",
        flags: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`flag${i}`, true])),
      }],
    }, bearer(org.users.admin.token)),
  );
  expect(tooMany.status).toBe(422);
  expect((await tooMany.json()).error.message).toContain("at most 20 flags");
  // Refused changes changed nothing.
  const after = await (await app.request("/api/calendar", {
    headers: bearer(org.users.analyst.token),
  })).json();
  expect(after.days.map((d: { date: string }) => d.date)).toEqual(["2025-07-03"]);
});

dbTest("the organisation's calendar reaches the features and the forecast", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "calendar-serve");
  const h = org.hospital;
  const rows = simulateOrgHistory({
    beds: 30,
    days: 10,
    end: weekStart(),
    utcOffsetHours: -8,
    seed: 5,
  });
  await uploadHistory(app, org.users.admin.token, h.code, rows);
  const issuedAt = issueHour(new Date());
  // A local date in the next 72 h that is not a public holiday already (the library's).
  const dates = localDates(h.timezone, issuedAt.getTime(), 72).filter((d, i, a) =>
    a.indexOf(d) === i
  );
  const library = publicHolidayDates(holidayRegion(h)!, [2024, 2025, 2026, 2027, 2028]);
  const day = dates.slice(1).find((d) => !library.has(d))!;
  const whatIf = async () => {
    const res = await app.request(
      "/api/forecast/what-if",
      jsonInit("POST", { hospitalId: h.code, overrides: {} }, bearer(org.users.analyst.token)),
    );
    expect(res.status).toBe(200);
    return (await res.json()).points as { ts: string; p10: number; p50: number; p90: number }[];
  };
  const before = await whatIf();
  const put = await app.request(
    "/api/calendar",
    jsonInit("PUT", {
      days: [{ date: day, flags: { publicHoliday: true, festiveDay: true } }],
    }, bearer(org.users.admin.token)),
  );
  expect(put.status).toBe(200);
  await put.body?.cancel();

  const inputs = await loadForecastInputs(s.db, org.id, issuedAt);
  const days = inputs.hospitals.find((x) => x.id === h.id)!.days;
  const local = localDates(h.timezone, inputs.start, inputs.hours);
  const flagged = (series: Uint8Array) => local.filter((_, i) => series[i] === 1);
  expect(flagged(days.public_holiday).filter((d) => d === day).length).toBe(24);
  expect(flagged(days.org_festiveDay)).toEqual(Array(24).fill(day));

  // The global model reads public holidays: the forecast of that day changes, the others do not.
  const after = await whatIf();
  const onDay = (i: number) =>
    local[LOOKBACK_HOURS + i] === day ||
    local[LOOKBACK_HOURS + i - 24] === day || // the day after a holiday is a feature too
    local[LOOKBACK_HOURS + i - 168] === day;
  const changed = before.map((p, i) =>
    p.p10 !== after[i].p10 || p.p50 !== after[i].p50 || p.p90 !== after[i].p90
  );
  expect(changed.some((c, i) => c && onDay(i))).toBe(true);
  expect(changed.filter((c, i) => c && !onDay(i))).toEqual([]);
});

dbTest(
  "heat climatology groups readings by the hospital's local day, not the UTC day",
  async (s) => {
    // A place where each local day (Asia/Tokyo, UTC+9) is all 10 °C or all 20 °C, alternating:
    // by local day the coolest days average 10 °C; by UTC day every day mixes both (13.75/16.25).
    const lat = -41.3, lon = 101.7, key = gridKey(lat, lon);
    const first = Date.UTC(2024, 11, 20) - 9 * HOUR_MS; // local midnight, 20 Dec 2024
    const ts: string[] = [], values: number[] = [];
    for (let h = 0; h < 70 * 24; h++) {
      ts.push(new Date(first + h * HOUR_MS).toISOString());
      values.push(Math.floor(h / 24) % 2 ? 20 : 10);
    }
    await s.db.query(
      `INSERT INTO environment_readings (source, location_key, lat, lon, ts, metric, value)
     SELECT 'climate-test', $1, $2, $3, t, 'temperature_c', v
     FROM unnest($4::timestamptz[], $5::float8[]) AS x(t, v)`,
      [key, lat, lon, ts, values],
    );
    const at = new Date(Date.UTC(2025, 2, 1));
    const climates = await loadClimates(s.db, crypto.randomUUID(), [
      { key, timezone: "Asia/Tokyo" },
      { key, timezone: "UTC" },
    ], at);
    const local = climates.get(climateKey(key, "Asia/Tokyo"))!;
    const utc = climates.get(climateKey(key, "UTC"))!;
    expect(local.coldMeanC[0]).toBe(10); // January
    expect(local.warmMeanC[0]).toBe(20);
    expect(utc.coldMeanC[0]).toBeCloseTo(13.75, 6);
  },
);
