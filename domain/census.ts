/**
 * ED census (patients in the department) per forecast hour, from the patients there now, the
 * arrivals forecast and a lognormal length of stay — the M_t/G/∞ model (Eick, Massey & Whitt,
 * "The physics of the M_t/G/∞ queue", Operations Research 1993; DOMAIN.md "Census, capacity and
 * staffing"). Pure: the server's readiness, plans and alerts and the browser's what-if use it.
 *
 * For hour k (the census averaged over that hour):
 * - each patient present at the occupancy snapshot t0 is still there with the probability that
 *   their remaining stay is longer than the time since: the stationary-excess ("residual")
 *   distribution of the stay, because how long they have already been there is unknown — under
 *   steady arrivals this keeps the census flat at λ × mean stay instead of emptying the ED as if
 *   everyone had just arrived;
 * - arrivals of hour j are still there with the stay's survival probability averaged over their
 *   arrival and the hour's instants: mean m_k = Σ_j w(k − j)·λ_j, and Σ_d w(d) = mean stay;
 * - the present patients are binomial, the new ones Poisson for a known rate (M_t/G/∞); where the
 *   forecast's hourly spread is wider than Poisson, each hour's arrivals are taken as negative
 *   binomial with that spread, independently across hours, so the patients still present from
 *   hour j add w(k − j)²·(spread beyond Poisson) to the variance. The census of new arrivals is
 *   then taken as negative binomial with the summed mean and variance. p10/p50/p90 are the
 *   quantiles of the exact convolution of the present and the new patients.
 */

export interface LengthOfStay {
  meanHours: number;
  /** Coefficient of variation (sd ÷ mean). */
  cv: number;
}

/** One hour's arrivals: the forecast quantiles, or an observed count (p10 = p50 = p90). */
export interface ArrivalHour {
  p10: number;
  p50: number;
  p90: number;
  /** Expected arrivals (the forecast's `mean`); forecasts stored without one use p50. */
  mean?: number | null;
}

export interface CensusPoint {
  ts: string;
  p10: number;
  p50: number;
  p90: number;
  /** Expected census (mean). */
  mean: number;
}

export interface CensusInput {
  los: LengthOfStay;
  /** First forecast hour (ms). */
  origin: number;
  /** The forecast hours from origin. */
  forecast: ArrivalHour[];
  /**
   * Patients in the ED at `occupancyAt` (an observation hour before origin), or null when the
   * hospital reports none: then the census before origin is built from `history` alone.
   */
  occupancy: number | null;
  occupancyAt: number | null;
  /**
   * Observed arrivals per hour before origin, history[i] for hour origin − (history.length − i)
   * hours; NaN where unknown (filled with the mean of the known ones).
   */
  history: ArrayLike<number>;
}

const HOUR = 3_600_000;
/** Grid of instants within an hour for the averages (midpoints). */
const GRID = 8;
/** The kernel stops where the stay's survival falls below this (or at 14 days). */
const TAIL = 1e-4;
const MAX_KERNEL_HOURS = 14 * 24;
/** Residual spread of a forecast hour: (p90 − p10) ÷ 2·z₀.₉ is its sd (normal approximation). */
const Z90 = 1.2815515655446004;

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 via erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t +
        0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Lognormal μ and σ of a stay with this mean and coefficient of variation. */
export function lognormalParams(los: LengthOfStay): { mu: number; sigma: number } {
  const s2 = Math.log(1 + los.cv * los.cv);
  return { mu: Math.log(los.meanHours) - s2 / 2, sigma: Math.sqrt(s2) };
}

/** P(stay > u hours). */
export function stayBeyond(los: LengthOfStay, u: number): number {
  if (u <= 0) return 1;
  const { mu, sigma } = lognormalParams(los);
  return 1 - normalCdf((Math.log(u) - mu) / sigma);
}

/**
 * P(remaining stay > x) for a patient found in the ED at a random instant: ∫ₓ^∞ S(u) du ÷ mean
 * (the stationary-excess distribution; lognormal closed form of E[(T − x)⁺]).
 */
export function residualBeyond(los: LengthOfStay, x: number): number {
  if (x <= 0) return 1;
  const { mu, sigma } = lognormalParams(los);
  const d1 = (mu + sigma * sigma - Math.log(x)) / sigma;
  const excess = los.meanHours * normalCdf(d1) - x * normalCdf(d1 - sigma);
  return Math.min(1, Math.max(0, excess / los.meanHours));
}

