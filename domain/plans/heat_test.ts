import { expect } from "expect";
import { heatAgent, heatCategoryOf } from "./heat.ts";
import { calmInput, withEnvironment } from "../../tests/support/plan_inputs.ts";

Deno.test("heat: NWS category boundaries in °C", () => {
  expect(heatCategoryOf(26.9)).toBeNull();
  expect(heatCategoryOf(27)?.name).toBe("caution");
  expect(heatCategoryOf(32)?.name).toBe("extreme caution");
  expect(heatCategoryOf(39)?.name).toBe("danger");
  expect(heatCategoryOf(51)?.name).toBe("extreme danger");
});

Deno.test("heat: a calm day gives nothing", () => {
  expect(heatAgent(calmInput())).toEqual([]);
});

Deno.test("heat: heat index 40 °C gives a danger advisory (high)", () => {
  const recs = heatAgent(withEnvironment(calmInput(), 4, 8, { heatIndexC: 40 }));
  expect(recs).toHaveLength(1);
  expect(recs[0].priority).toBe("high");
  expect(recs[0].title).toBe("Heat danger: heat index up to 40 °C");
  expect(recs[0].rationale).toContain("Heat index peaks at 40 °C at 12:00 Fri");
  expect(recs[0].evidence.hoursInCategory).toBe(4);
});

Deno.test("heat: 52 °C is extreme danger (critical)", () => {
  expect(heatAgent(withEnvironment(calmInput(), 4, 5, { heatIndexC: 52 }))[0].priority).toBe(
    "critical",
  );
});
