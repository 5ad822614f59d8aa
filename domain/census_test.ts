import { expect } from "expect";
import {
  censusKernel,
  forecastCensus,
  littleLawStay,
  residualBeyond,
  stayBeyond,
} from "./census.ts";

const los = { meanHours: 4.5, cv: 1 };
const HOUR = 3_600_000;
const origin = Date.UTC(2026, 6, 10, 12);
const flat = (n: number, v: number) =>
  Array.from({ length: n }, () => ({ p10: v, p50: v, p90: v }));

/** Poisson quantile (smallest c with CDF ≥ q). */
function poissonQuantile(m: number, q: number): number {
  let p = Math.exp(-m), c = p, k = 0;
  while (c < q - 1e-9) {
    k++;
    p *= m / k;
    c += p;
  }
  return k;
}

Deno.test("census: the stay's survival is lognormal with the configured mean and spread", () => {
  // Median = mean·exp(−σ²/2) = 4.5/√2 ≈ 3.18 h for cv 1.
  expect(stayBeyond(los, 4.5 / Math.SQRT2)).toBeCloseTo(0.5, 4);
  expect(stayBeyond(los, 0)).toBe(1);
  // Σ w(d) = ∫ S = the mean stay (Little's law on one arrival per hour).
  const w = censusKernel(los);
  expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(4.5, 1);
  // The remaining stay of a patient found in the ED at a random instant has the mean
  // E[T²] ÷ 2E[T] = mean·(1 + cv²)/2: 4.5 h for cv 1, 9 h for cv √3 (inspection paradox).
  const integral = (cv: number) => {
    let s = 0;
    for (let x = 0.005; x < 400; x += 0.01) s += residualBeyond({ meanHours: 4.5, cv }, x) * 0.01;
    return s;
  };
  expect(integral(1)).toBeCloseTo(4.5, 1);
  expect(integral(Math.sqrt(3))).toBeCloseTo(9, 0);
  expect(residualBeyond(los, 0)).toBe(1);
});

Deno.test("census: steady arrivals and a census at λ × stay stay flat (no emptying ED)", () => {
  const c = forecastCensus({
    los,
    origin,
    forecast: flat(72, 4),
    occupancy: 18,
    occupancyAt: origin - HOUR,
    history: [],
  });
  expect(c).toHaveLength(72);
  for (const p of c) {
    expect(p.mean).toBeGreaterThan(17);
    expect(p.mean).toBeLessThan(19);
    expect(p.p10).toBeLessThanOrEqual(p.p50);
    expect(p.p50).toBeLessThanOrEqual(p.p90);
  }
  expect(c[0].ts).toBe(new Date(origin).toISOString());
});

Deno.test("census: with no occupancy the history stands in; quantiles are Poisson(λ·stay)", () => {
  const c = forecastCensus({
    los,
    origin,
    forecast: flat(24, 4),
    occupancy: null,
    occupancyAt: null,
    history: Array(96).fill(4),
  });
  const mean = c[12].mean;
  expect(mean).toBeCloseTo(18, 0);
  expect(c[12].p90).toBe(poissonQuantile(mean, 0.9));
  expect(c[12].p10).toBe(poissonQuantile(mean, 0.1));
});

Deno.test("census: an ED with no new arrivals empties; a crowded one stays crowded for hours", () => {
  const c = forecastCensus({
    los,
    origin,
    forecast: flat(24, 0),
    occupancy: 30,
    occupancyAt: origin - HOUR,
    history: [],
  });
  expect(c[0].p50).toBeGreaterThan(15);
  expect(c[23].p90).toBeLessThanOrEqual(3);
  for (let k = 1; k < 24; k++) expect(c[k].mean).toBeLessThanOrEqual(c[k - 1].mean);
});

Deno.test("census: the forecast's spread beyond Poisson widens the band, not the median", () => {
  const base = { los, origin, occupancy: 18, occupancyAt: origin - HOUR, history: [] };
  const narrow = forecastCensus({ ...base, forecast: flat(24, 4) });
  const wide = forecastCensus({
    ...base,
    forecast: Array.from({ length: 24 }, () => ({ p10: 1, p50: 4, p90: 7 })),
  });
  expect(Math.abs(wide[20].p50 - narrow[20].p50)).toBeLessThanOrEqual(1);
  expect(wide[20].p90 - wide[20].p10).toBeGreaterThan(narrow[20].p90 - narrow[20].p10);
});

Deno.test("census: a surge of arrivals raises the census for about one stay after it", () => {
  const forecast = flat(24, 4).map((
    h,
    k,
  ) => (k >= 6 && k < 12 ? { p10: 12, p50: 12, p90: 12 } : h));
  const c = forecastCensus({
    los,
    origin,
    forecast,
    occupancy: 18,
    occupancyAt: origin,
    history: [],
  });
  const peak = c.reduce((a, b) => (b.mean > a.mean ? b : a));
  expect(new Date(peak.ts).getTime()).toBeGreaterThanOrEqual(origin + 10 * HOUR);
  expect(peak.mean).toBeGreaterThan(40);
  expect(c[23].mean).toBeLessThan(30);
});

Deno.test("Little's law: mean stay = mean census ÷ mean arrivals, only with a week of pairs", () => {
  expect(littleLawStay({ hours: 1000, meanOccupancy: 20, meanArrivals: 4 })).toBe(5);
  expect(littleLawStay({ hours: 100, meanOccupancy: 20, meanArrivals: 4 })).toBeNull();
  expect(littleLawStay({ hours: 1000, meanOccupancy: 20, meanArrivals: 0.1 })).toBeNull();
  expect(littleLawStay({ hours: 1000, meanOccupancy: 500, meanArrivals: 1 })).toBe(48);
});
