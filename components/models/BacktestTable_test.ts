import { expect } from "expect";
import { compareFigures } from "./BacktestTable.tsx";

Deno.test("backtest comparison: a baseline better on two of four columns is not called beaten", () => {
  // The version has the lower hourly and range errors; the GLM has the better coverage (closer
  // to 80 %) and the lower daily error.
  const mine = { mase: 0.81, pinball: 1.02, coverage80: 0.71, dailyMape: 0.09 };
  const glm = { mase: 0.84, pinball: 1.05, coverage80: 0.79, dailyMape: 0.07 };
  expect(compareFigures(mine, glm)).toEqual({
    better: ["hourly error", "range error"],
    worse: ["80 % range coverage", "daily error"],
  });
  // Coverage above 80 % is as wrong as below: 0.86 is further from 0.8 than 0.77.
  expect(compareFigures({ ...mine, coverage80: 0.86 }, { ...mine, coverage80: 0.77 }).worse)
    .toEqual(["80 % range coverage"]);
  // Missing figures are not compared.
  expect(compareFigures({ ...mine, dailyMape: null }, glm).worse).toEqual(["80 % range coverage"]);
});
