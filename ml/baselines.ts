/**
 * Baselines scored on the same backtest points as the model (ml/backtest.ts):
 * - seasonal naive: the same hour last week;
 * - the calendar GLM (Poisson, log link, offset the recent level; ml/glm.ts, IRLS): hour of week,
 *   season × hour, holidays and the organisation's calendar flags (CALENDAR_GLM_PATTERN);
 * - event-only PPR model: the same hour of week over the last 4 weeks plus the documented PPR
 *   event load (DOMAIN.md, domain/event_load.ts), i.e. what a planner would do by hand.
 * Baseline bands are Poisson 10%/90% quantiles around the point forecast.
 */
import { FEATURE_NAMES, HORIZON_HOURS } from "./features.ts";
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
 * The calendar GLM's columns (the strong baseline of issue 17), chosen by name among a model's
 * feature names: hour-of-week shape (daily harmonics 1–6 plus per-weekday harmonics 1–4),
 * season × hour-of-day and day-of-year terms, public/school holidays with their hour shape, the
 * Christmas days, the day after a holiday and the holiday a week before, the organisation's own
 * calendar flags (`org_*`, calendar.csv) and the temperature anomaly / cold terms. No recent
 * history beyond the offset (the 28-day level), no events, no network: what a careful analyst
 * fits by hand. On the Cardiff 2018 test year (train < 2018-03-01, origins every 12 h, 72 h):
 * MASE 0.721, pinball 1.009, against 0.770 / 1.086 for the earlier harmonic-only GLM; hour of
 * week alone with season reached 0.733, the calendar terms bring it to 0.721.
 */
export const CALENDAR_GLM_PATTERN =
  /^(hour_(sin|cos)[1-6]|dow_(mon|tue|wed|thu|fri|sat)$|(sun|mon|tue|wed|thu|fri|sat)_hour_|doy_|season_|holiday_hour_|xmas_|boxing_day|new_years_|jan_2|public_holiday|school_holiday|day_after_holiday|lag_week_holiday|christmas_period|temp_anomaly|cold_below_local_p5|org_)/;

/** Indices of the calendar GLM's columns among `names`, leaving out `exclude` (constant ones). */
export function calendarGlmColumns(
  names: readonly string[],
  keep: (i: number) => boolean = () => true,
): number[] {
  return names.map((n, i) => CALENDAR_GLM_PATTERN.test(n) && keep(i) ? i : -1)
    .filter((i) => i >= 0);
}

/** Fits the calendar GLM (offset: the recent level) on raw rows named `names`. */
export function fitCalendarGlm(
  raw: Float32Array,
  y: ArrayLike<number>,
  level: ArrayLike<number>,
  n: number,
  names: readonly string[],
  keep?: (i: number) => boolean,
): GlmFit {
  return fitGlm(
    { raw, width: names.length, y, offset: level, n },
    calendarGlmColumns(names, keep),
  );
}

/** The baselines a model must beat (its gate), by their metrics key. */
export const BASELINE_KEYS = ["seasonalNaive", "poissonGlm"] as const;

/**
 * The strongest baseline on a backtest: the lowest MASE among BASELINE_KEYS (MASE is the gate's
 * one metric: the error of the median forecast relative to the same hour last week).
 */
export function strongestBaseline<M extends { mase: number | null }>(
  metrics: Partial<Record<(typeof BASELINE_KEYS)[number], M>>,
): { key: (typeof BASELINE_KEYS)[number]; metrics: M } | null {
  let best: { key: (typeof BASELINE_KEYS)[number]; metrics: M } | null = null;
  for (const key of BASELINE_KEYS) {
    const m = metrics[key];
    if (!m || typeof m.mase !== "number" || !Number.isFinite(m.mase)) continue;
    if (!best || m.mase < best.metrics.mase!) best = { key, metrics: m };
  }
  return best;
}

/** A fitted GLM as a predictor over backtest cases. */
export function poissonGlm(fit: GlmFit) {
  return withPoissonBand((c, k) => glmMean(fit, c.raw, width(c), k, c.level[k]));
}
