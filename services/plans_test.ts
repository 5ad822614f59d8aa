import { expect } from "expect";
import { runAgents } from "./plans.ts";
import { calmInput, withEnvironment, withLoad } from "../tests/support/plan_inputs.ts";

Deno.test("plan: a calm day gives an empty plan", () => {
  expect(runAgents(calmInput())).toEqual([]);
});

Deno.test("plan: recommendations come most urgent first", () => {
  const input = withEnvironment(
    withLoad(calmInput(), 2, 10, { p10: 7, p50: 9.5, p90: 12 }),
    30,
    34,
    { heatIndexC: 28 },
  );
  const recs = runAgents(input);
  // Equal priority and due time (both due now): the agents' order.
  expect(recs.map((r) => r.agent)).toEqual(["staffing", "beds", "heat"]);
  expect(recs.map((r) => r.priority)).toEqual(["critical", "critical", "low"]);
});
