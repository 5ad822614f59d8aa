import { expect } from "expect";
import { runAgents } from "./plans.ts";
import { calmInput, withCensus, withEnvironment } from "../tests/support/plan_inputs.ts";

Deno.test("plan: a calm day gives an empty plan", () => {
  expect(runAgents(calmInput())).toEqual([]);
});

Deno.test("plan: recommendations come most urgent first", () => {
  const input = withEnvironment(
    withCensus(calmInput(), 2, 10, { p10: 26, p50: 31, p90: 38 }),
    30,
    34,
    { heatIndexC: 28 },
  );
  const recs = runAgents(input);
  expect(recs.map((r) => r.priority)).toEqual(
    [...recs.map((r) => r.priority)].sort((a, b) =>
      ["critical", "high", "medium", "low"].indexOf(a) -
      ["critical", "high", "medium", "low"].indexOf(b)
    ),
  );
  expect(recs[0].priority).toBe("critical");
  expect(recs.some((r) => r.agent === "heat" && r.priority === "low")).toBe(true);
});
