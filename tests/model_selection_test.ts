/**
 * The automatic choice of the serving model per hospital (services/model_selection.ts), on
 * reports with known figures.
 */
import { expect } from "expect";
import { chooseHospitals } from "../services/model_selection.ts";

const f = (mase: number) => ({ mase, mae: 2, dailyMape: 0.05 });
const gate = { beatsStrongestBaseline: true, beatsSeasonalNaive: true };

Deno.test("the new model serves the hospitals where it beats the global model on their data", () => {
  const report = {
    checks: gate,
    served: { kind: "ensemble" as const },
    perHospital: {
      a: { model: f(0.7), global: f(0.8), poissonGlm: f(0.72), seasonalNaive: f(1) },
      b: { model: f(0.9), global: f(0.8), poissonGlm: f(0.85), seasonalNaive: f(1) },
      c: { model: f(0.75), global: f(0.9), current: f(0.7) },
    },
  };
  // c is served by the organisation's current model today, which is better there than the new
  // one: the new one still serves c after activation (it beats the global model, the only
  // alternative then), but c does not count as an improvement.
  expect(chooseHospitals(report, ["a", "b", "c"], new Set(["c"]))).toEqual({
    serves: ["a", "c"],
    improves: ["a"],
    gate: true,
  });
  // Not past the gate: nothing is served automatically.
  expect(
    chooseHospitals(
      { ...report, checks: { ...gate, beatsStrongestBaseline: false } },
      ["a"],
      new Set(),
    )
      .gate,
  ).toBe(false);
  // A calendar GLM that serves is judged by its own figures.
  const glm = {
    checks: gate,
    served: { kind: "calendarGlm" as const },
    perHospital: { a: { model: f(0.9), poissonGlm: f(0.7), global: f(0.8) } },
  };
  expect(chooseHospitals(glm, ["a"], new Set()).serves).toEqual(["a"]);
  // A global model that could not be scored (older feature spec) does not block the new model.
  const unscored = { checks: gate, perHospital: { a: { model: f(0.8) } } };
  expect(chooseHospitals(unscored, ["a"], new Set()).improves).toEqual(["a"]);
});
