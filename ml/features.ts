/**
 * The one feature module used by training (ml/train.ts), the server (ml/forecaster.ts) and the
 * browser: per hospital, forecast origin and target hour it builds calendar, recent-history,
 * size, environment and event features. History features only read arrivals strictly before the
 * origin (no leakage); the environment at target hours is the forecast environment (in training,
 * the observed one). The spec (names, order, groups, scaling) is stored with each model version.
 */
import {
  type Climate,
  deriveEnvironment,
  type EnvironmentDerived,
  type EnvironmentSeries,
  eventLoadSeries,
  type EventOverride,
  type LocalCalendar,
  localCalendar,
  localClimate,
  type Place,
} from "./feature_inputs.ts";
import type { SimEvent } from "../domain/event_load.ts";
import {
  HEAT_EXTREME_PERCENTILE,
  HEAT_WARM_PERCENTILE,
  OZONE_REFERENCE_PPB,
  PM25_REFERENCE_UGM3,
} from "./priors.ts";
import { type DayFlags, ORG_PREFIX, PUBLIC_HOLIDAY, SCHOOL_HOLIDAY } from "./calendar_flags.ts";

export const HORIZON_HOURS = 72;
/** The recent level is the mean hourly arrivals over the last 28 days before the origin. */
export const LOOKBACK_HOURS = 28 * 24;
/** A forecast needs at least a week of history (same hour last week) and a day of observations. */
export const MIN_LOOKBACK_HOURS = 7 * 24;
const MIN_OBSERVED_HOURS = 24;
/** °C above the local extreme-heat threshold over which the extreme-day term reaches its size. */
export const EXTREME_HEAT_RAMP_C = 3;

const HARMONICS = (prefix: string, from: number, to: number) =>
  Array.from(
    { length: to - from + 1 },
    (_, i) => [`${prefix}sin${from + i}`, `${prefix}cos${from + i}`],
  )
    .flat();

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
/** Daily-profile harmonics per weekday in the GLM (the hour-of-week shape). */
const WEEKDAY_HOUR_HARMONICS = 4;

/** Inputs of the network's trunk (and of the GLM where they are calendar terms). */
export const TRUNK_FEATURES = [
  ...HARMONICS("hour_", 1, 3),
  ...["dow_sun", "dow_mon", "dow_tue", "dow_wed", "dow_thu", "dow_fri", "dow_sat"],
  "doy_sin1",
  "doy_cos1",
  "horizon",
  "lag_168h_rel",
  "same_hour_of_week_4w_rel",
  "same_hour_of_day_7d_rel",
  "last_24h_rel",
  "last_3h_rel",
  "log_level", // the hospital's own 28-day level (its size, from its own history; no capacity)
  PUBLIC_HOLIDAY, // date-holidays for the hospital's region, OR the organisation's calendar
  "day_after_holiday",
  "lag_week_holiday", // the same hour a week before was a holiday: lag features mislead
  "christmas_period", // 24 Dec – 2 Jan, local dates
  SCHOOL_HOLIDAY, // the organisation's calendar (0 without one)
  "temp_anomaly", // 24 h mean temperature minus the local median for the month, °C
  "cold_below_local_p5", // 24 h mean below the local 5th percentile (snow, ice), °C
] as const;
/**
 * Environment terms in natural units (°C above the local climate's percentile, 10 µg/m³, 20 ppb,
 * 50 AQI points). Their weights are log rate ratios per unit that start at the DOMAIN.md sizes
 * (ml/priors.ts) and are learned from the data, in either direction.
 */
