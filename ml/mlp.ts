/**
 * The forecast network and its trainer, over Float32Arrays (no dependencies, so the browser can
 * run the same forward pass). Quantile outputs p10/p50/p90 per row, monotone by construction:
 *
 *   h    = relu(W2 · relu(W1 · x + b1) + b2)          trunk: calendar, history, size (W1 is zero
 *   z    = W3 · h + b3  (z50, zLow, zHigh)             on the environment and event columns)
 *   p50  = relu(softplus(z50) · exp(wEnv · x) + wEv0 · x)  community × environment, plus events
 *   p10  = relu(p50 − cLow · (softplus(zLow) + wEv1 · x))
 *   p90  = p50 + cHigh · (softplus(zHigh) + wEv2 · x)
 *   out  = [p10, p50, p90] · scale                     scale = the hospital's recent hourly level
 *
 * wEnv and wEv0 only touch the environment and event columns. They start at the documented
 * effect sizes (ml/priors.ts, DOMAIN.md) and are pulled towards them by a penalty, but the data may
 * move them either way: a match day can bring fewer arrivals, as the real Cardiff data show. Heat
 * and air act multiplicatively (DOMAIN.md gives % effects), events add presentations; the band
 * widths of the event term stay non-negative. cLow/cHigh scale the band after training.
 * ml/onnx_export.ts writes exactly these ops; tests check both agree to 1e-5.
 */

/** Which input columns feed which part of the network. */
export interface MlpLayout {
  inputs: number;
  hidden: [number, number];
  trunk: number[];
  env: number[];
  /** Column of the event load, or -1 when the model has no event features. */
  event: number;
  /** Prior effect per unit of each env column (log rate ratio), aligned with `env`. */
  envPrior?: number[];
  /** Prior weight of the event load (1 = the PPR model one to one). */
  eventPrior?: number;
}

/** Inference weights: what the ONNX graph holds (effective, non-negative where required). */
export interface MlpWeights {
  layout: MlpLayout;
  w1: Float32Array; // [h1, inputs], zero outside trunk columns
  b1: Float32Array;
  w2: Float32Array; // [h2, h1]
  b2: Float32Array;
  w3: Float32Array; // [3, h2]
  b3: Float32Array;
  wEnv: Float32Array; // [inputs], the env effects (either sign), zero elsewhere
  wEv: Float32Array; // [3, inputs], event column only: p50 weight (either sign), band widths ≥ 0
  cLow: number;
  cHigh: number;
}

export const QUANTILES = [0.1, 0.5, 0.9] as const;
/** Strength of the pull of env/event weights towards their priors (per row, in loss units). */
const PRIOR_PULL = 1e-3;

const softplus = (z: number) => z > 20 ? z : Math.log1p(Math.exp(z));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const invSoftplus = (y: number) => Math.log(Math.expm1(y));

/** Forward pass over n rows of x [n, inputs] → [n, 3] (p10, p50, p90), each ≥ 0 and ordered. */
export function forwardBatch(
  w: MlpWeights,
  x: Float32Array,
  scale: Float32Array,
  n: number,
): Float32Array {
  const { inputs: f, hidden: [h1n, h2n] } = w.layout;
  const out = new Float32Array(n * 3);
  const h1 = new Float64Array(h1n);
  const h2 = new Float64Array(h2n);
  for (let r = 0; r < n; r++) {
    const o = r * f;
    for (let j = 0; j < h1n; j++) {
      let s = w.b1[j];
      for (let i = 0; i < f; i++) s += w.w1[j * f + i] * x[o + i];
      h1[j] = s > 0 ? s : 0;
    }
    for (let j = 0; j < h2n; j++) {
      let s = w.b2[j];
      for (let i = 0; i < h1n; i++) s += w.w2[j * h1n + i] * h1[i];
      h2[j] = s > 0 ? s : 0;
    }
    const z = [0, 1, 2].map((k) => {
      let s = w.b3[k];
      for (let i = 0; i < h2n; i++) s += w.w3[k * h2n + i] * h2[i];
      return s;
    });
    let envLog = 0;
    const ev = [0, 0, 0];
    for (let i = 0; i < f; i++) {
      envLog += w.wEnv[i] * x[o + i];
      for (let k = 0; k < 3; k++) ev[k] += w.wEv[k * f + i] * x[o + i];
    }
    const p50 = Math.max(0, softplus(z[0]) * Math.exp(envLog) + ev[0]);
    const p10 = Math.max(0, p50 - w.cLow * (softplus(z[1]) + ev[1]));
    const p90 = p50 + w.cHigh * (softplus(z[2]) + ev[2]);
    out[r * 3] = p10 * scale[r];
    out[r * 3 + 1] = p50 * scale[r];
    out[r * 3 + 2] = p90 * scale[r];
  }
  return out;
}

