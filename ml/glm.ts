/**
 * Poisson GLM with a log link and an offset, fitted by Newton–IRLS in TypeScript:
 *   log μ = log(offset) + b + Σ β_j x_j
 * with a Gaussian prior on each coefficient (β_j ~ N(prior_j, 1/λ_j)), i.e. penalised likelihood:
 * effects with a documented size (heat, air quality, event load; ml/priors.ts) start from it and
 * move only as far as the data carry them, in either direction; other columns shrink to 0.
 * Columns are standardised internally; the fit is returned in raw units and can be rewritten for
 * the forecaster's scaled inputs (toScaled), where it is one Gemm + Exp in the ONNX graph.
 */

export interface GlmPrior {
  /** Prior mean of the coefficient, raw units. */
  mean: number;
  /** Prior precision in units of Fisher information (≈ Σ μ x² of the data it is worth). */
  precision: number;
}

export interface GlmFit {
  /** Columns of the raw feature rows the GLM reads. */
  columns: number[];
  /** Coefficients per column, raw units, and the intercept. */
  beta: Float64Array;
  intercept: number;
  /** Negative-binomial dispersion φ of the residuals: Var(y) = μ + φ μ². */
  dispersion: number;
  iterations: number;
}

export interface GlmData {
  /** Row-major raw rows of `width` columns. */
  raw: ArrayLike<number>;
  width: number;
  y: ArrayLike<number>;
  /** Multiplicative offset per row (the recent level); μ = offset · exp(η). */
  offset: ArrayLike<number>;
  n: number;
}

/** Default precision of columns without a documented prior (a light ridge on standardised x). */
const DEFAULT_PRECISION = 1;
/**
 * …and at least this much in raw units (Fisher information, ≈ 20 arrivals' worth). Standardising
 * a rare indicator (a public holiday seen on one day of a short history) makes the standardised
 * ridge almost nothing in raw units: the holiday × hour terms then fitted the hours of that one
 * day and extrapolated to the others (rates of 10⁶ per hour on a holiday in the test weeks).
 * On long histories the information of every column is in the thousands and this does not show.
 */
const MIN_RAW_PRECISION = 20;

