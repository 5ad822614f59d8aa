/**
 * Rolling-origin backtest on held-out weeks: from every origin (every `step` hours) each hospital
 * gets a 72 h forecast built only from what was known at the origin; every model and baseline is
 * scored on exactly the same points. Hourly arrivals are judged with MASE against seasonal naive
 * (same hour last week), pinball loss and 80% coverage, and daily totals with MAPE (DOMAIN.md:
 * hourly MAPE is uninformative, daily MAPE ≈ 3–12% in the literature).
 */
import { FEATURE_NAMES, HORIZON_HOURS, type HospitalHistory, rawFeatures } from "./features.ts";

/** One (hospital, origin) forecast to score: raw features of its 72 rows, actuals, naive. */
export interface BacktestCase {
  hospital: number;
  origin: number;
  level: Float32Array;
  raw: Float32Array;
  actual: Float64Array;
  naive: Float64Array;
  eventLoad: Float64Array;
}

/** Cases for every origin in [from, to − 72 h] stepping `step` hours, for every hospital. */
export function backtestCases(
  histories: readonly HospitalHistory[],
  from: number,
  to: number,
  step: number,
): BacktestCase[] {
  const f = FEATURE_NAMES.length, n = HORIZON_HOURS;
  const cases: BacktestCase[] = [];
  for (let origin = from; origin + n <= to; origin += step) {
    histories.forEach((h, hospital) => {
      const raw = new Float32Array(n * f), level = new Float32Array(n);
      const actual = new Float64Array(n), naive = new Float64Array(n);
      const eventLoad = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const l = rawFeatures(h, origin, k, raw, k * f);
        if (l === null) return;
        level[k] = l;
        actual[k] = h.arrivals[origin + k];
        naive[k] = h.arrivals[origin + k - 168];
        eventLoad[k] = h.eventLoad[origin + k];
      }
      cases.push({ hospital, origin, level, raw, actual, naive, eventLoad });
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

/** Scores predictions [cases × 72 × 3] against actuals; MASE is relative to seasonal naive. */
export function evaluate(cases: readonly BacktestCase[], pred: Float32Array, mask?: BlockMask) {
  let n = 0, ae = 0, aeNaive = 0, pin = 0, covered = 0, ape = 0, days = 0;
  cases.forEach((c, ci) => {
    for (let block = 0; block < HORIZON_HOURS / 24; block++) {
      if (mask && !mask(c, block)) continue;
      let sumY = 0, sumP = 0, complete = true;
      for (let k = block * 24; k < block * 24 + 24; k++) {
        const y = c.actual[k], naive = c.naive[k];
        const o = (ci * HORIZON_HOURS + k) * 3;
        if (!Number.isFinite(y) || !Number.isFinite(naive)) {
          complete = false;
          continue;
        }
        const [p10, p50, p90] = [pred[o], pred[o + 1], pred[o + 2]];
        n++;
        ae += Math.abs(y - p50);
        aeNaive += Math.abs(y - naive);
        pin += (pinball(y, p10, 0.1) + pinball(y, p50, 0.5) + pinball(y, p90, 0.9)) / 3;
        if (y >= p10 && y <= p90) covered++;
        sumY += y;
        sumP += p50;
      }
      if (complete && sumY > 0) {
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
    dailyMape: ape / days,
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
