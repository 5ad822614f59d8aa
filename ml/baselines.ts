/**
 * Baselines scored on the same backtest points as the model (ml/backtest.ts):
 * - seasonal naive: the same hour last week;
 * - Poisson GLM on calendar + weather: log μ = log(level) + β·[hour harmonics, weekday, season,
 *   heat/PM2.5/ozone/AQI ramps], fitted by Newton–IRLS on the training rows;
 * - event-only PPR model: the same hour of week over the last 4 weeks plus the documented PPR
 *   event load (DOMAIN.md, demo/sim_params.ts), i.e. what a planner would do by hand.
 * Baseline bands are Poisson 10%/90% quantiles around the point forecast.
 */
import { ENV_FEATURES, FEATURE_NAMES, HORIZON_HOURS, TRUNK_FEATURES } from "./features.ts";
import type { BacktestCase } from "./backtest.ts";

/** q-quantile of Poisson(mu): the smallest k with P(X ≤ k) ≥ q. */
export function poissonQuantile(mu: number, q: number): number {
  if (!(mu > 0)) return 0;
  let k = 0, p = Math.exp(-mu), cdf = p;
  if (p === 0) {
    return Math.max(0, Math.round(mu + Math.sqrt(mu) * (q < 0.5 ? -1.2816 : q > 0.5 ? 1.2816 : 0)));
  }
  while (cdf < q && k < 10_000) {
    k++;
    p *= mu / k;
    cdf += p;
  }
  return k;
}

function withPoissonBand(points: (c: BacktestCase, k: number) => number) {
  return (cases: readonly BacktestCase[]): Float32Array => {
    const out = new Float32Array(cases.length * HORIZON_HOURS * 3);
    cases.forEach((c, ci) => {
      for (let k = 0; k < HORIZON_HOURS; k++) {
        const mu = Math.max(0, points(c, k));
        const o = (ci * HORIZON_HOURS + k) * 3;
        out[o] = poissonQuantile(mu, 0.1);
        out[o + 1] = mu;
        out[o + 2] = poissonQuantile(mu, 0.9);
      }
    });
    return out;
  };
}

const F = FEATURE_NAMES.length;
const HOW = FEATURE_NAMES.indexOf("same_hour_of_week_4w_rel");

/** Same hour last week (the level when that hour is unknown). */
export const seasonalNaive = withPoissonBand((c, k) =>
  Number.isFinite(c.naive[k]) ? c.naive[k] : c.level[k]
);

/** Mean of the same hour of week over the last 4 weeks plus the PPR model's event arrivals. */
export const eventPpr = withPoissonBand((c, k) => c.raw[k * F + HOW] * c.level[k] + c.eventLoad[k]);

/** GLM design columns taken from the raw feature rows: calendar and weather, plus intercept. */
const GLM_COLUMNS = [
  ...TRUNK_FEATURES.map((name, i) => ({ name, i })).filter(({ name }) =>
    /^(hour_|dow_|doy_)/.test(name) && name !== "dow_sun"
  ).map(({ i }) => i),
  ...ENV_FEATURES.map((_, i) => TRUNK_FEATURES.length + i),
];

function design(raw: Float32Array, row: number): Float64Array {
  const x = new Float64Array(GLM_COLUMNS.length + 1);
  x[0] = 1;
  GLM_COLUMNS.forEach((col, j) => x[j + 1] = raw[row * F + col]);
  return x;
}

/** Fits the Poisson GLM (offset log level) on raw rows; returns its coefficients. */
export function fitPoissonGlm(
  raw: Float32Array,
  y: ArrayLike<number>,
  level: ArrayLike<number>,
  n: number,
  iterations = 8,
): Float64Array {
  const p = GLM_COLUMNS.length + 1;
  const beta = new Float64Array(p);
  const rows = Array.from({ length: n }, (_, r) => design(raw, r));
  for (let it = 0; it < iterations; it++) {
    const h = new Float64Array(p * p), g = new Float64Array(p);
    for (let r = 0; r < n; r++) {
      const x = rows[r];
      let eta = Math.log(level[r]);
      for (let j = 0; j < p; j++) eta += beta[j] * x[j];
      const mu = Math.exp(Math.min(eta, 20));
      for (let j = 0; j < p; j++) {
        g[j] += (y[r] - mu) * x[j];
        for (let l = 0; l <= j; l++) h[j * p + l] += mu * x[j] * x[l];
      }
    }
    for (let j = 0; j < p; j++) {
      h[j * p + j] += 1e-3 * n / 1000; // a little ridge keeps flat weather columns solvable
      for (let l = 0; l < j; l++) h[l * p + j] = h[j * p + l];
    }
    const step = solve(h, g, p);
    for (let j = 0; j < p; j++) beta[j] += step[j];
  }
  return beta;
}

/** Solves A x = b (A symmetric positive definite, p × p) by Gaussian elimination. */
function solve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const m = a.slice(), x = b.slice();
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(m[r * p + c]) > Math.abs(m[piv * p + c])) piv = r;
    for (let k = 0; k < p; k++) [m[c * p + k], m[piv * p + k]] = [m[piv * p + k], m[c * p + k]];
    [x[c], x[piv]] = [x[piv], x[c]];
    const d = m[c * p + c] || 1e-12;
    for (let r = c + 1; r < p; r++) {
      const f = m[r * p + c] / d;
      if (f === 0) continue;
      for (let k = c; k < p; k++) m[r * p + k] -= f * m[c * p + k];
      x[r] -= f * x[c];
    }
  }
  for (let c = p - 1; c >= 0; c--) {
    let s = x[c];
    for (let k = c + 1; k < p; k++) s -= m[c * p + k] * x[k];
    x[c] = s / (m[c * p + c] || 1e-12);
  }
  return x;
}

/** The fitted GLM as a predictor over backtest cases. */
export function poissonGlm(beta: Float64Array) {
  return withPoissonBand((c, k) => {
    const x = design(c.raw, k);
    let eta = Math.log(c.level[k]);
    for (let j = 0; j < x.length; j++) eta += beta[j] * x[j];
    return Math.exp(Math.min(eta, 20));
  });
}