/** Training rows: x [n, inputs], target y and its scale (y/scale is what the net fits). */
export interface TrainingSet {
  x: Float32Array;
  y: Float32Array;
  scale: Float32Array;
  n: number;
}

export interface TrainOptions {
  epochs: number;
  seed: number;
  batchSize?: number;
  learningRate?: number;
  /** Stop after this many epochs without a better validation loss. */
  patience?: number;
  onEpoch?: (epoch: number, trainLoss: number, validLoss: number) => void;
}

export interface TrainResult {
  weights: MlpWeights;
  epochs: number;
  bestEpoch: number;
  trainLoss: number[];
  validLoss: number[];
}

/** Trainable parameters, flat, in a fixed order (Adam runs over this one array). */
class Params {
  readonly flat: Float64Array;
  readonly off: Record<"w1" | "b1" | "w2" | "b2" | "w3" | "b3" | "env" | "ev", number>;
  constructor(readonly layout: MlpLayout, rng: () => number) {
    const { inputs: f, hidden: [a, b] } = layout;
    const sizes = { w1: a * f, b1: a, w2: b * a, b2: b, w3: 3 * b, b3: 3, env: f, ev: 3 };
    let total = 0;
    const off = {} as Params["off"];
    for (const [k, s] of Object.entries(sizes)) {
      off[k as keyof Params["off"]] = total;
      total += s;
    }
    this.off = off;
    this.flat = new Float64Array(total);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const trunk = new Set(layout.trunk);
    for (let j = 0; j < a; j++) {
      for (const i of trunk) this.flat[off.w1 + j * f + i] = normal() * Math.sqrt(2 / trunk.size);
    }
    for (let i = 0; i < a * b; i++) this.flat[off.w2 + i] = normal() * Math.sqrt(2 / a);
    for (let i = 0; i < 3 * b; i++) this.flat[off.w3 + i] = normal() * 0.01;
    // Start near "arrivals = the recent level" with a band of about ±40%.
    this.flat[off.b3] = invSoftplus(1);
    this.flat[off.b3 + 1] = invSoftplus(0.4);
    this.flat[off.b3 + 2] = invSoftplus(0.4);
    // Environment effects start at their documented sizes (ml/priors.ts).
    layout.env.forEach((c, j) => this.flat[off.env + c] = layout.envPrior?.[j] ?? 0);
    // The event column is the PPR model's expected arrivals: start by trusting it one to one.
    this.flat[off.ev] = layout.eventPrior ?? 1;
    this.flat[off.ev + 1] = invSoftplus(0.3);
    this.flat[off.ev + 2] = invSoftplus(0.5);
  }

  /** The effective inference weights (softplus applied, masks zeroed). */
  weights(cLow = 1, cHigh = 1): MlpWeights {
    const { inputs: f, hidden: [a, b] } = this.layout;
    const p = this.flat, o = this.off;
    const slice = (at: number, len: number) => Float32Array.from(p.subarray(at, at + len));
    const wEnv = new Float32Array(f);
    for (const i of this.layout.env) wEnv[i] = p[o.env + i];
    const wEv = new Float32Array(3 * f);
    if (this.layout.event >= 0) {
      wEv[this.layout.event] = p[o.ev];
      for (let k = 1; k < 3; k++) wEv[k * f + this.layout.event] = softplus(p[o.ev + k]);
    }
    return {
      layout: this.layout,
      w1: slice(o.w1, a * f),
      b1: slice(o.b1, a),
      w2: slice(o.w2, b * a),
      b2: slice(o.b2, b),
      w3: slice(o.w3, 3 * b),
      b3: slice(o.b3, 3),
      wEnv,
      wEv,
      cLow,
      cHigh,
    };
  }
}

