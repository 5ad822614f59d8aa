/**
 * The served model: an ensemble of the Poisson GLM (ml/glm.ts) and networks trained from several
 * seeds (ml/mlp.ts), with a calibrated predictive distribution:
 *
 *   c    = scale · (wGlm · exp(b + β · x) + (1 − wGlm) · mean_i p50_i(x))   the centre (arrivals/h)
 *   sd   = sqrt(c + φ c²)                                                 negative-binomial spread
 *   p_q  = relu(c + z_q · sd)                                            q = 0.05 0.1 0.9 0.95
 *   p50  = floor(c + z_50 · sd + ½), p10 and p05 ≤ p50 ≤ p90 and p95         a whole number
 *
 * Arrivals are counts: the median of a count is a whole number, and the absolute error of a
 * whole-number median is lower than that of any value between two (integer-aware point forecast).
 * The band edges stay continuous: between two integers the pinball loss and the coverage move
 * linearly, so the conformal offsets can hit 10 %/90 % on integer data.
 *
 * φ comes from the GLM's residuals; z_q are conformal offsets: the (sd-weighted) empirical
 * q-quantiles of (y − c)/sd on a calibration window of recent history not used to fit the
 * networks, so each quantile minimises the pinball loss there (for integer counts too).
 * z is non-decreasing, so 0 ≤ p05 ≤ p10 ≤ p50 ≤ p90 ≤ p95. ml/onnx_export.ts writes it as one
 * graph; the export check compares it with forwardEnsemble.
 */
import { forwardBatch, type MlpWeights } from "./mlp.ts";

export const ENSEMBLE_QUANTILES = [0.05, 0.1, 0.5, 0.9, 0.95] as const;

export interface EnsembleWeights {
  /** GLM on the scaled inputs: η = b + w · x (zero outside its columns). */
  glm: { w: Float32Array; b: number };
  nets: MlpWeights[];
  glmWeight: number;
  dispersion: number;
  /** Offsets in sd units for ENSEMBLE_QUANTILES (per row: plus zw · x when zw is given). */
  z: number[];
  /** The band calibrated per local hour of day (hourOffsets); absent: one offset for all. */
  byHour?: HourBand;
}

/**
 * Offsets per local hour of day added to z: `z[k][h]` for quantile k and hour h, and where the
 * hour is read from: the scaled columns of hour_sin1 and hour_cos1 with their scaling.
 */
export interface HourBand {
  sin: { col: number; mean: number; std: number };
  cos: { col: number; mean: number; std: number };
  z: number[][];
}

/**
 * cos(θ − θ_h) above this is hour h (1 at h, cos 15° = 0.966 at its neighbours): the one-hot
 * hour is relu((cos(θ − θ_h) − T) / (1 − T)), linear in the harmonics then one Relu, so that
 * the ONNX graph computes it with a Gemm and the TypeScript forward pass the same way.
 */
const HOUR_T = (1 + Math.cos((2 * Math.PI) / 24)) / 2;

/** The one-hot local hour [n, 24] of scaled rows (as the graph computes it). */
export function hourOneHot(b: HourBand, x: Float32Array, n: number, f: number): Float32Array {
  const out = new Float32Array(n * 24);
  for (let r = 0; r < n; r++) {
    const s = Math.fround(x[r * f + b.sin.col] * b.sin.std + b.sin.mean);
    const c = Math.fround(x[r * f + b.cos.col] * b.cos.std + b.cos.mean);
    for (let h = 0; h < 24; h++) {
      const a = (2 * Math.PI * h) / 24;
      const g = c * Math.cos(a) + s * Math.sin(a);
      out[r * 24 + h] = Math.max(0, (g - HOUR_T) / (1 - HOUR_T));
    }
  }
  return out;
}

/** The graph's weights for the one-hot hour: g_h = W_h · x + B_h = cos(θ − θ_h) − T, scaled. */
export function hourGemm(b: HourBand, f: number): { w: Float32Array; b: Float32Array } {
  const w = new Float32Array(24 * f), bias = new Float32Array(24);
  const k = 1 / (1 - HOUR_T);
  for (let h = 0; h < 24; h++) {
    const a = (2 * Math.PI * h) / 24;
    w[h * f + b.sin.col] = k * Math.sin(a) * b.sin.std;
    w[h * f + b.cos.col] = k * Math.cos(a) * b.cos.std;
    bias[h] = k * (Math.sin(a) * b.sin.mean + Math.cos(a) * b.cos.mean - HOUR_T);
  }
  return { w, b: bias };
}

/** Centres c (arrivals/h) of n scaled rows. */
export function ensembleCentres(
  e: Omit<EnsembleWeights, "z" | "dispersion">,
  x: Float32Array,
  scale: Float32Array,
  n: number,
): Float64Array {
  const f = e.glm.w.length, c = new Float64Array(n);
  const netShare = e.nets.length ? (1 - e.glmWeight) / e.nets.length : 0;
  const glmWeight = e.nets.length ? e.glmWeight : 1;
  for (const net of e.nets) {
    if (netShare === 0) break;
    const q = forwardBatch(net, x, scale, n);
    for (let r = 0; r < n; r++) c[r] += netShare * q[r * 3 + 1];
  }
  if (glmWeight > 0) {
    for (let r = 0; r < n; r++) {
      let eta = e.glm.b;
      for (let i = 0; i < f; i++) eta += e.glm.w[i] * x[r * f + i];
      c[r] += glmWeight * scale[r] * Math.exp(Math.min(eta, 30));
    }
  }
  return c;
}