/** Fits the GLM by IRLS (Newton steps with step halving when the penalised deviance rises). */
export function fitGlm(
  d: GlmData,
  columns: number[],
  priors: Record<number, GlmPrior> = {},
  maxIterations = 25,
): GlmFit {
  const p = columns.length + 1, n = d.n;
  // Standardise columns for conditioning; priors are converted to the standardised scale.
  const mean = new Float64Array(p), sd = new Float64Array(p).fill(1);
  columns.forEach((c, j) => {
    let s = 0, s2 = 0;
    for (let r = 0; r < n; r++) {
      const v = d.raw[r * d.width + c];
      s += v;
      s2 += v * v;
    }
    mean[j + 1] = s / n;
    sd[j + 1] = Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2)) || 1;
  });
  const x = new Float64Array(n * p);
  for (let r = 0; r < n; r++) {
    x[r * p] = 1;
    for (let j = 1; j < p; j++) {
      x[r * p + j] = (d.raw[r * d.width + columns[j - 1]] - mean[j]) / sd[j];
    }
  }
  const priorMean = new Float64Array(p), precision = new Float64Array(p);
  for (let j = 1; j < p; j++) {
    const pr = priors[columns[j - 1]];
    priorMean[j] = pr ? pr.mean * sd[j] : 0;
    precision[j] = pr
      ? pr.precision / (sd[j] * sd[j])
      : Math.max(DEFAULT_PRECISION, MIN_RAW_PRECISION / (sd[j] * sd[j]));
  }
  const logOffset = Float64Array.from({ length: n }, (_, r) => Math.log(d.offset[r]));
  let ySum = 0, oSum = 0;
  for (let r = 0; r < n; r++) (ySum += d.y[r], oSum += d.offset[r]);
  const beta = new Float64Array(p);
  beta[0] = Math.log(Math.max(1e-9, ySum / oSum));
  // The intercept absorbs the centring of columns whose prior mean is not zero.
  for (let j = 1; j < p; j++) beta[j] = priorMean[j];

  const objective = (b: Float64Array) => {
    let ll = 0;
    for (let r = 0; r < n; r++) {
      let eta = logOffset[r];
      for (let j = 0; j < p; j++) eta += b[j] * x[r * p + j];
      eta = Math.min(eta, 30);
      ll += d.y[r] * eta - Math.exp(eta);
    }
    let pen = 0;
    for (let j = 1; j < p; j++) pen += 0.5 * precision[j] * (b[j] - priorMean[j]) ** 2;
    return -ll + pen;
  };

  let current = objective(beta), it = 0;
  for (it = 0; it < maxIterations; it++) {
    const h = new Float64Array(p * p), g = new Float64Array(p);
    for (let r = 0; r < n; r++) {
      const o = r * p;
      let eta = logOffset[r];
      for (let j = 0; j < p; j++) eta += beta[j] * x[o + j];
      const mu = Math.exp(Math.min(eta, 30)), res = d.y[r] - mu;
      for (let j = 0; j < p; j++) {
        const xj = x[o + j];
        if (xj === 0) continue;
        g[j] += res * xj;
        const w = mu * xj;
        for (let l = 0; l <= j; l++) h[j * p + l] += w * x[o + l];
      }
    }
    for (let j = 0; j < p; j++) {
      for (let l = 0; l < j; l++) h[l * p + j] = h[j * p + l];
      h[j * p + j] += precision[j] + 1e-9;
      g[j] -= precision[j] * (beta[j] - priorMean[j]);
    }
    const step = solveSymmetric(h, g, p);
    let scale = 1, next = beta, value = Infinity;
    for (let tries = 0; tries < 12; tries++) {
      next = beta.map((b, j) => b + scale * step[j]);
      value = objective(next);
      if (value <= current + 1e-9) break;
      scale /= 2;
    }
    if (!(value <= current + 1e-9)) break;
    beta.set(next);
    const improvement = current - value;
    current = value;
    if (improvement < 1e-6 * Math.abs(current) + 1e-9) {
      it++;
      break;
    }
  }

  // Back to raw units: η = b0 + Σ β_j (x_j − mean_j)/sd_j.
  const raw = new Float64Array(columns.length);
  let intercept = beta[0];
  for (let j = 1; j < p; j++) {
    raw[j - 1] = beta[j] / sd[j];
    intercept -= raw[j - 1] * mean[j];
  }
  const fit: GlmFit = { columns, beta: raw, intercept, dispersion: 0, iterations: it };
  fit.dispersion = estimateDispersion(fit, d);
  return fit;
}

/** Mean μ of row r of raw rows (raw units). */
export function glmMean(
  fit: GlmFit,
  raw: ArrayLike<number>,
  width: number,
  r: number,
  offset: number,
) {
  let eta = fit.intercept;
  for (let j = 0; j < fit.columns.length; j++) eta += fit.beta[j] * raw[r * width + fit.columns[j]];
  return offset * Math.exp(Math.min(eta, 30));
}

/** Method-of-moments NB dispersion: Σ((y − μ)² − μ) / Σ μ², never below 0. */
export function estimateDispersion(fit: GlmFit, d: GlmData): number {
  let num = 0, den = 0;
  for (let r = 0; r < d.n; r++) {
    const mu = glmMean(fit, d.raw, d.width, r, d.offset[r]);
    num += (d.y[r] - mu) ** 2 - mu;
    den += mu * mu;
  }
  return Math.max(0, num / Math.max(1e-9, den));
}

/**
 * The fit for standardised inputs x' = (x − mean)/std over all `width` columns: a coefficient
 * vector [width] (zero outside the GLM's columns) and an intercept, so η = b + w · x'.
 */
export function toScaled(fit: GlmFit, width: number, mean: number[], std: number[]) {
  const w = new Float32Array(width);
  let b = fit.intercept;
  fit.columns.forEach((c, j) => {
    w[c] = fit.beta[j] * std[c];
    b += fit.beta[j] * mean[c];
  });
  return { w, b };
}

/** Solves A x = b for symmetric positive definite A (p × p) by Cholesky; falls back to 0. */
export function solveSymmetric(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      if (i === j) l[i * p + i] = Math.sqrt(Math.max(s, 1e-12));
      else l[i * p + j] = s / l[j * p + j];
    }
  }
  const z = new Float64Array(p), x = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * z[k];
    z[i] = s / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
    x[i] = s / l[i * p + i];
  }
  return x;
}
