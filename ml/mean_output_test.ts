/**
 * The graph's `mean` output (expected arrivals per hour) is the ensemble's Poisson GLM member,
 * scale · exp(b + w · x), in the bundled artifact and in any exported ensemble; quantilePoints
 * carries it into every point beside the quantiles.
 */
import { expect } from "expect";
import { ensembleFromOnnx, exportEnsembleOnnx } from "./onnx_export.ts";
import { ensembleCentres } from "./ensemble.ts";
import { createSession, runForecastSession } from "./onnx_runtime.ts";
import { expectedArrivals, quantilePoints } from "./what_if_inputs.ts";

const meta = JSON.parse(
  await Deno.readTextFile(new URL("./artifacts/model.json", import.meta.url)),
);
const bytes = await Deno.readFile(new URL("./artifacts/model.onnx", import.meta.url));

Deno.test("the bundled graph's mean is its GLM member's expected arrivals", async () => {
  const e = ensembleFromOnnx(bytes, meta.spec);
  const f = meta.spec.names.length, n = 400;
  let seed = 3;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const x = Float32Array.from({ length: n * f }, () => random() * 0.5);
  const scale = Float32Array.from({ length: n }, (_, i) => 0.05 + (i % 40));
  for (const graph of [bytes, exportEnsembleOnnx(e)]) {
    const session = await createSession(graph);
    const out = await runForecastSession(session, x, scale, n);
    await session.release();
    const glm = ensembleCentres({ ...e, glmWeight: 1 }, x, scale, n);
    expect(out.mean).not.toBeNull();
    for (let r = 0; r < n; r++) {
      expect(Math.abs(out.mean![r] - glm[r])).toBeLessThanOrEqual(1e-4 * Math.max(1, glm[r]));
    }
    const points = quantilePoints(out.quantiles, 0, n, 0, out.mean);
    expect(points.every((p, r) => Math.abs(p.mean - out.mean![r]) <= 5e-5)).toBe(true);
    // The median is a whole number; the mean is not, and sums add means.
    expect(points.every((p) => Number.isInteger(p.p50))).toBe(true);
    expect(points.some((p) => !Number.isInteger(p.mean))).toBe(true);
    expect(expectedArrivals(points)).toBeCloseTo(points.reduce((s, p) => s + p.mean, 0), 6);
  }
});

Deno.test("a graph without a mean output: p50 stands in", () => {
  const q = Float32Array.of(1, 2, 3, 0, 1, 4);
  const points = quantilePoints(q, 0, 2, 0, null);
  expect(points.map((p) => p.mean)).toEqual([2, 1]);
  expect(expectedArrivals([{ p50: 2 }, { p50: 1, mean: 1.4 }])).toBeCloseTo(3.4, 9);
});
