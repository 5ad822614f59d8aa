/**
 * What-if for a chosen window (up to 12 months ahead): the scenario inputs of a hospital moved to
 * a future forecast origin. Arrivals before the origin are the hospital's latest observed weeks,
 * shifted by whole weeks (so that each hour keeps its weekday and hour); the environment is what
 * is stored for those hours (feed forecasts reach about two weeks) and the place's climatology by
 * month and hour beyond that. Pure: the server builds it, the browser receives it as JSON.
 */
import { HOUR_MS } from "./feature_inputs.ts";
import type { ScenarioInputs } from "./what_if_inputs.ts";

const WEEK_MS = 7 * 24 * HOUR_MS;

/** The whole number of weeks a window at `origin` lies ahead of `now` (rounded up). */
export function weeksAhead(origin: number, now: number): number {
  return Math.max(0, Math.ceil((origin - now) / WEEK_MS));
}

/** Mean of a metric for a UTC instant: its month and hour, or the nearest month with data. */
export function climateAt(
  values: Map<string, number>,
  months: number[],
  t: number,
  metric: string,
): number {
  if (!months.length) return NaN;
  const d = new Date(t), m = d.getUTCMonth(), h = d.getUTCHours();
  const nearest = [...months].sort((a, b) => circular(a, m) - circular(b, m))[0];
  return values.get(`${nearest}:${h}:${metric}`) ?? NaN;
}

const circular = (a: number, b: number) => Math.min((a - b + 12) % 12, (b - a + 12) % 12);

const metrics = {
  temperatureC: "temperature_c",
  relativeHumidity: "relative_humidity",
  pm25: "pm25",
  ozone: "ozone",
} as const;

/**
 * Fills the unknown hours of an environment series from `start` with the climatology; returns
 * how many hours came from it.
 */
export function fillFromClimatology(
  env: Record<keyof typeof metrics, Float64Array>,
  start: number,
  climate: { values: Map<string, number>; months: number[] },
): number {
  let filled = 0;
  const hours = env.temperatureC.length;
  for (let i = 0; i < hours; i++) {
    let used = false;
    for (const [k, metric] of Object.entries(metrics) as [keyof typeof metrics, string][]) {
      if (Number.isFinite(env[k][i])) continue;
      env[k][i] = climateAt(climate.values, climate.months, start + i * HOUR_MS, metric);
      used ||= Number.isFinite(env[k][i]);
    }
    if (used) filled++;
  }
  return filled;
}

/**
 * The scenario of a base (inputs observed up to `anchor`, the base's origin) moved `weeks` weeks
 * ahead, with another environment and events for the new window.
 */
export function moveScenario(
  base: ScenarioInputs,
  weeks: number,
  environment: ScenarioInputs["environment"],
  events: ScenarioInputs["events"],
): ScenarioInputs {
  const shift = weeks * WEEK_MS;
  const arrivals = Float64Array.from(base.arrivals);
  // Only the weeks before the origin are observations; the horizon stays unknown.
  for (let i = base.origin; i < arrivals.length; i++) arrivals[i] = NaN;
  return { ...base, start: base.start + shift, arrivals, environment, events };
}
