/**
 * Baselines scored on the same backtest points as the model (ml/backtest.ts):
 * - seasonal naive: the same hour last week;
 * - Poisson GLM on calendar + holidays + weather: log μ = log(level) + β·[hour harmonics, weekday,
 *   season, public holiday, Christmas period, heat/PM2.5/ozone/AQI terms] (ml/glm.ts, IRLS);
 * - event-only PPR model: the same hour of week over the last 4 weeks plus the documented PPR
 *   event load (DOMAIN.md, domain/event_load.ts), i.e. what a planner would do by hand.
 * Baseline bands are Poisson 10%/90% quantiles around the point forecast.
 */
import { ENV_FEATURES, FEATURE_NAMES, HORIZON_HOURS } from "./features.ts";
import { fitGlm, type GlmFit, glmMean } from "./glm.ts";
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

const HOW = FEATURE_NAMES.indexOf("same_hour_of_week_4w_rel");
const width = (c: BacktestCase) => c.raw.length / HORIZON_HOURS;

/** Same hour last week (the level when that hour is unknown). */
export const seasonalNaive = withPoissonBand((c, k) =>
  Number.isFinite(c.naive[k]) ? c.naive[k] : c.level[k]
);

/** Mean of the same hour of week over the last 4 weeks plus the PPR model's event arrivals. */
export const eventPpr = withPoissonBand((c, k) =>
  c.raw[k * width(c) + HOW] * c.level[k] + c.eventLoad[k]
);

/**
 * The GLM baseline's columns: a plain Poisson regression on calendar terms (hour harmonics,
 * weekday, season) plus the public-holiday and Christmas-period flags and the weather terms.
 */
export const BASELINE_GLM_COLUMNS = [
  ...["hour_sin1", "hour_cos1", "hour_sin2", "hour_cos2", "hour_sin3", "hour_cos3"],
  ...["dow_mon", "dow_tue", "dow_wed", "dow_thu", "dow_fri", "dow_sat", "doy_sin1", "doy_cos1"],
  "public_holiday",
  "christmas_period",
  ...ENV_FEATURES,
].map((name) => FEATURE_NAMES.indexOf(name));

/** Fits the baseline GLM (offset: the recent level) on raw rows of `width` columns. */
export function fitPoissonGlm(
  raw: Float32Array,
  y: ArrayLike<number>,
  level: ArrayLike<number>,
  n: number,
  rowWidth: number,
): GlmFit {
  return fitGlm({ raw, width: rowWidth, y, offset: level, n }, BASELINE_GLM_COLUMNS);
}

/** A fitted GLM as a predictor over backtest cases. */
export function poissonGlm(fit: GlmFit) {
  return withPoissonBand((c, k) => glmMean(fit, c.raw, width(c), k, c.level[k]));
}