const kernels = new Map<string, Float64Array>();

/**
 * w(d): expected patients in hour k per unit arrival rate in hour k − d (both averaged over the
 * hour); Σ w = mean stay. Cached per stay distribution.
 */
export function censusKernel(los: LengthOfStay): Float64Array {
  const key = `${los.meanHours}:${los.cv}`;
  const hit = kernels.get(key);
  if (hit) return hit;
  const w: number[] = [];
  for (let d = 0; d < MAX_KERNEL_HOURS; d++) {
    let s = 0;
    for (let a = 0; a < GRID; a++) {
      for (let b = 0; b < GRID; b++) {
        const elapsed = d + (a - b) / GRID;
        // On the diagonal (same instant) half the cell lies before the arrival.
        if (elapsed > 0) s += stayBeyond(los, elapsed);
        else if (elapsed === 0) s += 0.5;
      }
    }
    w.push(s / (GRID * GRID));
    if (d > 0 && stayBeyond(los, d) < TAIL) break;
  }
  const out = Float64Array.from(w);
  if (kernels.size > 64) kernels.clear();
  kernels.set(key, out);
  return out;
}

/**
 * The arrival rate of a forecast hour: the model's expected arrivals (`mean`, the centre of its
 * count distribution). Not the median: the median of a count is a whole number, and summing
 * hourly medians understates the expected arrivals by 32 % at 25 a day and by 100 % at 3.5 a day
 * (issue 16). Not a mean read from the quantiles either (e.g. Swanson's 30/40/30 rule): it
 * follows the upper tail, which on real EDs was wider than the counts' own spread and put the
 * census a quarter too high; the wider tail enters the spread instead. p50 stands in only for
 * forecasts stored before points carried a mean.
 */
export function arrivalMean(h: ArrivalHour): number {
  return h.mean ?? h.p50;
}

/** The hour's sd beyond Poisson: its forecast spread with the Poisson part taken out. */
function rateSd(h: ArrivalHour): number {
  const sd = (h.p90 - h.p10) / (2 * Z90);
  return Math.sqrt(Math.max(0, sd * sd - arrivalMean(h)));
}

/** A probability mass function on 0…n as an array, truncated where negligible. */
type Pmf = Float64Array;

function binomialPmf(n: number, p: number): Pmf {
  if (n <= 0 || p <= 0) return Float64Array.of(1);
  if (p >= 1) {
    const out = new Float64Array(n + 1);
    out[n] = 1;
    return out;
  }
  const out = new Float64Array(n + 1);
  // Work in logs from the mode for large n (no underflow of (1 − p)^n).
  const mode = Math.floor((n + 1) * p);
  out[mode] = 1;
  for (let k = mode + 1; k <= n; k++) out[k] = out[k - 1] * (n - k + 1) / k * p / (1 - p);
  for (let k = mode - 1; k >= 0; k--) out[k] = out[k + 1] * (k + 1) / (n - k) * (1 - p) / p;
  return normalise(out);
}

/** Poisson (extra = 0) or negative binomial with mean m and variance m + extra. */
function countPmf(m: number, extra: number): Pmf {
  if (m <= 1e-12) return Float64Array.of(1);
  const sd = Math.sqrt(m + extra);
  const top = Math.ceil(m + 10 * sd + 10);
  const out = new Float64Array(top + 1);
  const mode = Math.floor(m);
  out[mode] = 1;
  if (extra <= 1e-9) {
    for (let k = mode + 1; k <= top; k++) out[k] = out[k - 1] * m / k;
    for (let k = mode - 1; k >= 0; k--) out[k] = out[k + 1] * (k + 1) / m;
  } else {
    const r = m * m / extra, q = m / (r + m);
    for (let k = mode + 1; k <= top; k++) out[k] = out[k - 1] * (k - 1 + r) / k * q;
    for (let k = mode - 1; k >= 0; k--) out[k] = out[k + 1] * (k + 1) / (k + r) / q;
  }
  return normalise(out);
}