/** Pinball loss of one row's relative quantiles, and its gradient (returned via g). */
function pinball(y: number, p: readonly number[], g: number[]): number {
  let loss = 0;
  for (let k = 0; k < 3; k++) {
    const q = QUANTILES[k];
    const d = y - p[k];
    loss += d >= 0 ? q * d : (q - 1) * d;
    g[k] = d > 0 ? -q : d < 0 ? 1 - q : 0;
  }
  return loss;
}

/** Mean pinball loss (absolute units) of weights on a set. */
export function meanPinball(w: MlpWeights, set: TrainingSet): number {
  const out = forwardBatch(w, set.x, set.scale, set.n);
  const g = [0, 0, 0];
  let total = 0;
  for (let r = 0; r < set.n; r++) {
    total += pinball(set.y[r], [out[r * 3], out[r * 3 + 1], out[r * 3 + 2]], g);
  }
  return total / Math.max(1, set.n);
}

/** Adam on the pinball loss, weighted by scale (so the loss is in arrivals), early stopping. */
export function trainMlp(
  layout: MlpLayout,
  train: TrainingSet,
  valid: TrainingSet,
  opts: TrainOptions,
): TrainResult {
  let state = opts.seed >>> 0 || 1;
  const rng = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const params = new Params(layout, rng);
  const { inputs: f, hidden: [a, b] } = layout;
  const P = params.flat, o = params.off;
  const grad = new Float64Array(P.length);
  const m = new Float64Array(P.length), v = new Float64Array(P.length);
  const batch = opts.batchSize ?? 256;
  const lr0 = opts.learningRate ?? 3e-3;
  const patience = opts.patience ?? 5;
  const trunk = layout.trunk, env = layout.env, evCol = layout.event;
  const h1 = new Float64Array(a), h2 = new Float64Array(b);
  const d1 = new Float64Array(a), d2 = new Float64Array(b);
  const order = Uint32Array.from({ length: train.n }, (_, i) => i);
  let meanScale = 0;
  for (let r = 0; r < train.n; r++) meanScale += train.scale[r] / train.n;
  const g = [0, 0, 0], pq = [0, 0, 0], z = new Float64Array(3), dz = new Float64Array(3);
  const we = new Float64Array(3 + f);
  let step = 0;
  let best = { loss: Infinity, flat: P.slice(), epoch: 0 };
  const trainLoss: number[] = [], validLoss: number[] = [];
  let epoch = 0;
  for (epoch = 1; epoch <= opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const lr = lr0 * (epoch > opts.epochs * 0.6 ? 0.3 : 1);
    let epochLoss = 0;
    for (let start = 0; start < order.length; start += batch) {
      const end = Math.min(order.length, start + batch);
      grad.fill(0);
      we[0] = P[o.ev];
      for (let k = 1; k < 3; k++) we[k] = softplus(P[o.ev + k]);
      for (const i of env) we[3 + i] = P[o.env + i];
      for (let s = start; s < end; s++) {
        const r = order[s], x0 = r * f;
        const wt = train.scale[r] / meanScale;
        for (let j = 0; j < a; j++) {
          let sum = P[o.b1 + j];
          for (const i of trunk) sum += P[o.w1 + j * f + i] * train.x[x0 + i];
          h1[j] = sum > 0 ? sum : 0;
        }
        for (let j = 0; j < b; j++) {
          let sum = P[o.b2 + j];
          for (let i = 0; i < a; i++) sum += P[o.w2 + j * a + i] * h1[i];
          h2[j] = sum > 0 ? sum : 0;
        }
        for (let k = 0; k < 3; k++) {
          let sum = P[o.b3 + k];
          for (let i = 0; i < b; i++) sum += P[o.w3 + k * b + i] * h2[i];
          z[k] = sum;
        }
        let envLog = 0;
        for (const i of env) envLog += we[3 + i] * train.x[x0 + i];
        const evx = evCol >= 0 ? train.x[x0 + evCol] : 0;
        const gEnv = Math.exp(envLog), s50 = softplus(z[0]);
        const comm = s50 * gEnv;
        const p50raw = comm + we[0] * evx;
        const p50Active = p50raw > 0;
        const p50 = p50Active ? p50raw : 0;
        const lowW = softplus(z[1]) + we[1] * evx, highW = softplus(z[2]) + we[2] * evx;
        const lowActive = p50 - lowW > 0;
        pq[0] = lowActive ? p50 - lowW : 0;
        pq[1] = p50;
        pq[2] = p50 + highW;
        const yRel = train.y[r] / train.scale[r];
        epochLoss += pinball(yRel, pq, g) * train.scale[r];
        const dp50 = p50Active ? (g[1] + g[2] + (lowActive ? g[0] : 0)) * wt : 0;
        const dLow = lowActive ? -g[0] * wt : 0, dHigh = g[2] * wt;
        dz[0] = dp50 * gEnv * sigmoid(z[0]);
        dz[1] = dLow * sigmoid(z[1]);
        dz[2] = dHigh * sigmoid(z[2]);
        const dEnvLog = dp50 * comm;
        for (const i of env) grad[o.env + i] += dEnvLog * train.x[x0 + i];
        if (evCol >= 0) {
          grad[o.ev] += dp50 * evx;
          grad[o.ev + 1] += dLow * evx * sigmoid(P[o.ev + 1]);
          grad[o.ev + 2] += dHigh * evx * sigmoid(P[o.ev + 2]);
        }
        d2.fill(0);
        for (let k = 0; k < 3; k++) {
          grad[o.b3 + k] += dz[k];
          for (let i = 0; i < b; i++) {
            grad[o.w3 + k * b + i] += dz[k] * h2[i];
            d2[i] += dz[k] * P[o.w3 + k * b + i];
          }
        }
        d1.fill(0);
        for (let j = 0; j < b; j++) {
          if (h2[j] <= 0) continue;
          grad[o.b2 + j] += d2[j];
          for (let i = 0; i < a; i++) {
            grad[o.w2 + j * a + i] += d2[j] * h1[i];
            d1[i] += d2[j] * P[o.w2 + j * a + i];
          }
        }
        for (let j = 0; j < a; j++) {
          if (h1[j] <= 0) continue;
          grad[o.b1 + j] += d1[j];
          for (const i of trunk) grad[o.w1 + j * f + i] += d1[j] * train.x[x0 + i];
        }
      }
      step++;
      const n = end - start, c1 = 1 - 0.9 ** step, c2 = 1 - 0.999 ** step;
      // The documented effects act as a prior: a pull towards them that data can override.
      env.forEach((c, j) => {
        grad[o.env + c] += PRIOR_PULL * n * (P[o.env + c] - (layout.envPrior?.[j] ?? 0));
      });
      if (evCol >= 0) grad[o.ev] += PRIOR_PULL * n * (P[o.ev] - (layout.eventPrior ?? 1));
      for (let i = 0; i < P.length; i++) {
        const gi = grad[i] / n;
        m[i] = 0.9 * m[i] + 0.1 * gi;
        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
        P[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
      }
    }
    trainLoss.push(epochLoss / train.n);
    const vl = meanPinball(params.weights(), valid);
    validLoss.push(vl);
    opts.onEpoch?.(epoch, trainLoss.at(-1)!, vl);
    if (vl < best.loss) best = { loss: vl, flat: P.slice(), epoch };
    else if (epoch - best.epoch >= patience) break;
  }
  P.set(best.flat);
  return {
    weights: params.weights(),
    epochs: Math.min(epoch, opts.epochs),
    bestEpoch: best.epoch,
    trainLoss,
    validLoss,
  };
}

/**
 * Scales the band so that on `set` about 10% of actuals fall below p10 and 10% above p90
 * (bisection on each side; the network's quantile heads are kept, only stretched or shrunk).
 */
export function calibrateBand(w: MlpWeights, set: TrainingSet): MlpWeights {
  const share = (c: number, side: "low" | "high") => {
    const out = forwardBatch({ ...w, cLow: c, cHigh: c }, set.x, set.scale, set.n);
    let miss = 0;
    for (let r = 0; r < set.n; r++) {
      const y = set.y[r];
      if (side === "low" ? y < out[r * 3] : y > out[r * 3 + 2]) miss++;
    }
    return miss / Math.max(1, set.n);
  };
  const solve = (side: "low" | "high") => {
    let lo = 0.2, hi = 5;
    for (let i = 0; i < 20; i++) {
      const mid = Math.sqrt(lo * hi);
      if (share(mid, side) > 0.1) lo = mid;
      else hi = mid;
    }
    return Math.sqrt(lo * hi);
  };
  return { ...w, cLow: solve("low"), cHigh: solve("high") };
}
