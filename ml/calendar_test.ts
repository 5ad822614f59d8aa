import { expect } from "expect";
import { dayFlags, holidayRegion, localDates, PUBLIC_HOLIDAY, SCHOOL_HOLIDAY } from "./calendar.ts";
import { FEATURE_NAMES, featureNames, prepareHistory, rawFeatures } from "./features.ts";

const HOUR_MS = 3_600_000;
const cardiff = { timezone: "Europe/London", lat: 51.5, lon: -3.19 };

Deno.test("holiday regions come from the hospital's zone and place", () => {
  expect(holidayRegion(cardiff)).toEqual({ country: "GB", region: "WLS" });
  expect(holidayRegion({ timezone: "Europe/London", lat: 55.95, lon: -3.19 })).toEqual({
    country: "GB",
    region: "SCT",
  });
  expect(holidayRegion({ timezone: "Europe/London", lat: 54.6, lon: -5.93 })).toEqual({
    country: "GB",
    region: "NIR",
  });
  expect(holidayRegion({ timezone: "America/Los_Angeles", lat: 33.7, lon: -116.2 })).toEqual({
    country: "US",
  });
  expect(holidayRegion({ timezone: "Asia/Kathmandu", lat: 27.7, lon: 85.3 })).toBeNull();
});

Deno.test("public holidays are local days: Christmas in London, Easter Monday, not Good Friday in the US", () => {
  const start = Date.UTC(2018, 11, 24, 0); // 24 Dec 2018 00:00 UTC = 00:00 GMT
  const f = dayFlags(cardiff, start, 72);
  expect([...f[PUBLIC_HOLIDAY].subarray(0, 24)].every((v) => v === 0)).toBe(true);
  expect([...f[PUBLIC_HOLIDAY].subarray(24, 72)].every((v) => v === 1)).toBe(true); // 25, 26 Dec
  // Easter Monday 2018-04-02 in BST: local midnight is 23:00 UTC the day before.
  const easter = dayFlags(cardiff, Date.UTC(2018, 3, 1, 23), 24);
  expect([...easter[PUBLIC_HOLIDAY]].every((v) => v === 1)).toBe(true);
  const us = dayFlags(
    { timezone: "America/New_York", lat: 40.7, lon: -74 },
    Date.UTC(2018, 2, 30, 12),
    1,
  );
  expect(us[PUBLIC_HOLIDAY][0]).toBe(0);
  expect(localDates("Europe/London", Date.UTC(2018, 3, 1, 22), 2)).toEqual([
    "2018-04-01",
    "2018-04-02",
  ]);
});

Deno.test("the organisation's calendar adds flags and ORs holidays", () => {
  const start = Date.UTC(2018, 6, 2, 0);
  const f = dayFlags({ ...cardiff, timezone: "UTC" }, start, 48, [
    {
      date: "2018-07-02",
      flags: { publicHoliday: true, schoolHoliday: true, rugbyInCardiff: false },
    },
    {
      date: "2018-07-03",
      flags: { publicHoliday: false, schoolHoliday: true, rugbyInCardiff: true },
    },
  ]);
  expect(f[PUBLIC_HOLIDAY][0]).toBe(1);
  expect(f[PUBLIC_HOLIDAY][24]).toBe(0);
  expect(f[SCHOOL_HOLIDAY][30]).toBe(1);
  expect(f.org_rugbyInCardiff[10]).toBe(0);
  expect(f.org_rugbyInCardiff[30]).toBe(1);
});

Deno.test("calendar features: holiday, day after, Christmas period and organisation flags", () => {
  const start = Date.UTC(2018, 10, 20);
  const hours = 50 * 24;
  const arrivals = new Float64Array(hours).fill(10);
  const env = {
    temperatureC: new Float64Array(hours).fill(8),
    relativeHumidity: new Float64Array(hours).fill(NaN),
    pm25: new Float64Array(hours).fill(NaN),
    ozone: new Float64Array(hours).fill(NaN),
  };
  const days = dayFlags(cardiff, start, hours, [
    { date: "2018-12-27", flags: { rugbyAway: true } },
  ]);
  const h = prepareHistory(cardiff, [], [], start, arrivals, env, {}, days);
  const names = featureNames(["org_rugbyAway"]);
  const row = new Float32Array(names.length);
  const at = (iso: string) => {
    const t = (Date.parse(iso) - start) / HOUR_MS;
    const origin = t - 5;
    expect(rawFeatures(h, origin, 5, row, 0, ["org_rugbyAway"])).toBe(10);
    return Object.fromEntries(names.map((n, i) => [n, row[i]]));
  };
  const xmas = at("2018-12-25T12:00:00Z");
  expect(xmas[PUBLIC_HOLIDAY]).toBe(1);
  expect(xmas.christmas_period).toBe(1);
  expect(xmas.xmas_day).toBe(1);
  expect(xmas.org_rugbyAway).toBe(0);
  const after = at("2018-12-27T12:00:00Z");
  expect(after.day_after_holiday).toBe(1);
  expect(after[PUBLIC_HOLIDAY]).toBe(0);
  expect(after.org_rugbyAway).toBe(1);
  const ordinary = at("2018-12-12T12:00:00Z");
  expect(ordinary.christmas_period).toBe(0);
  expect(ordinary[PUBLIC_HOLIDAY]).toBe(0);
  expect(names.slice(0, FEATURE_NAMES.length)).toEqual([...FEATURE_NAMES]);
});
