import { expect } from "expect";
import { computeHeatIndexC, computeHeatIndexF, fahrenheitToCelsius } from "./heat_index.ts";

// Check values from DOMAIN.md (NWS Rothfusz procedure).
const checks: [tempF: number, rh: number, expected: number][] = [
  [90, 60, 99.7],
  [85, 90, 101.8],
  [100, 10, 94.1],
  [80, 40, 79.8],
];

Deno.test("computeHeatIndexF matches the DOMAIN.md check values", () => {
  for (const [t, rh, expected] of checks) {
    expect(Math.abs(computeHeatIndexF(t, rh) - expected)).toBeLessThanOrEqual(0.15);
  }
});

Deno.test("computeHeatIndexC is the same index in °C", () => {
  for (const [t, rh, expected] of checks) {
    const c = computeHeatIndexC(fahrenheitToCelsius(t), rh);
    expect(Math.abs(c - fahrenheitToCelsius(expected))).toBeLessThanOrEqual(0.1);
  }
});

Deno.test("heat index rises with humidity in hot air and stays near T when mild", () => {
  expect(computeHeatIndexC(35, 60)).toBeGreaterThan(computeHeatIndexC(35, 20));
  expect(Math.abs(computeHeatIndexC(20, 50) - 20)).toBeLessThan(1.5);
});
