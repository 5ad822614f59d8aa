/**
 * The one feature module used by training (ml/train.ts), the server (ml/forecaster.ts) and the
 * browser: per hospital, forecast origin and target hour it builds calendar, recent-history,
 * size, environment and event features. History features only read arrivals strictly before the
 * origin (no leakage); the environment at target hours is the forecast environment (in training,
 * the observed one). The spec (names, order, groups, scaling) is stored with each model version.
 */
import {
  deriveEnvironment,
  type EnvironmentDerived,
  type EnvironmentSeries,
  eventLoadSeries,
  type EventOverride,
  type LocalCalendar,
  localCalendar,
  type Place,
} from "./feature_inputs.ts";
import type { SimEvent } from "../demo/simulator.ts";
import * as P from "../demo/sim_params.ts";

export const HORIZON_HOURS = 72;
/** The recent level is the mean hourly arrivals over the last 28 days before the origin. */
export const LOOKBACK_HOURS = 28 * 24;
/** A forecast needs at least a week of history (same hour last week) and a day of observations. */
export const MIN_LOOKBACK_HOURS = 7 * 24;
const MIN_OBSERVED_HOURS = 24;

export const TRUNK_FEATURES = [
  ...["hour_sin1", "hour_cos1", "hour_sin2", "hour_cos2", "hour_sin3", "hour_cos3"],
  ...["dow_sun", "dow_mon", "dow_tue", "dow_wed", "dow_thu", "dow_fri", "dow_sat"],
  "doy_sin",
  "doy_cos",
  "horizon",
  "lag_168h_rel",
  "same_hour_of_week_4w_rel",
  "same_hour_of_day_7d_rel",
  "last_24h_rel",
  "last_3h_rel",
  "log_level",
  "log_ed_beds",
] as const;
/** Soft ramps above documented thresholds: each can only raise p50 (see ml/mlp.ts). */
export const ENV_FEATURES = [
  "temp_mean24_above_optimum", // °C above the optimum: +1.8 %/°C (DOMAIN.md)
  "temp_max24_above_40c", // toward extreme-heat days: +7.8 % (DOMAIN.md)
  "heat_index_above_32c", // NWS "extreme caution" starts near 32 °C (90 °F)
  "pm25_24h_above_background", // per 10 µg/m³: asthma +1.5 %, respiratory +1 % (DOMAIN.md)
  "ozone_8h_above_background", // per 20 ppb: asthma +5 % (DOMAIN.md)
  "aqi_above_good", // per 50 AQI points above "Good" (EPA 2024 table, DOMAIN.md)
] as const;
export const EVENT_FEATURE = "event_arrivals_rel";
export const FEATURE_NAMES: readonly string[] = [...TRUNK_FEATURES, ...ENV_FEATURES, EVENT_FEATURE];

/** Everything needed to rebuild a model's inputs, stored in model_versions.feature_spec. */
export interface FeatureSpec {
  version: 1;
  names: string[];
  trunk: number[];
  env: number[];
  /** Index of the event column, -1 for a model trained without event features. */
  event: number;
  mean: number[];
  std: number[];
  horizonHours: number;
  lookbackHours: number;
  hidden: [number, number];
  quantiles: number[];
}

/** One hospital's hourly arrays from `start`, all of length `hours`. */
export interface HospitalHistory {
  start: number;
  hours: number;
  edBeds: number;
  /** Observed arrivals; NaN where unknown. Only hours before an origin are ever read. */
  arrivals: ArrayLike<number>;
  calendar: LocalCalendar;
  env: EnvironmentDerived;
  /** Expected event-driven arrivals per hour (PPR model). */
  eventLoad: ArrayLike<number>;
}

export interface HospitalInput extends Place {
  edBeds: number;
  timezone: string;
}