export const ENV_FEATURES = [
  "heat_above_local_warm", // daily mean above the local p90 for the month: +1.8 %/°C prior
  "heat_above_local_extreme", // daily max above the local p95, capped at 3 °C (extreme day +7.8 %)
  "pm25_24h_above_background", // per 10 µg/m³: asthma +1.5 %, respiratory +1 % (DOMAIN.md)
  "ozone_8h_above_background", // per 20 ppb: asthma +5 % (DOMAIN.md)
  "aqi_above_good", // per 50 AQI points above "Good" (EPA 2024 table, DOMAIN.md)
] as const;
export const EVENT_FEATURE = "event_arrivals_rel";
/** Terms only the Poisson GLM reads (the network learns interactions itself). */
export const GLM_ONLY_FEATURES = [
  ...HARMONICS("hour_", 4, 6),
  ...HARMONICS("doy_", 2, 2),
  ...WEEKDAYS.flatMap((d) => HARMONICS(`${d}_hour_`, 1, WEEKDAY_HOUR_HARMONICS)),
  ...HARMONICS("holiday_hour_", 1, 3),
  ...["sin", "cos"].flatMap((d) => HARMONICS(`season_${d}_hour_`, 1, 3)),
  "xmas_eve",
  "xmas_day",
  "boxing_day",
  "xmas_27_30",
  "new_years_eve",
  "new_years_day",
  "jan_2",
  "log_last_24h_rel_decay",
  "log_last_7d_rel",
  "log_last_24h_vs_week_before_decay", // yesterday against the same 24 h a week before
  "log_same_hour_4w_rel", // the network's hour-of-week history, for the GLM
] as const;
/** The fixed features; a model adds the organisation's calendar flags (`org_*`) after them. */
export const FEATURE_NAMES: readonly string[] = [
  ...TRUNK_FEATURES,
  ...ENV_FEATURES,
  EVENT_FEATURE,
  ...GLM_ONLY_FEATURES,
];
const BASE = FEATURE_NAMES.length;
const IDX = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i]));
/** Calendar and recent-history columns of the GLM (env, event and org flags are added). */
const GLM_BASE = FEATURE_NAMES.filter((n) =>
  /^(hour_|doy_|(sun|mon|tue|wed|thu|fri|sat)_hour|holiday_hour_|season_|xmas_|boxing|new_years|jan_2|log_)/
    .test(n) ||
  /^dow_(mon|tue|wed|thu|fri|sat)$/.test(n) ||
  [
    PUBLIC_HOLIDAY,
    SCHOOL_HOLIDAY,
    "day_after_holiday",
    "lag_week_holiday",
    "christmas_period",
    "temp_anomaly",
    "cold_below_local_p5",
  ].includes(n)
);

/** The day-of-year terms and their interactions (left out of models of short histories). */
const SEASONAL = /^(doy_|season_)/;

/** All feature names of a model with these organisation flags (`org_…`). */
export function featureNames(orgFlags: readonly string[]): string[] {
  return [...FEATURE_NAMES, ...orgFlags];
}

/** Organisation flag names present in any of the histories, sorted. */
export function orgFlagsOf(histories: readonly HospitalHistory[]): string[] {
  return [...new Set(histories.flatMap((h) => Object.keys(h.days)))]
    .filter((n) => n.startsWith(ORG_PREFIX)).sort();
}

/** 3: without `log_ed_beds` (issue 16: no capacity among the inputs). */
export const FEATURE_SPEC_VERSION = 3;

/** Everything needed to rebuild a model's inputs, stored in model_versions.feature_spec. */
export interface FeatureSpec {
  version: 3;
  names: string[];
  /** Columns of the network's trunk, of its multiplicative environment term, and the GLM's. */
  trunk: number[];
  env: number[];
  glm: number[];
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
  /** Observed arrivals; NaN where unknown. Only hours before an origin are ever read. */
  arrivals: ArrayLike<number>;
  calendar: LocalCalendar;
  /** Hourly 0/1 day flags (public/school holidays, the organisation's own flags). */
  days: DayFlags;
  env: EnvironmentDerived;
  /** Local temperature climatology (heat is judged against it); null when unknown. */
  climate: Climate | null;
  /** Expected event-driven arrivals per hour (PPR model). */
  eventLoad: ArrayLike<number>;
}

