/**
 * The rollups are read: daily arrivals come from obs_daily and daily environment from env_daily
 * for the days they hold, and from the raw rows for partial days and for days that changed
 * since the last rollup. Fixtures live in June 2021, far from the demo history, and are removed
 * at the end (the hospital's rows go with it through the foreign keys).
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { unique } from "./support/accounts.ts";
import type { Services } from "../lib/runtime.ts";
import { insertOrg } from "../models/orgs.ts";
import { insertHospital } from "../models/hospitals.ts";
import { ensurePartitions } from "../models/partitions.ts";
import { arrivalSeries } from "../models/observations.ts";
import { environmentDaily } from "../models/environment_daily.ts";
import { storeReadings } from "../feeds/store.ts";
import type { Reading } from "../feeds/types.ts";
import { rollupJob } from "../workers/rollup.ts";
import { runJob } from "../workers/runner.ts";

const H = 3_600_000;
const DAY = 24 * H;
const D0 = Date.UTC(2021, 5, 7);
const arrivals = (t: number) => 3 + Math.floor(t / H) % 7;
const occupancy = (t: number) => 10 + Math.floor(t / H) % 13;

async function makeHospital(s: Services, label: string) {
  const org = (await insertOrg(s.db, unique(`org-${label}`)))!;
  const hospital = (await insertHospital(s.db, org.id, {
    code: unique(label),
    name: `${label} hospital`,
    lat: -45,
    lon: 100,
    edBeds: 20,
    icuBeds: 2,
    staffBaseline: 10,
    timezone: "UTC",
  }))!;
  return { orgId: org.id, hospitalId: hospital.id };
}

/** Rolls up, then ages the fixture rows past the watermark: they now count as rolled up. */
async function rollUp(s: Services, table: string, where: string, param: unknown) {
  expect((await runJob(s, rollupJob)).outcome).toBe("ok");
  await s.db.query(
    `UPDATE ${table} SET ingested_at = now() - interval '1 hour' WHERE ${where} = $1`,
    [param],
  );
}

/** What summing the hours gives for UTC days over [from, to). */
function expectedDays(from: number, to: number, skip = new Set<number>()) {
  const days = new Map<number, { edArrivals: number; edOccupancy: number }>();
  for (let t = from; t < to; t += H) {
    if (skip.has(Math.floor(t / DAY) * DAY)) continue;
    const d = days.get(Math.floor(t / DAY) * DAY) ?? { edArrivals: 0, edOccupancy: 0 };
    d.edArrivals += arrivals(t);
    d.edOccupancy = Math.max(d.edOccupancy, occupancy(t));
    days.set(Math.floor(t / DAY) * DAY, d);
  }
  return [...days].map(([t, d]) => ({ ts: new Date(t).toISOString(), ...d }));
}

const iso = (rows: { ts: Date; edArrivals: number; edOccupancy: number | null }[]) =>
  rows.map((r) => ({ ...r, ts: new Date(r.ts).toISOString() }));

