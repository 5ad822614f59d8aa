/**
 * Scoring helpers of the backtest (ml/train.ts): per-hospital slices of predictions, the band's
 * coverage per local hour of day, and the models serving today (incumbents) run through ONNX
 * Runtime on the same backtest points as the candidate.
 */
import * as ort from "onnxruntime-web";
import { type BacktestCase, backtestCases } from "./backtest.ts";
import {
  FEATURE_SPEC_VERSION,
  type FeatureSpec,
  HORIZON_HOURS,
  type HospitalHistory,
  scaleRows,
  specOrgFlags,
} from "./features.ts";
import { createSession } from "./onnx_runtime.ts";

/** A model that serves today, scored on the same backtest points as the candidate. */
export interface Incumbent {
  /** Key of its predictions and metrics (e.g. "global", "current"). */
  name: string;
  version: string;
  spec: FeatureSpec;
  artifact: Uint8Array;
}

/** Scaled model inputs of backtest cases (their raw features, the spec's scaling). */
export function caseRows(spec: FeatureSpec, cases: readonly BacktestCase[]) {
  const f = spec.names.length, n = cases.length * HORIZON_HOURS;
  const x = new Float32Array(n * f), scale = new Float32Array(n);
  cases.forEach((c, i) => {
    x.set(c.raw, i * HORIZON_HOURS * f);
    scale.set(c.level, i * HORIZON_HOURS);
  });
  return { x: scaleRows(x, n, spec), scale, n };
}

/** Rows of the cases `idx` from predictions [cases × 72 × 3]. */
export function pickCases(pred: Float32Array, idx: number[]): Float32Array {
  const w = HORIZON_HOURS * 3, out = new Float32Array(idx.length * w);
  idx.forEach((ci, j) => out.set(pred.subarray(ci * w, (ci + 1) * w), j * w));
  return out;
}

/** Coverage of the 80 % band and shares above p90 / below p10 per local hour of day (0–23). */
export function coverageByLocalHour(
  cases: readonly BacktestCase[],
  pred: Float32Array,
  histories: readonly HospitalHistory[],
) {
  const n = new Array(24).fill(0), inside = new Array(24).fill(0);
  const above = new Array(24).fill(0), below = new Array(24).fill(0);
  cases.forEach((c, ci) => {
    const hour = histories[c.hospital].calendar.hour;
    for (let k = 0; k < HORIZON_HOURS; k++) {
      const y = c.actual[k];
      if (!Number.isFinite(y) || !Number.isFinite(c.naive[k])) continue;
      const o = (ci * HORIZON_HOURS + k) * 3, hh = hour[c.origin + k];
      n[hh]++;
      if (y >= pred[o] && y <= pred[o + 2]) inside[hh]++;
      if (y > pred[o + 2]) above[hh]++;
      if (y < pred[o]) below[hh]++;
    }
  });
  const share = (a: number[]) => a.map((v, h) => n[h] ? v / n[h] : null);
  return { coverage80: share(inside), aboveP90: share(above), belowP10: share(below) };
}

/**
 * A serving model's predictions on the backtest cases through ONNX Runtime (the served path), or
 * null when it was built for another feature spec version (it cannot be fed today's features).
 */
export async function predictIncumbent(
  inc: Incumbent,
  histories: HospitalHistory[],
  from: number,
  to: number,
  originEvery: number,
  cases: readonly BacktestCase[],
): Promise<Float32Array | null> {
  if (inc.spec.version !== FEATURE_SPEC_VERSION) return null;
  const theirs = backtestCases(
    histories,
    from,
    to,
    originEvery,
    specOrgFlags(inc.spec),
    inc.spec.names.length,
  );
  if (theirs.length !== cases.length) return null;
  const { x, scale, n } = caseRows(inc.spec, theirs);
  const session = await createSession(inc.artifact);
  try {
    const out = await session.run({
      features: new ort.Tensor("float32", x, [n, inc.spec.names.length]),
      scale: new ort.Tensor("float32", scale, [n, 1]),
    });
    return Float32Array.from(out.quantiles.data as Float32Array);
  } finally {
    await session.release();
  }
}
