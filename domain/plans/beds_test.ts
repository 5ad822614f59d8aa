import { expect } from "expect";
import { bedsAgent } from "./beds.ts";
import { calmInput, withLoad } from "../../tests/support/plan_inputs.ts";

Deno.test("beds: a calm day, a short spike and a p90-only excess give nothing", () => {
  expect(bedsAgent(calmInput())).toEqual([]);
  expect(bedsAgent(withLoad(calmInput(), 6, 8, { p10: 5, p50: 7, p90: 9 }))).toEqual([]);
  expect(bedsAgent(withLoad(calmInput(), 6, 14, { p10: 3, p50: 5, p90: 9 }))).toEqual([]);
});

Deno.test("beds: 8 h with the median at 7/h vs capacity 6 → open surge beds (high)", () => {
  const [r, ...rest] = bedsAgent(withLoad(calmInput(), 6, 14, { p10: 5, p50: 7, p90: 9 }));
  expect(rest).toEqual([]);
  expect(r.priority).toBe("high");
  // 5 h trailing mean of the median: 6.2, 7, 7, 7, 7, 6.2 over 6 h → backlog 4.4 → 5 beds.
  expect(r.evidence.runHours).toBe(6);
  expect(r.evidence.backlogPatients).toBe(4.4);
  expect(r.evidence.surgeBeds).toBe(5);
  expect(r.evidence.diversion).toBe(false);
  expect(r.rationale).toContain("backlog Σ(p50 − capacity) = 4.4 patients vs 30 ED beds");
});

Deno.test("beds: median ≥ 1.5× capacity for 2 h → prepare diversion (critical)", () => {
  const [r] = bedsAgent(withLoad(calmInput(), 6, 14, { p10: 7, p50: 9.5, p90: 12 }));
  expect(r.priority).toBe("critical");
  expect(r.evidence.diversion).toBe(true);
  expect(r.action).toContain("diversion");
});