dbTest("daily arrivals read obs_daily for whole days, hourly rows for the rest", async (s) => {
  const { orgId, hospitalId } = await makeHospital(s, "rollup-read");
  try {
    await ensurePartitions(s.db, "observations", new Date(D0), new Date(D0 + 5 * DAY));
    await s.db.query(
      `INSERT INTO observations (org_id, hospital_id, ts, ed_arrivals, ed_occupancy, source)
       SELECT $1, $2, t, 3 + (extract(epoch FROM t)::bigint / 3600) % 7,
         10 + (extract(epoch FROM t)::bigint / 3600) % 13, 'rollup_read_test'
       FROM generate_series($3::timestamptz, $4::timestamptz - interval '1 hour',
         interval '1 hour') AS t`,
      [orgId, hospitalId, new Date(D0), new Date(D0 + 5 * DAY)],
    );
    await rollUp(s, "observations", "hospital_id", hospitalId);
    // Partial first and last days, three whole days in between.
    const from = new Date(D0 + 6 * H), to = new Date(D0 + 4 * DAY + 6 * H);
    const daily = await arrivalSeries(s.db, hospitalId, from, to, "1 day");
    expect(iso(daily)).toEqual(expectedDays(from.getTime(), to.getTime()));

    // Retention removes hourly rows before daily ones: a whole day is still answered.
    await s.db.query(
      "DELETE FROM observations WHERE hospital_id = $1 AND ts >= $2 AND ts < $3",
      [hospitalId, new Date(D0 + 2 * DAY), new Date(D0 + 3 * DAY)],
    );
    const hourly = await arrivalSeries(s.db, hospitalId, from, to);
    expect(hourly.some((r) => new Date(r.ts).getTime() === D0 + 2 * DAY)).toBe(false);
    expect(iso(await arrivalSeries(s.db, hospitalId, from, to, "1 day")))
      .toEqual(expectedDays(from.getTime(), to.getTime()));

    // A late correction counts at once, before the next rollup.
    await s.db.query(
      "UPDATE observations SET ed_arrivals = ed_arrivals + 100, ingested_at = now() WHERE hospital_id = $1 AND ts = $2",
      [hospitalId, new Date(D0 + DAY + 3 * H)],
    );
    const corrected = expectedDays(from.getTime(), to.getTime());
    corrected[1].edArrivals += 100;
    expect(iso(await arrivalSeries(s.db, hospitalId, from, to, "1 day"))).toEqual(corrected);
  } finally {
    await s.db.query("DELETE FROM obs_daily WHERE hospital_id = $1", [hospitalId]);
    await s.db.query("DELETE FROM hospitals WHERE id = $1", [hospitalId]);
  }
  const [left] = await s.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM observations WHERE hospital_id = $1",
    [hospitalId],
  );
  expect(left.n).toBe(0); // ON DELETE CASCADE from hospitals
});

dbTest("daily environment reads env_daily, with the caller's own sensors only", async (s) => {
  const mine = await makeHospital(s, "env-daily");
  const other = await makeHospital(s, "env-daily-other");
  const locationKey = `grid:-45.00,${100 + Math.floor(Math.random() * 70)}.00`;
  const reading = (
    t: number,
    source: string,
    metric: Reading["metric"],
    value: number,
    orgId?: string,
  ): Reading => ({
    source,
    locationKey,
    lat: -45,
    lon: 100,
    ts: new Date(t),
    metric,
    value,
    orgId,
  });
  const readings: Reading[] = [];
  for (let t = D0; t < D0 + 2 * DAY; t += H) {
    readings.push(reading(t, "open_meteo", "temperature_c", t < D0 + DAY ? 20 : 30));
    readings.push(reading(t, `user:${mine.orgId}`, "pm25", 5, mine.orgId));
    readings.push(reading(t, `user:${other.orgId}`, "pm25", 500, other.orgId));
    readings.push(reading(t, "openaq", "pm25", 50));
  }
  try {
    await storeReadings(s.db, readings);
    await rollUp(s, "environment_readings", "location_key", locationKey);
    const range = { locationKey, orgId: mine.orgId, from: new Date(D0), to: new Date(D0 + DAY) };
    const expected = {
      day: new Date(D0).toISOString(),
      temperatureC: { mean: 20, min: 20, max: 20 },
      relativeHumidity: null,
      heatIndexC: null,
      pm25: { mean: 5, min: 5, max: 5 },
      pm10: null,
      ozone: null,
      aqi: null,
      source: "user,open_meteo",
      sources: { temperatureC: "open_meteo", pm25: "user" },
    };
    expect(await environmentDaily(s.db, range)).toEqual([expected]);

    // Served from env_daily once the readings are gone; a changed day is read from readings.
    await s.db.query(
      "DELETE FROM environment_readings WHERE location_key = $1 AND ts < $2",
      [locationKey, new Date(D0 + DAY)],
    );
    await storeReadings(s.db, [reading(D0 + DAY, "open_meteo", "temperature_c", 54)]);
    const two = await environmentDaily(s.db, { ...range, to: new Date(D0 + 2 * DAY) });
    expect(two[0]).toEqual(expected);
    expect(two[1].temperatureC).toEqual({ mean: 31, min: 30, max: 54 });
    expect(two[1].pm25).toEqual({ mean: 5, min: 5, max: 5 });
  } finally {
    await s.db.query("DELETE FROM environment_readings WHERE location_key = $1", [locationKey]);
    for (const t of ["env_daily", "env_hourly"]) {
      await s.db.query(`DELETE FROM ${t} WHERE location_key = $1`, [locationKey]);
    }
    await s.db.query("DELETE FROM hospitals WHERE id = ANY($1::uuid[])", [
      [mine.hospitalId, other.hospitalId],
    ]);
  }
});
