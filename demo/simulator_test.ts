import { expect } from "expect";
import {
  type EnvironmentHour,
  expectedEventLoad,
  simulateArrivals,
  simulateEnvironment,
  transferShares,
} from "./simulator.ts";
import { DEMO_HOSPITALS, demoEvents } from "./region.ts";
import { gridCell } from "../domain/grid.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const SEED = 7;

const locations = DEMO_HOSPITALS.map((h) => ({
  ...gridCell(h.lat, h.lon),
  elevationM: h.elevationM,
}));

function byHospital(env: Map<string, EnvironmentHour[]>) {
  return new Map(DEMO_HOSPITALS.map((h) => [h.code, env.get(gridCell(h.lat, h.lon).key)!]));
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

Deno.test("simulateEnvironment is deterministic per seed and window-independent", () => {
  const from = new Date("2025-07-01T00:00:00Z");
  const to = new Date("2025-07-08T00:00:00Z");
  const a = simulateEnvironment(locations, from, to, SEED);
  const b = simulateEnvironment(locations, from, to, SEED);
  expect(a).toEqual(b);
  const other = simulateEnvironment(locations, from, to, SEED + 1);
  expect(other.get(locations[0].key)![30].temperatureC)
    .not.toBe(a.get(locations[0].key)![30].temperatureC);
  // A later window reproduces the same hours.
  const later = simulateEnvironment(locations, new Date("2025-07-03T00:00:00Z"), to, SEED);
  expect(later.get(locations[0].key)![0]).toEqual(a.get(locations[0].key)![48]);
});

Deno.test("simulateEnvironment gives a desert climate", () => {
  const key = locations[0].key; // Palm Springs
  const july = simulateEnvironment(
    locations,
    new Date("2025-07-01T00:00:00Z"),
    new Date("2025-08-01T00:00:00Z"),
    SEED,
  ).get(key)!;
  const january = simulateEnvironment(
    locations,
    new Date("2025-01-01T00:00:00Z"),
    new Date("2025-02-01T00:00:00Z"),
    SEED,
  ).get(key)!;
  const dailyMax = (rows: EnvironmentHour[]) => {
    const out: number[] = [];
    for (let i = 0; i + 24 <= rows.length; i += 24) {
      out.push(Math.max(...rows.slice(i, i + 24).map((r) => r.temperatureC)));
    }
    return sum(out) / out.length;
  };
  expect(dailyMax(july)).toBeGreaterThan(38);
  expect(dailyMax(july)).toBeLessThan(47);
  expect(dailyMax(january)).toBeGreaterThan(16);
  expect(dailyMax(january)).toBeLessThan(26);
  const julyRh = sum(july.map((r) => r.relativeHumidity)) / july.length;
  expect(julyRh).toBeGreaterThan(10);
  expect(julyRh).toBeLessThan(40);
  for (const r of [...july, ...january]) {
    expect(r.relativeHumidity).toBeGreaterThanOrEqual(3);
    expect(r.relativeHumidity).toBeLessThanOrEqual(100);
    expect(Math.min(r.pm25, r.pm10, r.ozone)).toBeGreaterThan(0);
    expect(r.pm10).toBeGreaterThanOrEqual(r.pm25);
  }
});

Deno.test("simulateArrivals is deterministic and well-formed", () => {
  const from = new Date("2025-03-01T08:00:00Z");
  const to = new Date("2025-03-15T08:00:00Z");
  const env = byHospital(simulateEnvironment(locations, from, to, SEED));
  const events = demoEvents(new Date("2025-03-10T00:00:00Z"));
  const a = simulateArrivals(DEMO_HOSPITALS, events, env, from, to, SEED);
  const b = simulateArrivals(DEMO_HOSPITALS, events, env, from, to, SEED);
  expect(a).toEqual(b);
  const c = simulateArrivals(DEMO_HOSPITALS, events, env, from, to, SEED + 1);
  expect(c.get("eisenhower")!.map((r) => r.edArrivals))
    .not.toEqual(a.get("eisenhower")!.map((r) => r.edArrivals));
  for (const h of DEMO_HOSPITALS) {
    const rows = a.get(h.code)!;
    expect(rows.length).toBe(14 * 24);
    for (const r of rows) {
      expect(Number.isInteger(r.edArrivals) && r.edArrivals >= 0).toBe(true);
      expect(r.ambulanceArrivals).toBeLessThanOrEqual(r.edArrivals);
      expect(r.bedsAvailable).toBe(Math.max(0, h.edBeds - r.edOccupancy));
      expect(r.mean).toBeGreaterThan(0);
    }
  }
});

Deno.test("Coachella days raise the nearest hospital's mean over the same hours a week before", () => {
  const now = new Date("2025-04-20T00:00:00Z");
  const weekend1 = ["coachella-2025-04-11", "coachella-2025-04-12", "coachella-2025-04-13"];
  const coachella = demoEvents(now).filter((e) => weekend1.includes(e.code));
  expect(coachella.length).toBe(3);
  const from = new Date("2025-04-01T00:00:00Z");
  const to = new Date("2025-04-20T00:00:00Z");
  const env = byHospital(simulateEnvironment(locations, from, to, SEED));
  const rows = simulateArrivals(DEMO_HOSPITALS, coachella, env, from, to, SEED);
  // JFK Memorial (Indio) is the nearest hospital to the Empire Polo Club.
  const shares = transferShares(coachella[0], DEMO_HOSPITALS);
  expect([...shares].sort((a, b) => b[1] - a[1])[0][0]).toBe("jfk-memorial");
  const jfk = rows.get("jfk-memorial")!;
  const meanBetween = (start: number, end: number) =>
    sum(jfk.filter((r) => r.ts.getTime() >= start && r.ts.getTime() < end).map((r) => r.mean));
  const start = coachella[0].startsAt.getTime();
  const end = coachella[2].endsAt.getTime();
  const during = meanBetween(start, end);
  const weekBefore = meanBetween(start - 7 * DAY_MS, end - 7 * DAY_MS);
  expect(during / weekBefore).toBeGreaterThan(1.3);
  // The farthest hospital barely notices.
  const hiDesert = rows.get("hi-desert")!;
  const eventShare = sum(hiDesert.map((r) => r.eventMean)) / sum(hiDesert.map((r) => r.mean));
  expect(eventShare).toBeLessThan(0.01);
});

Deno.test("expectedEventLoad follows type rates and the DOMAIN.md modifiers", () => {
  const base = {
    code: "x",
    lat: 33.7,
    lon: -116.2,
    startsAt: new Date("2025-04-11T19:00:00Z"),
    endsAt: new Date("2025-04-12T08:00:00Z"),
    expectedAttendance: 100_000,
    indoor: false,
    bounded: true,
    alcohol: true,
    freeWater: true,
  };
  const festival = expectedEventLoad({ ...base, type: "music_festival" });
  expect(festival.onSite).toBeCloseTo(1650, 6); // Turris 2018: 16.5 per 1,000
  expect(festival.transfers).toBeCloseTo(25, 6); // TTHR 0.25 per 1,000
  const sports = expectedEventLoad({ ...base, type: "sports", freeWater: false });
  expect(sports.onSite).toBeLessThan(festival.onSite / 10);
  const noWater = expectedEventLoad({ ...base, type: "music_festival", freeWater: false });
  expect(noWater.onSite / festival.onSite).toBeCloseTo(1.7, 6);
  const hot = expectedEventLoad({ ...base, type: "music_festival" }, 100);
  expect(hot.onSite / festival.onSite).toBeCloseTo(1.21 ** 2, 6);
});

Deno.test("+5 °C raises the expected arrivals in summer", () => {
  const from = new Date("2025-07-07T00:00:00Z");
  const to = new Date("2025-07-21T00:00:00Z");
  const env = simulateEnvironment(locations, from, to, SEED);
  const hotter = new Map(
    [...env].map(([k, rows]) => [k, rows.map((r) => ({ ...r, temperatureC: r.temperatureC + 5 }))]),
  );
  const a = simulateArrivals(DEMO_HOSPITALS, [], byHospital(env), from, to, SEED);
  const b = simulateArrivals(DEMO_HOSPITALS, [], byHospital(hotter), from, to, SEED);
  for (const h of DEMO_HOSPITALS) {
    const base = a.get(h.code)!;
    const warm = b.get(h.code)!;
    base.forEach((r, i) => expect(warm[i].mean).toBeGreaterThanOrEqual(r.mean));
    const ratio = sum(warm.map((r) => r.mean)) / sum(base.map((r) => r.mean));
    expect(ratio).toBeGreaterThan(1.05); // ≥ 1.018^5 ≈ 1.093 once above the optimum
  }
});

Deno.test("hourly arrivals are overdispersed (variance > mean)", () => {
  const from = new Date("2025-10-01T00:00:00Z");
  const to = new Date(from.getTime() + 90 * DAY_MS);
  // A flat environment at the optimum keeps the mean free of weather effects.
  const flat = new Map(DEMO_HOSPITALS.map((h) => {
    const rows: EnvironmentHour[] = [];
    for (let t = from.getTime() - DAY_MS; t < to.getTime(); t += HOUR_MS) {
      rows.push({
        ts: new Date(t),
        temperatureC: 20,
        relativeHumidity: 30,
        pm25: 3,
        pm10: 15,
        ozone: 60,
      });
    }
    return [h.code, rows];
  }));
  const rows = simulateArrivals(DEMO_HOSPITALS, [], flat, from, to, SEED).get("eisenhower")!;
  const meanOfMeans = sum(rows.map((r) => r.mean)) / rows.length;
  const variance = sum(rows.map((r) => (r.edArrivals - r.mean) ** 2)) / rows.length;
  const observedMean = sum(rows.map((r) => r.edArrivals)) / rows.length;
  expect(Math.abs(observedMean / meanOfMeans - 1)).toBeLessThan(0.05);
  expect(variance / meanOfMeans).toBeGreaterThan(1.2);
});