/** Derives calendar, environment aggregates and event load for one hospital's arrays. */
export function prepareHistory(
  hospital: HospitalInput,
  hospitals: readonly Place[],
  events: readonly SimEvent[],
  start: number,
  arrivals: ArrayLike<number>,
  environment: EnvironmentSeries,
  override?: EventOverride,
): HospitalHistory {
  const hours = environment.temperatureC.length;
  const env = deriveEnvironment(environment, hours);
  return {
    start,
    hours,
    edBeds: hospital.edBeds,
    arrivals,
    calendar: localCalendar(hospital.timezone, start, hours),
    env,
    eventLoad: eventLoadSeries(hospital, hospitals, events, start, hours, env.heatIndexC, override),
  };
}

const prefixCache = new WeakMap<HospitalHistory, { sum: Float64Array; count: Float64Array }>();

function prefixes(h: HospitalHistory) {
  let p = prefixCache.get(h);
  if (!p) {
    const n = Math.min(h.hours, h.arrivals.length);
    p = { sum: new Float64Array(n + 1), count: new Float64Array(n + 1) };
    for (let i = 0; i < n; i++) {
      const v = h.arrivals[i];
      const ok = Number.isFinite(v);
      p.sum[i + 1] = p.sum[i] + (ok ? v : 0);
      p.count[i + 1] = p.count[i] + (ok ? 1 : 0);
    }
    prefixCache.set(h, p);
  }
  return p;
}

/** Mean observed arrivals over [from, to) (indices clamped), or NaN when none. */
function windowMean(h: HospitalHistory, from: number, to: number): number {
  const p = prefixes(h);
  const a = Math.max(0, Math.min(from, p.sum.length - 1));
  const b = Math.max(0, Math.min(to, p.sum.length - 1));
  const n = p.count[b] - p.count[a];
  return n > 0 ? (p.sum[b] - p.sum[a]) / n : NaN;
}

/** The recent level at an origin (mean hourly arrivals, last 28 days), or null if too little. */
export function levelAt(h: HospitalHistory, origin: number): number | null {
  const p = prefixes(h);
  const a = Math.max(0, origin - LOOKBACK_HOURS), b = Math.min(origin, p.sum.length - 1);
  if (origin < MIN_LOOKBACK_HOURS || b <= a || p.count[b] - p.count[a] < MIN_OBSERVED_HOURS) {
    return null;
  }
  return Math.max(0.05, (p.sum[b] - p.sum[a]) / (p.count[b] - p.count[a]));
}

const observed = (h: HospitalHistory, i: number, origin: number) =>
  i >= 0 && i < origin && i < h.arrivals.length ? h.arrivals[i] : NaN;

function meanOf(values: number[]): number {
  const ok = values.filter(Number.isFinite);
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
}

const softplus = (x: number) => x > 20 ? x : Math.log1p(Math.exp(x));
/** Smooth, strictly increasing ramp above a threshold; unknown values count as no excess. */
const ramp = (v: number, threshold: number, unit: number) =>
  Number.isFinite(v) ? softplus((v - threshold) / unit) : 0;

/**
 * Writes the raw (unscaled) features of target hour origin + k into out[offset…] and returns the
 * level (scale), or null when the hospital has too little history at this origin.
 */
