import { expect } from "expect";
import { extraNurses, staffingAgent } from "./staffing.ts";
import { departmentLoad } from "./load.ts";
import { calmInput, withLoad } from "../../tests/support/plan_inputs.ts";

Deno.test("staffing: a calm day under capacity gives nothing", () => {
  expect(staffingAgent(calmInput())).toEqual([]);
});

Deno.test("load: the trailing 5 h mean absorbs a single busy hour", () => {
  const load = departmentLoad(withLoad(calmInput(), 6, 7, { p10: 6, p50: 8, p90: 11 }).forecast);
  // (4 × 3 + 8) / 5 = 4; p90 = 4 + ((4 × 1.5 + 3) / 5) / √5 ≈ 4.8 — under capacity 6.
  expect(load[6].p50).toBeCloseTo(4, 6);
  expect(load[6].p90).toBeCloseTo(4 + 1.8 / Math.sqrt(5), 6);
  expect(
    staffingAgent({
      ...calmInput(),
      forecast: withLoad(calmInput(), 6, 7, { p10: 6, p50: 8, p90: 11 }).forecast,
    }),
  ).toEqual([]);
});

Deno.test("staffing: median load over capacity is high, with nurses by the 1:4 ratio", () => {
  // Hours 6–9 from 08:00 Fri local = 14:00–18:00 Fri at p50 7, p90 9.4 vs capacity 6.
  const recs = staffingAgent(withLoad(calmInput(), 6, 10, { p10: 5, p50: 7, p90: 9.4 }));
  expect(recs).toHaveLength(1);
  const [r] = recs;
  expect(r.priority).toBe("high");
  expect(r.rationale).toContain("p90 peaks at 9.4 arrivals/h at 14:00 Fri vs capacity 6/h");
  // Load at 17:00: median (4 × 7 + 3) / 5 = 6.2; p90 6.2 + ((4 × 2.4 + 1.5) / 5) / √5 ≈ 7.19.
  expect(r.evidence.loadP50).toBe(6.2);
  expect(r.evidence.loadP90).toBe(7.2);
  // (7.19 − 6) × 5 h / 4 patients per nurse = 1.49 → 2 nurses.
  expect(extraNurses(7.19, 6)).toBe(2);
  expect(r.evidence.extraNurses).toBe(2);
  expect(r.key).toBe("staffing:2026-07-10");
  expect(r.ownerRole).toBe("coordinator");
  // Load over capacity from 16:00 local (23:00Z); due 4 h before.
  expect(r.evidence.hoursOverCapacity).toBe(4);
  expect(r.dueAt?.toISOString()).toBe("2026-07-10T19:00:00.000Z");
});

Deno.test("staffing: priority follows the margin (p90 only → low/medium, median ≥ 1.5× → critical)", () => {
  const p = (p50: number, p90: number) =>
    staffingAgent(withLoad(calmInput(), 6, 14, { p10: 2, p50, p90 }))[0]?.priority;
  expect(p(5, 6.5)).toBeUndefined(); // 5 + 1.5/√5 = 5.7 < 6
  expect(p(5, 8)).toBe("low"); // 6.3
  expect(p(5.5, 11)).toBe("medium"); // 8.0 ≥ 7.5
  expect(p(7, 9)).toBe("high");
  expect(p(9.5, 12)).toBe("critical");
});
