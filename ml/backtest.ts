/**
 * Rolling-origin backtest on held-out weeks: from every origin (every `step` hours) each hospital
 * gets a 72 h forecast built only from what was known at the origin; every model and baseline is
 * scored on exactly the same points. Hourly arrivals are judged with MASE against seasonal naive
 * (same hour last week), pinball loss and 80% coverage, and daily totals with MAPE (DOMAIN.md:
 * hourly MAPE is uninformative, daily MAPE ≈ 3–12% in the literature).
 */
import { HORIZON_HOURS, type HospitalHistory, rawFeatures } from "./features.ts";
import { PUBLIC_HOLIDAY } from "./calendar_flags.ts";

/** One (hospital, origin) forecast to score: raw features of its 72 rows, actuals, naive. */
export interface BacktestCase {
  hospital: number;
  origin: number;
  level: Float32Array;
  raw: Float32Array;
  actual: Float64Array;
  naive: Float64Array;
  eventLoad: Float64Array;
  /** Per target hour: public holiday (1/0) and hot (24 h mean above the local p90, 1/0). */
  holiday: Uint8Array;
  hot: Uint8Array;
}

/**
 * Cases for every origin in [from, to − 72 h] stepping `step` hours, for every hospital; raw rows
 * have `width` columns (the fixed features, then `orgFlags`).
 */
export function backtestCases(
  histories: readonly HospitalHistory[],
  from: number,
  to: number,
  step: number,
  orgFlags: readonly string[] = [],
  width = 0,
): BacktestCase[] {
  const n = HORIZON_HOURS;
  const f = width;
  const cases: BacktestCase[] = [];
  for (let origin = from; origin + n <= to; origin += step) {
    histories.forEach((h, hospital) => {
      const raw = new Float32Array(n * f), level = new Float32Array(n);
      const actual = new Float64Array(n), naive = new Float64Array(n);
      const eventLoad = new Float64Array(n);
      const holiday = new Uint8Array(n), hot = new Uint8Array(n);
      const holidays = h.days[PUBLIC_HOLIDAY];
      for (let k = 0; k < n; k++) {
        const l = rawFeatures(h, origin, k, raw, k * f, orgFlags);
        if (l === null) return;
        const t = origin + k;
        level[k] = l;
        actual[k] = h.arrivals[t];
        naive[k] = h.arrivals[t - 168];
        eventLoad[k] = h.eventLoad[t];
        holiday[k] = holidays?.[t] ?? 0;
        const warm = h.climate?.warmMeanC[h.calendar.month[t]];
        hot[k] = warm !== undefined && h.env.tempMean24[t] > warm ? 1 : 0;
      }
      cases.push({ hospital, origin, level, raw, actual, naive, eventLoad, holiday, hot });
    });
  }
  return cases;
}

export interface Metrics {
  points: number;
  mae: number;
  mase: number;
  pinball: number;
  coverage80: number;
  dailyMape: number;
  days: number;
}

/** Which 24 h blocks (per case: 3) take part; all when no mask is given. */
export type BlockMask = (c: BacktestCase, block: number) => boolean;

/** Which target hours take part (hour k of a case); all when no mask is given. */
export type HourMask = (c: BacktestCase, k: number) => boolean;

/**
 * Scores predictions [cases × 72 × 3] against actuals; MASE is relative to seasonal naive.
 * `mask` selects 24 h blocks, `hours` single hours (a block then counts for daily MAPE when at
 * least half its hours are selected), `horizon` keeps only the first hours of each forecast.
 */
export function evaluate(
  cases: readonly BacktestCase[],
  pred: Float32Array,
  mask?: BlockMask,
  opts: { hours?: HourMask; horizon?: number } = {},
) {
  let n = 0, ae = 0, aeNaive = 0, pin = 0, covered = 0, ape = 0, days = 0;
  const horizon = opts.horizon ?? HORIZON_HOURS;
  cases.forEach((c, ci) => {
    for (let block = 0; block < HORIZON_HOURS / 24; block++) {
      if (mask && !mask(c, block)) continue;
      let sumY = 0, sumP = 0, complete = true, selected = 0;
      for (let k = block * 24; k < block * 24 + 24; k++) {
        const y = c.actual[k], naive = c.naive[k];
        const o = (ci * HORIZON_HOURS + k) * 3;
        if (!Number.isFinite(y) || !Number.isFinite(naive)) {
          complete = false;
          continue;
        }
        sumY += y;
        sumP += pred[o + 1];
        if (k >= horizon || (opts.hours && !opts.hours(c, k))) continue;
        selected++;
        const [p10, p50, p90] = [pred[o], pred[o + 1], pred[o + 2]];
        n++;
        ae += Math.abs(y - p50);
        aeNaive += Math.abs(y - naive);
        pin += (pinball(y, p10, 0.1) + pinball(y, p50, 0.5) + pinball(y, p90, 0.9)) / 3;
        if (y >= p10 && y <= p90) covered++;
      }
      if (complete && sumY > 0 && selected >= 12) {
        ape += Math.abs(sumP - sumY) / sumY;
        days++;
      }
    }
  });
  return {
    points: n,
    mae: ae / n,
    mase: ae / aeNaive,
    pinball: pin / n,
    coverage80: covered / n,
    dailyMape: days ? ape / days : NaN,
    days,
  } satisfies Metrics;
}

function pinball(y: number, p: number, q: number): number {
  const d = y - p;
  return d >= 0 ? q * d : (q - 1) * d;
}

/** Share of actuals at or below each predicted quantile (calibration plot), per quantile. */
export function calibration(cases: readonly BacktestCase[], pred: Float32Array): number[] {
  const below = [0, 0, 0];
  let n = 0;
  cases.forEach((c, ci) => {
    for (let k = 0; k < HORIZON_HOURS; k++) {
      const y = c.actual[k];
      if (!Number.isFinite(y)) continue;
      n++;
      for (let q = 0; q < 3; q++) {
        const p = pred[(ci * HORIZON_HOURS + k) * 3 + q];
        // Counts are integers: an actual equal to the quantile counts half (mid-distribution).
        below[q] += y < p ? 1 : y === p ? 0.5 : 0;
      }
    }
  });
  return below.map((b) => b / Math.max(1, n));
}

/** Coverage of the 80% band by horizon day (0–23 h, 24–47 h, 48–71 h). */
export function coverageByDay(cases: readonly BacktestCase[], pred: Float32Array): number[] {
  return [0, 1, 2].map((block) => evaluate(cases, pred, (_, b) => b === block).coverage80);
}

/**
 * A day with a large event at this hospital: the PPR model expects event arrivals of at least
 * 10% of a normal day's (level × 24 h) within the 24 h block.
 */
export const largeEventDay: BlockMask = (c, block) => {
  let events = 0, normal = 0;
  for (let k = block * 24; k < block * 24 + 24; k++) {
    events += c.eventLoad[k];
    normal += c.level[k];
  }
  return events >= 0.1 * normal;
};

/** A 24 h block with any event load at this hospital (any size; the PPR model's hours). */
export const anyEventDay: BlockMask = (c, block) => {
  for (let k = block * 24; k < block * 24 + 24; k++) if (c.eventLoad[k] > 0) return true;
  return false;
};