function normalise(p: Pmf): Pmf {
  let s = 0;
  for (const v of p) s += v;
  for (let i = 0; i < p.length; i++) p[i] /= s;
  return p;
}

/** Drops mass below 1e-12 at both ends; returns the offset of the first kept value. */
function trim(p: Pmf): { offset: number; p: Pmf } {
  let a = 0, b = p.length - 1;
  while (a < b && p[a] < 1e-12) a++;
  while (b > a && p[b] < 1e-12) b--;
  return { offset: a, p: p.subarray(a, b + 1) };
}

/** Quantiles of the sum of two independent counts. */
function sumQuantiles(x: Pmf, y: Pmf, qs: number[]): number[] {
  const a = trim(x), b = trim(y);
  const out = new Float64Array(a.p.length + b.p.length - 1);
  for (let i = 0; i < a.p.length; i++) {
    const ai = a.p[i];
    if (ai === 0) continue;
    for (let j = 0; j < b.p.length; j++) out[i + j] += ai * b.p[j];
  }
  const base = a.offset + b.offset;
  return qs.map((q) => {
    let c = 0;
    for (let k = 0; k < out.length; k++) {
      c += out[k];
      if (c >= q - 1e-9) return base + k;
    }
    return base + out.length - 1;
  });
}

/** Mean of the known values of an array, or null when none is known. */
function knownMean(a: ArrayLike<number>): number | null {
  let s = 0, n = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i])) {
      s += a[i];
      n++;
    }
  }
  return n ? s / n : null;
}

/** The census of every forecast hour (see the module comment for the model). */
export function forecastCensus(input: CensusInput): CensusPoint[] {
  const { los, origin, forecast } = input;
  const w = censusKernel(los);
  const hist = Array.from(input.history);
  const fill = knownMean(hist) ?? (forecast.length ? arrivalMean(forecast[0]) : 0);
  // Arrivals before origin that count: after the snapshot when occupancy is known, else all of
  // the history (its patients stand in for the unknown census).
  const snapshot = input.occupancy !== null && input.occupancyAt !== null
    ? Math.max(0, Math.round((origin - input.occupancyAt) / HOUR))
    : null;
  const pastHours = snapshot ?? Math.max(hist.length, w.length);
  const rates: number[] = [], sds: number[] = [];
  for (let i = pastHours; i > 0; i--) {
    const v = hist[hist.length - i];
    rates.push(Number.isFinite(v) ? v : fill);
    sds.push(0);
  }
  for (const h of forecast) {
    rates.push(arrivalMean(h));
    sds.push(rateSd(h));
  }
  const out: CensusPoint[] = [];
  for (let k = 0; k < forecast.length; k++) {
    const at = pastHours + k;
    let m = 0, extra = 0;
    for (let d = 0; d < w.length && d <= at; d++) {
      m += w[d] * rates[at - d];
      extra += (w[d] * sds[at - d]) ** 2;
    }
    let present: Pmf = Float64Array.of(1);
    let presentMean = 0;
    if (snapshot !== null) {
      // Averaged over the hour: the snapshot is `snapshot + k` hours before it starts.
      let r = 0;
      for (let a = 0; a < GRID; a++) r += residualBeyond(los, snapshot + k + (a + 0.5) / GRID);
      r /= GRID;
      present = binomialPmf(input.occupancy!, r);
      presentMean = input.occupancy! * r;
    }
    const [p10, p50, p90] = sumQuantiles(present, countPmf(m, extra), [0.1, 0.5, 0.9]);
    out.push({
      ts: new Date(origin + k * HOUR).toISOString(),
      p10,
      p50,
      p90,
      mean: Math.round((m + presentMean) * 100) / 100,
    });
  }
  return out;
}

/**
 * Mean stay by Little's law from paired hours of a hospital's own history (mean census ÷ mean
 * arrivals per hour), or null with too few pairs (under a week) or too few arrivals.
 */
export function littleLawStay(
  pairs: { hours: number; meanOccupancy: number; meanArrivals: number },
  minHours = 168,
): number | null {
  if (pairs.hours < minHours || pairs.meanArrivals < 0.2) return null;
  const stay = pairs.meanOccupancy / pairs.meanArrivals;
  return Number.isFinite(stay) ? Math.min(48, Math.max(0.5, Math.round(stay * 10) / 10)) : null;
}