/** What the features know of a hospital: its place and time zone (no capacity, see above). */
export interface HospitalInput extends Place {
  timezone: string;
  /** The place's climatology; computed from the given environment when absent. */
  climate?: Climate | null;
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
  days: DayFlags = {},
): HospitalHistory {
  const hours = environment.temperatureC.length;
  const env = deriveEnvironment(environment, hours);
  const calendar = localCalendar(hospital.timezone, start, hours);
  const climate = hospital.climate !== undefined ? hospital.climate : localClimate(
    environment.temperatureC,
    calendar.month,
    calendar.hour,
    HEAT_WARM_PERCENTILE,
    HEAT_EXTREME_PERCENTILE,
  );
  return {
    start,
    hours,
    arrivals,
    calendar,
    days,
    env,
    climate,
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
/** Smooth, increasing ramp above a threshold; unknown values count as no excess. */
const ramp = (v: number, threshold: number, unit: number) =>
  Number.isFinite(v) && Number.isFinite(threshold) ? softplus((v - threshold) / unit) : 0;
const logRatio = (v: number) => Math.log(Math.min(3, Math.max(1 / 3, v)));
const NO_FLAG = new Uint8Array(0);

/**
 * Writes the raw (unscaled) features of target hour origin + k into out[offset…] (the fixed
 * features, then `orgFlags`) and returns the level (scale), or null when the hospital has too
 * little history at this origin.
 */
export function rawFeatures(
  h: HospitalHistory,
  origin: number,
  k: number,
  out: Float32Array,
  offset: number,
  orgFlags: readonly string[] = [],
): number | null {
  const level = levelAt(h, origin);
  if (level === null) return null;
  const t = origin + k;
  const { hour, weekday, dayOfYear, month, dayOfMonth } = h.calendar;
  const rel = (v: number, fallback: number) => Number.isFinite(v) ? v / level : fallback;
  const dow = meanOf([1, 2, 3, 4].map((w) => observed(h, t - 168 * w, origin)));
  const firstDay = Math.ceil((k + 1) / 24);
  const dayMean = meanOf(
    [0, 1, 2, 3, 4, 5, 6].map((d) => observed(h, t - 24 * (firstDay + d), origin)),
  );
  const dayRel = rel(dayMean, 1);
  const weekRel = rel(dow, dayRel);
  const last24 = rel(windowMean(h, origin - 24, origin), 1);
  const e = h.env;
  const holiday = h.days[PUBLIC_HOLIDAY] ?? NO_FLAG;
  const flag = (series: Uint8Array, i: number) => i >= 0 && i < series.length ? series[i] : 0;
  const isHoliday = flag(holiday, t);
  const mo = month[t], dom = dayOfMonth[t], wd = weekday[t];
  const o = offset;
  for (let m = 1; m <= 6; m++) {
    const a = 2 * Math.PI * m * hour[t] / 24;
    const at = m <= 3 ? o + 2 * (m - 1) : o + IDX.hour_sin4 + 2 * (m - 4);
    out[at] = Math.sin(a);
    out[at + 1] = Math.cos(a);
  }
  for (let d = 0; d < 7; d++) out[o + IDX.dow_sun + d] = wd === d ? 1 : 0;
  for (let m = 1; m <= 2; m++) {
    const a = 2 * Math.PI * m * dayOfYear[t] / 365.25;
    const at = m === 1 ? o + IDX.doy_sin1 : o + IDX.doy_sin2;
    out[at] = Math.sin(a);
    out[at + 1] = Math.cos(a);
  }
  out[o + IDX.horizon] = k / HORIZON_HOURS;
  out[o + IDX.lag_168h_rel] = rel(observed(h, t - 168, origin), weekRel);
  out[o + IDX.same_hour_of_week_4w_rel] = weekRel;
  out[o + IDX.same_hour_of_day_7d_rel] = dayRel;
  out[o + IDX.last_24h_rel] = last24;
  out[o + IDX.last_3h_rel] = rel(windowMean(h, origin - 3, origin), last24);
  out[o + IDX.log_level] = Math.log(level);
  out[o + IDX[PUBLIC_HOLIDAY]] = isHoliday;
  out[o + IDX.day_after_holiday] = !isHoliday && flag(holiday, t - 24) ? 1 : 0;
  out[o + IDX.lag_week_holiday] = flag(holiday, t - 168);
  out[o + IDX.christmas_period] = (mo === 11 && dom >= 24) || (mo === 0 && dom <= 2) ? 1 : 0;
  out[o + IDX[SCHOOL_HOLIDAY]] = flag(h.days[SCHOOL_HOLIDAY] ?? NO_FLAG, t);
  const c = h.climate;
  const anomaly = c ? e.tempMean24[t] - c.medianMeanC[mo] : NaN;
  out[o + IDX.temp_anomaly] = Number.isFinite(anomaly) ? Math.max(-15, Math.min(15, anomaly)) : 0;
  out[o + IDX.cold_below_local_p5] = c ? ramp(-e.tempMean24[t], -c.coldMeanC[mo], 1) : 0;
  out[o + IDX.heat_above_local_warm] = c ? ramp(e.tempMean24[t], c.warmMeanC[mo], 1) : 0;
  // An extreme-heat day is a step (+7.8 %, DOMAIN.md), smoothed over the first 3 °C above the
  // local p95 (the prior is 7.8 %/3 per °C, ml/train.ts); unbounded, the learned slope doubled
  // the arrivals of a what-if +20 °C.
  out[o + IDX.heat_above_local_extreme] = c
    ? Math.min(EXTREME_HEAT_RAMP_C, ramp(e.tempMax24[t], c.extremeMaxC[mo], 1))
    : 0;
  out[o + IDX.pm25_24h_above_background] = ramp(e.pm25Mean24[t], PM25_REFERENCE_UGM3, 10);
  out[o + IDX.ozone_8h_above_background] = ramp(e.ozonePpb8h[t], OZONE_REFERENCE_PPB, 20);
  out[o + IDX.aqi_above_good] = ramp(e.aqi[t], 50, 50);
  out[o + IDX[EVENT_FEATURE]] = (h.eventLoad[t] ?? 0) / level;
  const harmonic = (m: number) => m <= 3 ? o + 2 * (m - 1) : o + IDX.hour_sin4 + 2 * (m - 4);
  WEEKDAYS.forEach((d, j) => {
    const on = wd === j ? 1 : 0;
    for (let m = 1; m <= WEEKDAY_HOUR_HARMONICS; m++) {
      out[o + IDX[`${d}_hour_sin${m}`]] = on * out[harmonic(m)];
      out[o + IDX[`${d}_hour_cos${m}`]] = on * out[harmonic(m) + 1];
    }
  });
  for (const [d, v] of [["sin", out[o + IDX.doy_sin1]], ["cos", out[o + IDX.doy_cos1]]] as const) {
    for (let m = 1; m <= 3; m++) {
      out[o + IDX[`season_${d}_hour_sin${m}`]] = v * out[o + 2 * (m - 1)];
      out[o + IDX[`season_${d}_hour_cos${m}`]] = v * out[o + 2 * (m - 1) + 1];
    }
  }
  for (let m = 1; m <= 3; m++) {
    out[o + IDX[`holiday_hour_sin${m}`]] = isHoliday * out[o + 2 * (m - 1)];
    out[o + IDX[`holiday_hour_cos${m}`]] = isHoliday * out[o + 2 * (m - 1) + 1];
  }
  out[o + IDX.xmas_eve] = mo === 11 && dom === 24 ? 1 : 0;
  out[o + IDX.xmas_day] = mo === 11 && dom === 25 ? 1 : 0;
  out[o + IDX.boxing_day] = mo === 11 && dom === 26 ? 1 : 0;
  out[o + IDX.xmas_27_30] = mo === 11 && dom >= 27 && dom <= 30 ? 1 : 0;
  out[o + IDX.new_years_eve] = mo === 11 && dom === 31 ? 1 : 0;
  out[o + IDX.new_years_day] = mo === 0 && dom === 1 ? 1 : 0;
  out[o + IDX.jan_2] = mo === 0 && dom === 2 ? 1 : 0;
  out[o + IDX.log_last_24h_rel_decay] = logRatio(last24) * Math.exp(-(k + 1) / 24);
  // Either day unknown (an upload gap, or data that stopped a day ago): no signal, not NaN — a NaN
  // input makes every output of the graph NaN.
  const weekBefore = windowMean(h, origin - 192, origin - 168);
  const lastDay = windowMean(h, origin - 24, origin);
  out[o + IDX.log_last_24h_vs_week_before_decay] =
    Number.isFinite(weekBefore) && weekBefore > 0 && Number.isFinite(lastDay)
      ? logRatio(lastDay / weekBefore) * Math.exp(-(k + 1) / 24)
      : 0;
  out[o + IDX.log_same_hour_4w_rel] = logRatio(weekRel);
  out[o + IDX.log_last_7d_rel] = logRatio(rel(windowMean(h, origin - 168, origin), 1));
  for (let j = 0; j < orgFlags.length; j++) {
    out[o + BASE + j] = flag(h.days[orgFlags[j]] ?? NO_FLAG, t);
  }
  return level;
}

/** Organisation flags of a spec (the `org_*` names after the fixed features). */
export function specOrgFlags(spec: Pick<FeatureSpec, "names">): string[] {
  return spec.names.slice(BASE);
}

/**
 * Fits the scaling: trunk and GLM columns standardised; environment and event columns stay in
 * their natural units so that their weights read as effects per unit and start at the
 * literature's size (ml/priors.ts).
 */
export function fitSpec(
  raw: Float32Array,
  n: number,
  opts: {
    hidden: [number, number];
    eventFeatures: boolean;
    orgFlags: readonly string[];
    /**
     * Whether the model reads the day-of-year terms (false for short histories: a few weeks
     * cannot tell a season from a run of busy days, and the terms would extrapolate the run).
     */
    seasonality?: boolean;
  },
): FeatureSpec {
  const names = featureNames(opts.orgFlags);
  const f = names.length;
  const org = opts.orgFlags.map((_, j) => BASE + j);
  const keep = (i: number) => opts.seasonality !== false || !SEASONAL.test(FEATURE_NAMES[i] ?? "");
  const trunk = [...TRUNK_FEATURES.map((name) => IDX[name]), ...org].filter(keep);
  const env = ENV_FEATURES.map((name) => IDX[name]);
  const glm = [...GLM_BASE.map((name) => IDX[name]), ...env, IDX[EVENT_FEATURE], ...org]
    .filter(keep);
  const mean = new Array(f).fill(0), std = new Array(f).fill(1);
  const natural = new Set([...env, IDX[EVENT_FEATURE]]);
  const constant = new Set<number>();
  for (let i = 0; i < f; i++) {
    if (natural.has(i)) continue;
    let s = 0, s2 = 0, same = true;
    const first = raw[i];
    for (let r = 0; r < n; r++) {
      const v = raw[r * f + i];
      s += v;
      s2 += v * v;
      if (v !== first) same = false;
    }
    mean[i] = s / Math.max(1, n);
    std[i] = Math.sqrt(Math.max(0, s2 / Math.max(1, n) - mean[i] ** 2)) || 1;
    if (same) constant.add(i);
  }
  // A column the training rows never vary (Christmas in a history of spring weeks, a flag never
  // set) teaches nothing: the network would apply its random initial weights to it at serve time.
  // Environment and event columns stay: with no such days their documented priors apply.
  const varies = (i: number) => !constant.has(i);
  return {
    version: FEATURE_SPEC_VERSION,
    names,
    trunk: trunk.filter(varies),
    env,
    glm: glm.filter(varies),
    event: opts.eventFeatures ? IDX[EVENT_FEATURE] : -1,
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
  if (spec.version !== FEATURE_SPEC_VERSION) {
    throw new Error(`model feature spec version ${spec.version} is not supported (retrain it)`);
  }
  const f = spec.names.length, n = spec.horizonHours;
  if (origin + n > h.hours) throw new RangeError("the history must extend 72 h past the origin");
  const x = new Float32Array(n * f), scale = new Float32Array(n);
  const org = specOrgFlags(spec);
  for (let k = 0; k < n; k++) {
    const level = rawFeatures(h, origin, k, x, k * f, org);
    if (level === null) return null;
    scale[k] = level;
  }
  return { x: scaleRows(x, n, spec), scale };
}
