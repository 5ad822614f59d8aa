/**
 * Heat from day one (issue 16): with days, not months, of a place's temperatures, the heat terms
 * are judged against a short-history climatology of that place (ml/feature_inputs.ts
 * shortHistoryClimate), so the same 35 °C is heat in a cool place and an ordinary day in a hot one.
 */
import { expect } from "expect";
import { EXTREME_HEAT_RAMP_C, FEATURE_NAMES, prepareHistory, rawFeatures } from "./features.ts";
import {
  CLIMATE_FULL_DAYS,
  localCalendar,
  localClimate,
  SHORT_CLIMATE_SD_C,
} from "./feature_inputs.ts";
import { HEAT_EXTREME_PERCENTILE, HEAT_WARM_PERCENTILE } from "./priors.ts";

const START = Date.UTC(2026, 6, 1);
const TZ = "Europe/Berlin";
const col = (name: string) => FEATURE_NAMES.indexOf(name);

/**
 * Four weeks of arrivals; temperatures for the last `days` days only, daily mean `meanC` (±4 °C
 * through the day); `afterC` in the 72 forecast hours.
 */
function place(days: number, meanC: number, afterC: number) {
  const history = 28 * 24, hours = history + 72, known = history - days * 24;
  const temperatureC = Float64Array.from(
    { length: hours },
    (_, i) =>
      i < known ? NaN : i < history ? meanC + 4 * Math.sin((2 * Math.PI * (i % 24)) / 24) : afterC,
  );
  const nan = () => new Float64Array(hours).fill(NaN);
  const arrivals = Float64Array.from({ length: hours }, (_, i) => i < history ? 3 : NaN);
  // As the server does: the climatology from the readings before the origin only.
  const cal = localCalendar(TZ, START, history);
  const climate = localClimate(
    temperatureC.subarray(0, history),
    cal.month,
    cal.hour,
    HEAT_WARM_PERCENTILE,
    HEAT_EXTREME_PERCENTILE,
  );
  const h = prepareHistory(
    { lat: 50, lon: 8, timezone: TZ, climate },
    [],
    [],
    START,
    arrivals,
    { temperatureC, relativeHumidity: nan(), pm25: nan(), ozone: nan() },
  );
  const out = new Float32Array(FEATURE_NAMES.length);
  // The last forecast hour: its trailing 24 h are all at `afterC`.
  expect(rawFeatures(h, history, 71, out, 0)).not.toBeNull();
  return {
    h,
    warm: out[col("heat_above_local_warm")],
    extreme: out[col("heat_above_local_extreme")],
  };
}

Deno.test("ten days of temperatures: 35 °C is heat in a cool place, not in a hot one", () => {
  const cool = place(10, 12, 35), hot = place(10, 35, 35);
  expect(cool.h.climate).not.toBeNull();
  // Warm edge: the place's median + z₀.₉ × the assumed spread.
  expect(cool.h.climate!.warmMeanC[6]).toBeCloseTo(12 + 1.2816 * SHORT_CLIMATE_SD_C, 1);
  expect(cool.warm).toBeGreaterThan(15);
  expect(cool.extreme).toBeCloseTo(EXTREME_HEAT_RAMP_C, 5); // capped: a step, smoothed
  expect(hot.warm).toBeLessThan(0.05);
  expect(hot.extreme).toBeLessThan(0.05);
});

Deno.test("a what-if +10 °C crosses a short-history place's thresholds; +0 does not", () => {
  const same = place(14, 20, 20), warmer = place(14, 20, 30);
  expect(same.warm).toBeLessThan(0.05);
  expect(same.extreme).toBeLessThan(0.05);
  expect(warmer.warm).toBeGreaterThan(5);
  expect(warmer.extreme).toBeGreaterThan(0.5);
});

Deno.test("a day of readings is enough; none, no climatology; from 60 days the place's own", () => {
  expect(place(0, 12, 35).h.climate).toBeNull();
  const oneDay = place(1, 12, 35);
  expect(oneDay.h.climate).not.toBeNull();
  expect(oneDay.warm).toBeGreaterThan(15);
  // 70 days of daily means 15–17 °C: the own p90 (17) is narrower than the short-history edge
  // (16 + 3.8), and from 60 days on the place's own percentiles stand.
  const days = 70, hours = days * 24;
  const temps = Float64Array.from({ length: hours }, (_, i) => 15 + (Math.floor(i / 24) % 3));
  const cal = localCalendar("UTC", START, hours);
  const own = localClimate(
    temps,
    cal.month,
    cal.hour,
    HEAT_WARM_PERCENTILE,
    HEAT_EXTREME_PERCENTILE,
  )!;
  expect(days).toBeGreaterThanOrEqual(CLIMATE_FULL_DAYS);
  expect(own.warmMeanC[6]).toBe(17);
  expect(own.extremeMaxC[6]).toBe(17);
  const short = localClimate(
    temps.subarray(0, 20 * 24),
    cal.month,
    cal.hour,
    HEAT_WARM_PERCENTILE,
    HEAT_EXTREME_PERCENTILE,
  )!;
  expect(short.warmMeanC[6]).toBeCloseTo(16 + 1.2816 * SHORT_CLIMATE_SD_C, 1);
});
