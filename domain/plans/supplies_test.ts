import { expect } from "expect";
import { suppliesAgent } from "./supplies.ts";
import { calmInput, withEnvironment, withLoad } from "../../tests/support/plan_inputs.ts";

Deno.test("supplies: a calm day gives nothing", () => {
  expect(suppliesAgent(calmInput())).toEqual([]);
});

Deno.test("supplies: a hot afternoon sizes ORS, IV fluid and cooling by heat patients", () => {
  // 8 h at heat index 40 °C with a median of 7 arrivals/h: 56 × 0.078/1.078 ≈ 4.05 → 5 patients.
  const input = withEnvironment(
    withLoad(calmInput(), 4, 12, { p10: 5, p50: 7, p90: 9 }),
    4,
    12,
    { heatIndexC: 40 },
  );
  const [r, ...rest] = suppliesAgent(input);
  expect(rest).toEqual([]);
  expect(r.priority).toBe("high");
  expect(r.evidence.patients).toBe(5);
  expect(r.evidence.orsSachets).toBe(10);
  expect(r.evidence.ivLitres).toBe(5);
  expect(r.evidence.coolingPacks).toBe(10);
  expect(r.hicsRole).toBe("Logistics Section Chief");
});
