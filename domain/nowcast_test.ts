import { expect } from "expect";
import { eightHourMeanAt, nowcastAt } from "./nowcast.ts";
import { deriveReadings } from "../feeds/derive.ts";
import type { Reading } from "../feeds/types.ts";

const H = 3_600_000;
const series = (values: (number | undefined)[], end = 100 * H) =>
  new Map(
    values.flatMap((v, i) => (v === undefined ? [] : [[end - i * H, v] as [number, number]])),
  );

Deno.test("NowCast: steady concentrations give the same value", () => {
  expect(nowcastAt(series(Array(12).fill(20)), 100 * H)).toBeCloseTo(20, 9);
});

Deno.test("NowCast: a sharp rise weighs recent hours most (w floored at 0.5)", () => {
  // Newest first. max 60, min 10 → 1 − 50/60 = 0.17 → w = 0.5.
  const values = [60, 50, 40, 30, 20, 10, 10, 10, 10, 10, 10, 10];
  let num = 0;
  let den = 0;
  values.forEach((v, i) => {
    num += 0.5 ** i * v;
    den += 0.5 ** i;
  });
  expect(nowcastAt(series(values), 100 * H)).toBeCloseTo(num / den, 9);
  // By hand: (60 + 25 + 10 + 3.75 + 1.25 + 0.3125 + 10 × 0.0308) / 1.9995 = 50.32.
  expect(nowcastAt(series(values), 100 * H)).toBeCloseTo(50.32, 2);
});

Deno.test("NowCast needs 2 of the 3 most recent hours", () => {
  expect(nowcastAt(series([undefined, undefined, 30, 30]), 100 * H)).toBeNull();
  expect(nowcastAt(series([30, undefined, 30]), 100 * H)).toBeCloseTo(30, 9);
});

Deno.test("ozone 8-hour mean needs 6 of 8 hours", () => {
  expect(eightHourMeanAt(series([1, 2, 3, 4, 5, undefined, undefined, undefined]), 100 * H))
    .toBeNull();
  expect(eightHourMeanAt(series([1, 2, 3, 4, 5, 6]), 100 * H)).toBeCloseTo(3.5, 9);
});

Deno.test("derived readings: NWS heat index (not apparent temperature) and AQI with provenance", () => {
  const base = { source: "t", locationKey: "grid:1.00,1.00", lat: 1, lon: 1 };
  const at = (i: number) => new Date(Date.UTC(2031, 0, 1, i));
  const raw: Reading[] = [];
  // 90 °F = 32.22 °C at 60 % → heat index ≈ 99.7 °F (DOMAIN.md check) = 37.6 °C.
  raw.push({ ...base, ts: at(0), metric: "temperature_c", value: (90 - 32) * 5 / 9 });
  raw.push({ ...base, ts: at(0), metric: "relative_humidity", value: 60 });
  raw.push({ ...base, ts: at(0), metric: "apparent_temperature_c", value: 50 });
  for (let i = 0; i < 12; i++) raw.push({ ...base, ts: at(i), metric: "pm25", value: 35.4 });
  const out = deriveReadings(raw);
  const hi = out.find((r) => r.metric === "heat_index_c")!;
  expect(hi.value).toBeCloseTo((99.7 - 32) * 5 / 9, 1);
  expect(hi.derivedFrom).toBe("nws_heat_index(temperature_c,relative_humidity)");
  const first = out.find((r) => r.metric === "aqi" && r.ts.getTime() === at(0).getTime())!;
  expect(first.derivedFrom).toBe("epa_aqi_2024(pm25_1h)"); // one hour only: no NowCast yet
  const last = out.find((r) => r.metric === "aqi" && r.ts.getTime() === at(11).getTime())!;
  expect(last.value).toBe(100); // 35.4 µg/m³ → 100 (DOMAIN.md check)
  expect(last.derivedFrom).toBe("epa_aqi_2024(pm25_nowcast)");
  // With a warm-up, the first 11 hours get no AQI: the next pull completes them.
  const warm = deriveReadings(raw, { warmupHours: 11 }).filter((r) => r.metric === "aqi");
  expect(warm.map((r) => r.ts.getUTCHours())).toEqual([11]);
});
