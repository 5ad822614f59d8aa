/**
 * A shortened version of the paper's protocol (Rostami-Tabar et al., shared/data/real-ed-cardiff
 * README) on the real Cardiff history, with fixed thresholds: one year of training before
 * 2017-03-01, then three months of forecasts issued every 24 h, scored over 72 h. The full
 * protocol (train 2014–2018, test the following year every 12 h) is the README's table.
 */
import { expect } from "expect";
import { datasetFromCsvDir, sliceDataset } from "./dataset.ts";
import { trainForecaster } from "./train.ts";
import { realDataDir } from "./real_data_dir.ts";

Deno.test("real ED data, shortened paper protocol: beats seasonal naive and the GLM baseline", async () => {
  const dir = await realDataDir();
  if (!dir) {
    throw new Error(
      "the real data must be in shared/data/real-ed-cardiff beside the repository (or the one it " +
        "was cloned from), or named by FESTSAFE_REAL_ED_DATA",
    );
  }
  const all = await datasetFromCsvDir(dir);
  expect(all.hospitals.map((h) => h.id)).toEqual(["UK-ED-H2"]);
  const d = sliceDataset(
    all,
    Date.parse("2016-02-01T00:00:00Z"),
    Date.parse("2017-06-01T00:00:00Z"),
  );
  const o = await trainForecaster(d, {
    epochs: 8,
    seed: 1,
    nets: 2,
    testFrom: Date.parse("2017-03-01T00:00:00Z"),
    testTo: Date.parse("2017-06-01T00:00:00Z"),
    originEvery: 24,
  });
  const m = o.metrics.model, glm = o.metrics.poissonGlm, naive = o.metrics.seasonalNaive;
  expect(new Set(o.cases.map((c) => c.origin)).size).toBe(90);
  // Every forecast starts at or after the test period and no training row reaches into it.
  expect(o.dataTo.toISOString()).toBe("2017-03-01T00:00:00.000Z");
  expect(m.mase).toBeLessThanOrEqual(THRESHOLDS.mase);
  expect(m.mase).toBeLessThan(glm.mase);
  expect(m.pinball).toBeLessThan(glm.pinball);
  expect(m.pinball).toBeLessThan(naive.pinball * 0.75);
  expect(m.coverage80).toBeGreaterThanOrEqual(THRESHOLDS.coverageLow);
  expect(m.coverage80).toBeLessThanOrEqual(THRESHOLDS.coverageHigh);
  expect(m.dailyMape).toBeLessThan(naive.dailyMape);
  // Easter and the May bank holidays of 2017 fall in the test period.
  expect(o.slices.holiday.model.points).toBeGreaterThan(200);
  expect(o.slices.holiday.model.mae).toBeLessThan(o.slices.holiday.seasonalNaive.mae * 0.75);
  expect(o.exportMaxDiff).toBeLessThanOrEqual(1e-5);
});

const THRESHOLDS = { mase: 0.74, coverageLow: 0.75, coverageHigh: 0.86 };
