import { expect } from "expect";
import { fitGlm, glmMean, toScaled } from "./glm.ts";

function rng(seed: number) {
  let s = seed;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

function poisson(mu: number, r: () => number) {
  let k = 0, p = r();
  const limit = Math.exp(-mu);
  while (p > limit) (k++, p *= r());
  return k;
}

/** Rows [x0, x1, x2, flag] with log μ = log(offset) + 0.3 + 0.5 x0 − 0.2 x1 − 0.4 flag. */
function synthetic(n: number, seed = 1) {
  const r = rng(seed), width = 4;
  const raw = new Float32Array(n * width), y = new Float32Array(n), offset = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    raw[i * width] = r() * 2 - 1;
    raw[i * width + 1] = r() * 4;
    raw[i * width + 2] = 0; // never observed: its effect must stay at the prior
    raw[i * width + 3] = r() < 0.2 ? 1 : 0;
    offset[i] = 5 + r() * 10;
    const eta = 0.3 + 0.5 * raw[i * width] - 0.2 * raw[i * width + 1] - 0.4 * raw[i * width + 3];
    y[i] = poisson(offset[i] * Math.exp(eta), r);
  }
  return { raw, width, y, offset, n };
}

Deno.test("the Poisson GLM recovers known coefficients, including a negative effect", () => {
  const d = synthetic(20_000);
  const fit = fitGlm(d, [0, 1, 2, 3], { 3: { mean: 0.3, precision: 50 } });
  expect(fit.intercept).toBeCloseTo(0.3, 1);
  expect(fit.beta[0]).toBeCloseTo(0.5, 1);
  expect(fit.beta[1]).toBeCloseTo(-0.2, 1);
  // The prior said +0.3; 20,000 rows say −0.4, and the data win.
  expect(fit.beta[3]).toBeLessThan(-0.3);
  expect(fit.dispersion).toBeLessThan(0.01);
});

Deno.test("an effect the data never show stays at its prior; without a prior it stays 0", () => {
  const d = synthetic(5_000, 2);
  const withPrior = fitGlm(d, [0, 1, 2], { 2: { mean: 0.018, precision: 500 } });
  expect(withPrior.beta[2]).toBeCloseTo(0.018, 6);
  const without = fitGlm(d, [0, 1, 2]);
  expect(without.beta[2]).toBeCloseTo(0, 6);
});

Deno.test("the GLM rewritten for standardised inputs gives the same means", () => {
  const d = synthetic(2_000, 3);
  const fit = fitGlm(d, [0, 1, 3]);
  const mean = [0.1, 2, 0, 0.2], std = [0.6, 1.1, 1, 0.4];
  const { w, b } = toScaled(fit, d.width, mean, std);
  for (let r = 0; r < 50; r++) {
    let eta = b;
    for (let i = 0; i < d.width; i++) eta += w[i] * (d.raw[r * d.width + i] - mean[i]) / std[i];
    expect(d.offset[r] * Math.exp(eta)).toBeCloseTo(
      glmMean(fit, d.raw, d.width, r, d.offset[r]),
      4,
    );
  }
});
