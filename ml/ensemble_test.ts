import { expect } from "expect";
import {
  conformalOffsets,
  type EnsembleWeights,
  forwardEnsemble,
  hourOffsets,
} from "./ensemble.ts";
import { type MlpLayout, trainMlp } from "./mlp.ts";
import { exportEnsembleOnnx } from "./onnx_export.ts";
import { createSession } from "./onnx_runtime.ts";
import * as ort from "onnxruntime-web";

function rng(seed: number) {
  let s = seed;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

/** Negative-binomial draws (gamma–Poisson, shape k) around mean mu. */
function negBin(mu: number, k: number, r: () => number) {
  // Gamma(k, mu/k) by summing exponentials (k is a whole number here).
  let g = 0;
  for (let i = 0; i < k; i++) g -= Math.log(1 - r());
  const lambda = g * mu / k;
  let n = 0, p = r();
  const limit = Math.exp(-lambda);
  while (p > limit) (n++, p *= r());
  return n;
}

Deno.test("conformal offsets put 10 % below p10 and 10 % above p90 on new data", () => {
  const r = rng(7);
  const draw = (n: number) => {
    const c = Float64Array.from({ length: n }, () => 3 + r() * 25);
    const y = Float64Array.from(c, (mu) => negBin(mu, 20, r));
    return { c, y };
  };
  const calib = draw(20_000), test = draw(20_000);
  const z = conformalOffsets(calib.c, calib.y, 1 / 20);
  expect(z).toEqual([...z].sort((a, b) => a - b));
  const e: EnsembleWeights = {
    glm: { w: new Float32Array(1), b: 0 },
    nets: [],
    glmWeight: 1,
    dispersion: 1 / 20,
    z,
  };
  // A GLM with η = log(c / scale) = 0 and scale = c reproduces the centres.
  const n = test.c.length;
  const out = forwardEnsemble(e, new Float32Array(n), Float32Array.from(test.c), n);
  let below = 0, above = 0, covered = 0;
  for (let i = 0; i < n; i++) {
    const [p10, p50, p90] = [out.main[i * 3], out.main[i * 3 + 1], out.main[i * 3 + 2]];
    expect(Number.isInteger(p50)).toBe(true);
    expect(p10).toBeLessThanOrEqual(p50);
    expect(p50).toBeLessThanOrEqual(p90);
    expect(out.wide[i * 2]).toBeLessThanOrEqual(p10);
    expect(out.wide[i * 2 + 1]).toBeGreaterThanOrEqual(p90);
    if (test.y[i] < p10) below++;
    if (test.y[i] > p90) above++;
    if (test.y[i] >= p10 && test.y[i] <= p90) covered++;
  }
  expect(below / n).toBeGreaterThan(0.08);
  expect(below / n).toBeLessThan(0.12);
  expect(above / n).toBeGreaterThan(0.08);
  expect(above / n).toBeLessThan(0.12);
  expect(covered / n).toBeGreaterThan(0.77);
  expect(covered / n).toBeLessThan(0.83);
});

Deno.test("the ensemble's ONNX graph (GLM + networks + calibration) matches the TypeScript pass", async () => {
  const F = 10, r = rng(3), n = 3000;
  const layout: MlpLayout = {
    inputs: F,
    hidden: [12, 6],
    trunk: [0, 1, 2, 3, 4, 5, 6],
    env: [7, 8],
    event: 9,
    envPrior: [0.018, 0.01],
    eventPrior: 1,
  };
  const x = new Float32Array(n * F), y = new Float32Array(n), scale = new Float32Array(n);
  for (let i = 0; i < n * F; i++) x[i] = (r() - 0.5) * 4;
  for (let i = 0; i < n; i++) {
    x[i * F + 9] = Math.abs(x[i * F + 9]);
    scale[i] = 1 + r() * 30;
    y[i] = Math.round(scale[i] * (1 + 0.2 * Math.sin(x[i * F])));
  }
  const set = { x, y, scale, n };
  const nets = [1, 2].map((seed) => trainMlp(layout, set, set, { epochs: 2, seed }).weights);
  const e: EnsembleWeights = {
    glm: { w: Float32Array.from({ length: F }, () => (r() - 0.5) * 0.2), b: 0.05 },
    nets,
    glmWeight: 0.4,
    dispersion: 0.01,
    z: [-1.6, -1.25, -0.05, 1.3, 1.7],
  };
  const session = await createSession(exportEnsembleOnnx(e));
  try {
    const got = await session.run({
      features: new ort.Tensor("float32", x, [n, F]),
      scale: new ort.Tensor("float32", scale, [n, 1]),
    });
    const want = forwardEnsemble(e, x, scale, n);
    const main = got.quantiles.data as Float32Array, wide = got.quantiles_wide.data as Float32Array;
    expect(got.quantiles.dims).toEqual([n, 3]);
    expect(got.quantiles_wide.dims).toEqual([n, 2]);
    let max = 0;
    for (let i = 0; i < n * 3; i++) {
      if (!want.edge[Math.floor(i / 3)]) max = Math.max(max, Math.abs(main[i] - want.main[i]));
    }
    for (let i = 0; i < n * 2; i++) {
      if (!want.edge[Math.floor(i / 2)]) max = Math.max(max, Math.abs(wide[i] - want.wide[i]));
    }
    expect(want.edge.reduce((a, b) => a + b, 0)).toBeLessThan(n * 0.01);
    expect(max).toBeLessThanOrEqual(1e-4);
  } finally {
    await session.release();
  }
});

Deno.test("per-hour band: a model biased by hour (known truth) gets about 10 % in each tail in every hour", () => {
  let s = 5;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const poisson = (mu: number) => {
    let k = 0, p = rand();
    const limit = Math.exp(-mu);
    while (p > limit) (k++, p *= rand());
    return k;
  };
  // The model says 50 every hour; the truth ramps: 35 at 06:00, 70 at 07:00, 50 otherwise.
  const truth = (h: number) => h === 6 ? 35 : h === 7 ? 70 : 50;
  const sample = (n: number) => {
    const c = new Float64Array(n).fill(50), y = new Float64Array(n), hour = new Int32Array(n);
    for (let i = 0; i < n; i++) (hour[i] = i % 24, y[i] = poisson(truth(i % 24)));
    return { c, y, hour };
  };
  const fit = sample(24 * 3000);
  const zh = hourOffsets(fit.c, fit.y, fit.hour, 0, [0.1, 0.5, 0.9])!;
  const flat = conformalOffsets(fit.c, fit.y, 0, [0.1, 0.5, 0.9]);
  const test = sample(24 * 3000);
  // Per hour: the share of actuals below p10 and above p90.
  const misses = (withHours: boolean) =>
    Array.from({ length: 24 }, (_, h) => {
      let below = 0, above = 0, n = 0;
      for (let i = h; i < test.y.length; i += 24) {
        const sd = Math.sqrt(50);
        const lo = 50 + (flat[0] + (withHours ? zh[0][h] : 0)) * sd;
        const hi = 50 + (flat[2] + (withHours ? zh[2][h] : 0)) * sd;
        n++;
        if (test.y[i] < lo) below++;
        if (test.y[i] > hi) above++;
      }
      return { below: below / n, above: above / n };
    });
  const flatMiss = misses(false), hourMiss = misses(true);
  // One offset for all hours misses the ramp hours badly, and in one direction.
  expect(flatMiss[6].below).toBeGreaterThan(0.3);
  expect(flatMiss[7].above).toBeGreaterThan(0.3);
  // Per hour, every hour's tails are near 10 % (integer counts sit on the edges: ≤ 10 % + noise).
  for (const m of hourMiss) {
    expect(m.below).toBeGreaterThan(0.04);
    expect(m.below).toBeLessThan(0.13);
    expect(m.above).toBeGreaterThan(0.04);
    expect(m.above).toBeLessThan(0.13);
  }
  expect(zh[1].every((v) => v === 0)).toBe(true); // the median keeps one offset
});

Deno.test("the per-hour band in the ONNX graph matches the TypeScript pass, hour by hour", async () => {
  const F = 4, r = rng(9), n = 24 * 50;
  const sin = { col: 0, mean: 0.05, std: 0.7 }, cos = { col: 1, mean: -0.02, std: 0.71 };
  const x = new Float32Array(n * F), scale = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * (i % 24)) / 24;
    x[i * F] = (Math.sin(a) - sin.mean) / sin.std;
    x[i * F + 1] = (Math.cos(a) - cos.mean) / cos.std;
    x[i * F + 2] = r() - 0.5;
    x[i * F + 3] = r() - 0.5;
    scale[i] = 5 + r() * 20;
  }
  const zh = [0, 1, 2, 3, 4].map((k) =>
    k === 2 ? new Array(24).fill(0) : Array.from({ length: 24 }, () => (r() - 0.5) * 0.6)
  );
  const e: EnsembleWeights = {
    glm: { w: Float32Array.from([0.1, -0.2, 0.3, 0.05]), b: 0.02 },
    nets: [],
    glmWeight: 1,
    dispersion: 0.01,
    z: [-1.6, -1.25, -0.05, 1.3, 1.7],
    byHour: { sin, cos, z: zh },
  };
  const want = forwardEnsemble(e, x, scale, n);
  // Hour 9's p90 is the centre plus its own offset (z + zh) in sd units.
  const i9 = 9,
    c = scale[i9] * Math.exp(
      0.02 + 0.1 * x[i9 * F] - 0.2 * x[i9 * F + 1] +
        0.3 * x[i9 * F + 2] + 0.05 * x[i9 * F + 3],
    );
  const sd = Math.sqrt(c + 0.01 * c * c);
  expect(want.main[i9 * 3 + 2]).toBeCloseTo(
    Math.max(c + (1.3 + zh[3][9]) * sd, want.main[i9 * 3 + 1]),
    3,
  );
  const session = await createSession(exportEnsembleOnnx(e));
  try {
    const got = await session.run({
      features: new ort.Tensor("float32", x, [n, F]),
      scale: new ort.Tensor("float32", scale, [n, 1]),
    });
    const main = got.quantiles.data as Float32Array, wide = got.quantiles_wide.data as Float32Array;
    let max = 0;
    for (let i = 0; i < n * 3; i++) {
      if (!want.edge[Math.floor(i / 3)]) max = Math.max(max, Math.abs(main[i] - want.main[i]));
    }
    for (let i = 0; i < n * 2; i++) {
      if (!want.edge[Math.floor(i / 2)]) max = Math.max(max, Math.abs(wide[i] - want.wide[i]));
    }
    expect(max).toBeLessThanOrEqual(1e-4);
  } finally {
    await session.release();
  }
});
