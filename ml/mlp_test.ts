import { expect } from "expect";
import { forwardBatch, type MlpLayout, trainMlp } from "./mlp.ts";
import { exportOnnx } from "./onnx_export.ts";
import { createSession, runSession } from "./onnx_runtime.ts";

const F = 12;
const layout: MlpLayout = {
  inputs: F,
  hidden: [16, 8],
  trunk: [0, 1, 2, 3, 4, 5, 6, 7],
  env: [8, 9, 10],
  event: 11,
};

function rng(seed: number) {
  let s = seed;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

/** A small trained network on synthetic rows (so weights are not just the initial ones). */
function trained() {
  const r = rng(3), n = 2000;
  const x = new Float32Array(n * F), y = new Float32Array(n), scale = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < F; j++) x[i * F + j] = j >= 8 ? r() * 2 : r() * 4 - 2;
    scale[i] = 1 + r() * 10;
    const mu = scale[i] * (1 + 0.3 * Math.sin(2 * x[i * F])) * Math.exp(0.2 * x[i * F + 8]) +
      2 * x[i * F + 11];
    y[i] = Math.max(0, Math.round(mu + Math.sqrt(mu) * (r() * 3.4 - 1.7)));
  }
  const set = { x, y, scale, n };
  return trainMlp(layout, set, set, { epochs: 3, seed: 1 }).weights;
}

/** Random inputs including extreme values (what a broken feed might send). */
function randomInputs(n: number, seed: number) {
  const r = rng(seed);
  const x = new Float32Array(n * F), scale = new Float32Array(n);
  for (let i = 0; i < n * F; i++) x[i] = (r() - 0.5) * (i % 7 === 0 ? 40 : 6);
  for (let i = 0; i < n; i++) x[i * F + 11] = Math.abs(x[i * F + 11]);
  for (let i = 0; i < n; i++) scale[i] = r() * 50;
  return { x, scale };
}

Deno.test("ONNX Runtime reproduces the TypeScript forward pass within 1e-5 (relative above 1)", async () => {
  const w = { ...trained(), cLow: 0.9, cHigh: 1.2 };
  const session = await createSession(exportOnnx(w));
  const { x, scale } = randomInputs(5000, 11);
  const ort = await runSession(session, x, scale, 5000);
  const ts = forwardBatch(w, x, scale, 5000);
  expect(ort.length).toBe(15000);
  let max = 0;
  for (let i = 0; i < ts.length; i++) {
    max = Math.max(max, Math.abs(ort[i] - ts[i]) / Math.max(1, Math.abs(ts[i])));
  }
  expect(max).toBeLessThanOrEqual(1e-5);
  await session.release();
});

Deno.test("quantiles are never negative and always ordered, on many random inputs", () => {
  const w = { ...trained(), cLow: 1.5, cHigh: 0.7 };
  const { x, scale } = randomInputs(20_000, 5);
  const q = forwardBatch(w, x, scale, 20_000);
  for (let i = 0; i < 20_000; i++) {
    const [p10, p50, p90] = [q[i * 3], q[i * 3 + 1], q[i * 3 + 2]];
    expect(p10).toBeGreaterThanOrEqual(0);
    expect(p50).toBeGreaterThanOrEqual(p10);
    expect(p90).toBeGreaterThanOrEqual(p50);
  }
});

Deno.test("environment and event effects are learned in either direction, from their priors", () => {
  // Heat (column 8) lowers arrivals here and the event column (11) brings none: the priors
  // (+0.05 per unit, events one to one) must give way to the data.
  const r = rng(21), n = 4000;
  const x = new Float32Array(n * F), y = new Float32Array(n), scale = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < F; j++) x[i * F + j] = j >= 8 ? r() * 2 : r() * 4 - 2;
    scale[i] = 10;
    y[i] = Math.round(10 * Math.exp(-0.3 * x[i * F + 8]));
  }
  const set = { x, y, scale, n };
  const negative = { ...layout, envPrior: [0.05, 0, 0], eventPrior: 1 };
  const w = trainMlp(negative, set, set, { epochs: 15, seed: 4 }).weights;
  expect(w.wEnv[8]).toBeLessThan(-0.03);
  expect(w.wEv[11]).toBeLessThan(0.9);
  const more = x.slice();
  for (let i = 0; i < n; i++) more[i * F + 8] += 1;
  const base = forwardBatch(w, x, scale, n), hotter = forwardBatch(w, more, scale, n);
  let lower = 0;
  for (let i = 0; i < n; i++) if (hotter[i * 3 + 1] < base[i * 3 + 1]) lower++;
  expect(lower / n).toBeGreaterThan(0.9);
});
