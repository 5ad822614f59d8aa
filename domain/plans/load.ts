/**
 * The load the ED carries each hour. Capacity (ED beds ÷ 5 h stay) is a throughput over a
 * patient's stay, so arrivals are compared with it averaged over the trailing stay, not hour by
 * hour: a single busy hour is absorbed, a busy afternoon is not.
 */
import { ED_LENGTH_OF_STAY_HOURS } from "../../demo/sim_params.ts";
import type { PlanForecastHour } from "./types.ts";

export interface LoadHour {
  ts: Date;
  /** Mean of the hourly medians over the trailing stay (arrivals/h). */
  p50: number;
  /** Upper bound of that mean: see departmentLoad. */
  p90: number;
  /** The hour's own forecast. */
  hourlyP50: number;
  hourlyP90: number;
}

/**
 * Trailing mean over the last `stayHours` forecast hours (the first full window at the start). The
 * p90 of an n-hour mean is taken as mean p50 + mean(p90 − p50) / √n, treating hours as
 * independent (assumption: the spread of a mean shrinks with √n).
 */
export function departmentLoad(
  forecast: PlanForecastHour[],
  stayHours = ED_LENGTH_OF_STAY_HOURS,
): LoadHour[] {
  return forecast.map((p, i) => {
    // The first hours have no forecast history behind them: they use the first full window.
    const window = forecast.slice(Math.max(0, i - stayHours + 1), Math.max(i + 1, stayHours));
    const n = window.length;
    const p50 = window.reduce((s, x) => s + x.p50, 0) / n;
    const spread = window.reduce((s, x) => s + (x.p90 - x.p50), 0) / n;
    return { ts: p.ts, p50, p90: p50 + spread / Math.sqrt(n), hourlyP50: p.p50, hourlyP90: p.p90 };
  });
}
