import { expect } from "expect";
import { calendarGlmColumns, fitCalendarGlm, strongestBaseline } from "./baselines.ts";
import { featureNames, prepareHistory, rawFeatures } from "./features.ts";
import { glmMean } from "./glm.ts";
import { backtestSummary } from "./report.ts";

const HOUR_MS = 3_600_000;

function rng(seed: number) {
  let s = seed;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

function poisson(mu: number, r: () => number) {
  let k = 0, p = r();
  const limit = Math.exp(-mu);
  while (p > limit) (k++, p *= r());
  return k;
}

/**
 * Known truth: a weekday daily shape with a morning peak, and a weekend shape whose peak is at
 * night (a shape three daily harmonics shared by every weekday cannot draw).
 */
function trueRate(weekday: number, hour: number): number {
  const weekend = weekday === 0 || weekday === 6;
  const day = 10 + 8 * Math.exp(-(((hour - 11) / 3) ** 2));
  const night = 9 + 10 * Math.exp(-(((hour - 23) / 2) ** 2)) +
    10 * Math.exp(-(((hour + 1) / 2) ** 2));
  return weekend ? night : day;
}

Deno.test("the calendar GLM recovers a known hour-of-week profile (weekend nights included)", () => {
  const start = Date.UTC(2023, 0, 2); // a Monday, UTC hospital
  const hours = 365 * 24, r = rng(11);
  const arrivals = new Float64Array(hours);
  for (let t = 0; t < hours; t++) {
    const d = new Date(start + t * HOUR_MS);
    arrivals[t] = poisson(trueRate(d.getUTCDay(), d.getUTCHours()), r);
  }
  const nan = new Float64Array(hours).fill(NaN);
  const place = { lat: 51.5, lon: -3.2, edBeds: 40, timezone: "UTC" };
  const h = prepareHistory(place, [place], [], start, arrivals, {
    temperatureC: nan,
    relativeHumidity: nan,
    pm25: nan,
    ozone: nan,
  });
  const names = featureNames([]), f = names.length;
  const rows = hours - 28 * 24;
  const raw = new Float32Array(rows * f),
    y = new Float32Array(rows),
    level = new Float32Array(rows);
  let n = 0;
  for (let t = 28 * 24; t < hours; t++) {
    const l = rawFeatures(h, t, 0, raw, n * f);
    if (l === null) continue;
    y[n] = arrivals[t];
    level[n++] = l;
  }
  const fit = fitCalendarGlm(raw, y, level, n, names);
  expect(calendarGlmColumns(names).map((i) => names[i])).toContain("sat_hour_sin4");
  // Every hour of the last full week against the true rate; Saturday 01:00 is a weekend night.
  let sum = 0, worst = 0, satNight = NaN;
  for (let i = n - 168; i < n; i++) {
    const t = 28 * 24 + i;
    const d = new Date(start + t * HOUR_MS);
    const truth = trueRate(d.getUTCDay(), d.getUTCHours());
    const err = Math.abs(glmMean(fit, raw, f, i, level[i]) / truth - 1);
    sum += err;
    worst = Math.max(worst, err);
    if (d.getUTCDay() === 6 && d.getUTCHours() === 1) satNight = err;
  }
  expect(sum / 168).toBeLessThan(0.04);
  expect(satNight).toBeLessThan(0.08);
  // The step at midnight between a weekday and a weekend day is the hardest hour.
  expect(worst).toBeLessThan(0.15);
});

Deno.test("the gate: a model must beat the strongest baseline's MASE (0.76 against 0.72 fails)", () => {
  const baselines = {
    seasonalNaive: { mase: 1, pinball: 1.5, coverage80: 0.66, dailyMape: 0.09 },
    poissonGlm: { mase: 0.72, pinball: 1.01, coverage80: 0.8, dailyMape: 0.057 },
  };
  expect(strongestBaseline(baselines)?.key).toBe("poissonGlm");
  expect(strongestBaseline({ seasonalNaive: baselines.seasonalNaive })?.key).toBe("seasonalNaive");
  const report = (mase: number, beats: boolean) => ({
    mase,
    pinball: 1.05,
    coverage80: 0.8,
    dailyMape: 0.06,
    baselines,
    checks: { beatsSeasonalNaive: true, beatsGlmBaseline: beats, beatsStrongestBaseline: beats },
  });
  expect(backtestSummary(report(0.76, false))?.activatable).toBe(false);
  expect(backtestSummary(report(0.71, true))?.activatable).toBe(true);
  // A report stored before the strongest-baseline gate: beating both baselines is the test.
  const old = {
    ...report(0.71, true),
    checks: { beatsSeasonalNaive: true, beatsGlmBaseline: false },
  };
  expect(backtestSummary(old)?.activatable).toBe(false);
});