/** Per-row offsets [n, 5]: z plus the hour's offsets, or null without an hour band. */
export function rowOffsets(
  e: Pick<EnsembleWeights, "z" | "byHour">,
  x: Float32Array,
  n: number,
  f: number,
): Float64Array | null {
  if (!e.byHour) return null;
  const hot = hourOneHot(e.byHour, x, n, f), out = new Float64Array(n * 5);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < 5; k++) {
      let v = e.z[k];
      const zk = e.byHour.z[k];
      for (let h = 0; h < 24; h++) v += hot[r * 24 + h] * zk[h];
      out[r * 5 + k] = v;
    }
  }
  return out;
}

/** Quantiles from centres: [n, 5] in ENSEMBLE_QUANTILES order (p50 a whole number). */
export function quantilesFromCentres(
  c: ArrayLike<number>,
  dispersion: number,
  z: readonly number[],
  zRows: Float64Array | null = null,
): Float32Array {
  const n = c.length, out = new Float32Array(n * 5);
  for (let r = 0; r < n; r++) {
    // float32 like ONNX Runtime, so that floor() lands on the same side in both.
    const cr = Math.fround(c[r]);
    const sd = Math.fround(Math.sqrt(Math.fround(cr + Math.fround(dispersion * cr * cr))));
    const zk = (k: number) => zRows ? Math.fround(zRows[r * 5 + k]) : z[k];
    const at = (k: number) => Math.max(0, Math.fround(cr + Math.fround(zk(k) * sd)));
    const p50 = Math.floor(Math.fround(cr + Math.fround(zk(2) * sd)) + 0.5);
    const o = r * 5;
    out[o + 2] = Math.max(0, p50);
    out[o + 1] = Math.min(at(1), out[o + 2]);
    out[o] = Math.min(at(0), out[o + 1]);
    out[o + 3] = Math.max(at(3), out[o + 2]);
    out[o + 4] = Math.max(at(4), out[o + 3]);
  }
  return out;
}

/** Forward pass: [n, 3] = p10, p50, p90 (the `quantiles` output) and [n, 2] = p05, p95. */
export function forwardEnsemble(
  e: EnsembleWeights,
  x: Float32Array,
  scale: Float32Array,
  n: number,
): { main: Float32Array; wide: Float32Array; edge: Uint8Array } {
  const c = ensembleCentres(e, x, scale, n);
  const q = quantilesFromCentres(c, e.dispersion, e.z, rowOffsets(e, x, n, e.glm.w.length));
  const main = new Float32Array(n * 3), wide = new Float32Array(n * 2);
  // Rows whose median sits within 1e-3 of a rounding edge: float32 (ONNX Runtime) and float64
  // may round them to neighbouring whole numbers, so export checks skip them.
  const edge = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const sd = Math.sqrt(Math.max(0, c[r] + e.dispersion * c[r] * c[r]));
    const v = c[r] + e.z[2] * sd + 0.5;
    edge[r] = Math.abs(v - Math.round(v)) < 1e-3 ? 1 : 0;
    main[r * 3] = q[r * 5 + 1];
    main[r * 3 + 1] = q[r * 5 + 2];
    main[r * 3 + 2] = q[r * 5 + 3];
    wide[r * 2] = q[r * 5];
    wide[r * 2 + 1] = q[r * 5 + 4];
  }
  return { main, wide, edge };
}

/**
 * Half a point of margin on the band edges (9.5 %/90.5 %, 4.5 %/95.5 %): the calibration window is
 * eight weeks of one season, the forecasts run for months after it. On the Cardiff test year the
 * 80 % band covered 0.78–0.79 without it and 0.79–0.80 with it, at a slightly lower pinball loss.
 */
export const BAND_MARGIN = 0.005;

/** The levels the offsets are fitted at: ENSEMBLE_QUANTILES widened by BAND_MARGIN. */
export const CALIBRATION_LEVELS = ENSEMBLE_QUANTILES.map((q) =>
  q < 0.5 ? q - BAND_MARGIN : q > 0.5 ? q + BAND_MARGIN : q
);

/**
 * Conformal offsets: for each level q, the z minimising Σ pinball_q(y − c − z·sd), i.e. the
 * sd-weighted q-quantile of (y − c)/sd; made non-decreasing across quantiles.
 */