export function rawFeatures(
  h: HospitalHistory,
  origin: number,
  k: number,
  out: Float32Array,
  offset: number,
): number | null {
  const level = levelAt(h, origin);
  if (level === null) return null;
  const t = origin + k;
  const { hour, weekday, dayOfYear } = h.calendar;
  const rel = (v: number, fallback: number) => Number.isFinite(v) ? v / level : fallback;
  const dow = meanOf([1, 2, 3, 4].map((w) => observed(h, t - 168 * w, origin)));
  const firstDay = Math.ceil((k + 1) / 24);
  const dayMean = meanOf(
    [0, 1, 2, 3, 4, 5, 6].map((d) => observed(h, t - 24 * (firstDay + d), origin)),
  );
  const dayRel = rel(dayMean, 1);
  const weekRel = rel(dow, dayRel);
  const e = h.env;
  const values = [
    ...[1, 2, 3].flatMap((m) => {
      const a = 2 * Math.PI * m * hour[t] / 24;
      return [Math.sin(a), Math.cos(a)];
    }),
    ...[0, 1, 2, 3, 4, 5, 6].map((d) => weekday[t] === d ? 1 : 0),
    Math.sin(2 * Math.PI * dayOfYear[t] / 365.25),
    Math.cos(2 * Math.PI * dayOfYear[t] / 365.25),
    k / HORIZON_HOURS,
    rel(observed(h, t - 168, origin), weekRel),
    weekRel,
    dayRel,
    rel(windowMean(h, origin - 24, origin), 1),
    rel(windowMean(h, origin - 3, origin), rel(windowMean(h, origin - 24, origin), 1)),
    Math.log(level),
    Math.log1p(h.edBeds),
    ramp(e.tempMean24[t], P.HEAT_OPTIMUM_C, 1),
    ramp(e.tempMax24[t], 40, 1),
    ramp(e.heatIndexC[t], 32, 1),
    ramp(e.pm25Mean24[t], P.PM25_REFERENCE_UGM3, 10),
    ramp(e.ozonePpb8h[t], P.OZONE_REFERENCE_PPB, 20),
    ramp(e.aqi[t], 50, 50),
    (h.eventLoad[t] ?? 0) / level,
  ];
  for (let i = 0; i < values.length; i++) out[offset + i] = values[i];
  return level;
}

/**
 * Fits the scaling: trunk columns standardised. Environment and event columns stay in their
 * natural units (°C, 10 µg/m³, 20 ppb, 50 AQI points, arrivals per level) so that their
 * non-negative weights read as log rate ratios per unit, start at the literature's size
 * (ml/mlp.ts) and extrapolate sanely to heat a short training window never saw.
 */
export function fitSpec(
  raw: Float32Array,
  n: number,
  opts: { hidden: [number, number]; eventFeatures: boolean },
): FeatureSpec {
  const f = FEATURE_NAMES.length;
  const trunk = TRUNK_FEATURES.map((_, i) => i);
  const env = ENV_FEATURES.map((_, i) => TRUNK_FEATURES.length + i);
  const mean = new Array(f).fill(0), std = new Array(f).fill(1);
  for (const i of trunk) {
    let s = 0, s2 = 0;
    for (let r = 0; r < n; r++) {
      const v = raw[r * f + i];
      s += v;
      s2 += v * v;
    }
    mean[i] = s / Math.max(1, n);
    std[i] = Math.sqrt(Math.max(0, s2 / Math.max(1, n) - mean[i] ** 2)) || 1;
  }
  return {
    version: 1,
    names: [...FEATURE_NAMES],
    trunk,
    env,
    event: opts.eventFeatures ? f - 1 : -1,
    mean,
    std,
    horizonHours: HORIZON_HOURS,
    lookbackHours: LOOKBACK_HOURS,
    hidden: opts.hidden,
    quantiles: [0.1, 0.5, 0.9],
  };
}

/** Applies a spec's scaling to n raw rows in place. */
export function scaleRows(rows: Float32Array, n: number, spec: FeatureSpec): Float32Array {
  const f = spec.names.length;
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < f; i++) rows[r * f + i] = (rows[r * f + i] - spec.mean[i]) / spec.std[i];
  }
  return rows;
}

/** The scaled inputs of one 72 h forecast from `origin` (an index into the history). */
export function forecastRows(
  h: HospitalHistory,
  origin: number,
  spec: FeatureSpec,
): { x: Float32Array; scale: Float32Array } | null {
  const f = spec.names.length, n = spec.horizonHours;
  if (origin + n > h.hours) throw new RangeError("the history must extend 72 h past the origin");
  const x = new Float32Array(n * f), scale = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const level = rawFeatures(h, origin, k, x, k * f);
    if (level === null) return null;
    scale[k] = level;
  }
  return { x: scaleRows(x, n, spec), scale };
}