export function conformalOffsets(
  c: ArrayLike<number>,
  y: ArrayLike<number>,
  dispersion: number,
  quantiles: readonly number[] = CALIBRATION_LEVELS,
): number[] {
  const rows: { r: number; w: number }[] = [];
  let total = 0;
  for (let i = 0; i < c.length; i++) {
    if (!Number.isFinite(y[i]) || !Number.isFinite(c[i])) continue;
    const sd = Math.sqrt(Math.max(1e-9, c[i] + dispersion * c[i] * c[i]));
    rows.push({ r: (y[i] - c[i]) / sd, w: sd });
    total += sd;
  }
  if (!rows.length) return quantiles.map(() => 0);
  rows.sort((a, b) => a.r - b.r);
  const z = quantiles.map((q) => {
    let acc = 0;
    for (const row of rows) {
      acc += row.w;
      if (acc >= q * total) return row.r;
    }
    return rows[rows.length - 1].r;
  });
  for (let k = 1; k < z.length; k++) z[k] = Math.max(z[k], z[k - 1]);
  const median = quantiles.indexOf(0.5);
  if (median >= 0) z[median] = integerMedianOffset(c, y, dispersion, z[median]);
  return z;
}

/** The offset of the whole-number median minimising the absolute error (grid around z0). */
function integerMedianOffset(
  c: ArrayLike<number>,
  y: ArrayLike<number>,
  dispersion: number,
  z0: number,
): number {
  let best = z0, bestErr = Infinity;
  for (let step = -40; step <= 40; step++) {
    const z = Math.round((z0 + step * 0.01) * 100) / 100;
    let err = 0;
    for (let i = 0; i < c.length; i++) {
      if (!Number.isFinite(y[i])) continue;
      const sd = Math.sqrt(c[i] + dispersion * c[i] * c[i]);
      err += Math.abs(y[i] - Math.max(0, Math.floor(c[i] + z * sd + 0.5)));
    }
    if (
      err < bestErr - 1e-9 ||
      (Math.abs(err - bestErr) <= 1e-9 && Math.abs(z - z0) < Math.abs(best - z0))
    ) {
      bestErr = err;
      best = z;
    }
  }
  return best;
}

/** The ensemble weight of the GLM minimising absolute error of the centre (grid of 0.1). */
export function chooseGlmWeight(
  glm: ArrayLike<number>,
  nets: ArrayLike<number>,
  y: ArrayLike<number>,
): number {
  let best = 1, bestErr = Infinity;
  for (let w = 0; w <= 1.0001; w += 0.1) {
    let err = 0;
    for (let i = 0; i < y.length; i++) {
      if (Number.isFinite(y[i])) err += Math.abs(y[i] - (w * glm[i] + (1 - w) * nets[i]));
    }
    if (err < bestErr - 1e-9) (bestErr = err, best = Math.round(w * 10) / 10);
  }
  return best;
}

/** Local hour of day (0–23) from the raw values of hour_sin1 and hour_cos1. */
export function hourOf(sin1: number, cos1: number): number {
  const h = Math.round((Math.atan2(sin1, cos1) / (2 * Math.PI)) * 24);
  return ((h % 24) + 24) % 24;
}

/**
 * Hour-of-day calibration of the band (issue 17: one offset for every hour covered 0.74–0.85 by
 * local hour, with directional misses on the morning and evening ramps, e.g. 18 % of actuals
 * above p90 at 09:00). For every level but the median, the weighted quantile of (y − c)/sd per
 * local hour minus that of all hours, on `rows` (the last year of training rows: about 700 an
 * hour, where the eight-week calibration window holds about 110 — too few for a tail per hour,
 * and of one season). Added to the calibration window's offsets, so the window still sets the
 * overall width and the year sets the shape over the day. Returns [level][hour].
 */
export function hourOffsets(
  c: ArrayLike<number>,
  y: ArrayLike<number>,
  hour: ArrayLike<number>,
  dispersion: number,
  quantiles: readonly number[] = CALIBRATION_LEVELS,
): number[][] | null {
  const byHour: { r: number; w: number }[][] = Array.from({ length: 24 }, () => []);
  const all: { r: number; w: number }[] = [];
  for (let i = 0; i < c.length; i++) {
    if (!Number.isFinite(y[i]) || !Number.isFinite(c[i])) continue;
    const sd = Math.sqrt(Math.max(1e-9, c[i] + dispersion * c[i] * c[i]));
    const row = { r: (y[i] - c[i]) / sd, w: sd };
    byHour[hour[i]].push(row);
    all.push(row);
  }
  // Below this many rows an hour, one offset for all hours stays (short histories).
  if (byHour.some((rows) => rows.length < 200)) return null;
  const quantile = (rows: { r: number; w: number }[], q: number) => {
    const total = rows.reduce((s, row) => s + row.w, 0);
    let acc = 0;
    for (const row of rows) {
      acc += row.w;
      if (acc >= q * total) return row.r;
    }
    return rows[rows.length - 1].r;
  };
  for (const rows of [...byHour, all]) rows.sort((a, b) => a.r - b.r);
  return quantiles.map((q) => {
    if (q === 0.5) return new Array(24).fill(0);
    const overall = quantile(all, q);
    return byHour.map((rows) => quantile(rows, q) - overall);
  });
}
