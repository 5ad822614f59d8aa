/**
 * A shortened two-period version of the honest protocol (issue 17) on the real Cardiff history
 * (shared/data/real-ed-cardiff), with fixed thresholds: for each test period, 13 months of
 * training strictly before it (every choice — early stopping, the GLM/network weight, the band
 * offsets per hour — made on the weeks preceding it), then three months of forecasts issued every
 * 24 h and scored over 72 h, beside seasonal naive and the calendar GLM. Two test years that were
 * not tuned on one another: spring 2017 and spring 2018. The full protocol (five years, test
 * years 2017-03 → 2018-03 and 2018-03 → 2019-03, every 12 h) is the README's table.
 */
import { expect } from "expect";
import { datasetFromCsvDir, sliceDataset } from "./dataset.ts";
import { trainForecaster } from "./train.ts";
import { realDataDir } from "./real_data_dir.ts";
import { strongestBaseline } from "./baselines.ts";

const PERIODS = [
  { trainFrom: "2016-02-01", testFrom: "2017-03-01", testTo: "2017-06-01" },
  { trainFrom: "2017-02-01", testFrom: "2018-03-01", testTo: "2018-06-01" },
];

/**
 * Fixed thresholds. Measured (two networks, eight epochs, seed 1): spring 2017 MASE 0.713
 * (calendar GLM 0.706), pinball 0.958, coverage 0.804, by local hour 0.704–0.870; spring 2018
 * MASE 0.694 (GLM 0.693), pinball 1.015, coverage 0.788, by hour 0.644–0.915. On three months
 * the networks do not beat the calendar GLM; the full protocol's figures are in the README.
 */
const THRESHOLDS = {
  mase: 0.74,
  glmMase: 0.74,
  coverageLow: 0.75,
  coverageHigh: 0.86,
  /**
   * Every local hour of day: about 270 points an hour (one standard error of a coverage is 0.024
   * there), so wider than the full protocol's 0.75–0.85.
   */
  hourLow: 0.62,
  hourHigh: 0.93,
};

const at = (day: string) => Date.parse(`${day}T00:00:00Z`);

for (const p of PERIODS) {
  Deno.test(`real ED data, shortened protocol, test ${p.testFrom} → ${p.testTo}`, async () => {
    const dir = await realDataDir();
    if (!dir) {
      throw new Error(
        "the real data must be in shared/data/real-ed-cardiff beside the repository (or the one " +
          "it was cloned from), or named by FESTSAFE_REAL_ED_DATA",
      );
    }
    const all = await datasetFromCsvDir(dir);
    expect(all.hospitals.map((h) => h.id)).toEqual(["UK-ED-H2"]);
    const d = sliceDataset(all, at(p.trainFrom), at(p.testTo));
    const o = await trainForecaster(d, {
      epochs: 8,
      seed: 1,
      nets: 2,
      testFrom: at(p.testFrom),
      testTo: at(p.testTo),
      originEvery: 24,
      refit: false,
    });
    const m = o.metrics.model, glm = o.metrics.poissonGlm, naive = o.metrics.seasonalNaive;
    const hours = o.coverageByHour.coverage80.filter((v): v is number => v !== null);
    console.log(
      `${p.testFrom}: MASE ${m.mase.toFixed(3)} (calendar GLM ${glm.mase.toFixed(3)}), pinball ` +
        `${m.pinball.toFixed(3)} (GLM ${glm.pinball.toFixed(3)}), coverage ${
          m.coverage80.toFixed(3)
        } (hours ${Math.min(...hours).toFixed(3)}–${Math.max(...hours).toFixed(3)})`,
    );
    expect(new Set(o.cases.map((c) => c.origin)).size).toBe(90);
    // Every forecast starts in the test period and no training row reaches into it.
    expect(o.validated.dataTo.getTime()).toBe(at(p.testFrom));
    expect(Math.min(...o.cases.map((c) => o.start + c.origin * 3_600_000))).toBe(at(p.testFrom));
    expect(m.mase).toBeLessThanOrEqual(THRESHOLDS.mase);
    expect(glm.mase).toBeLessThanOrEqual(THRESHOLDS.glmMase);
    expect(strongestBaseline(o.metrics)?.key).toBe("poissonGlm");
    expect(m.pinball).toBeLessThan(naive.pinball * 0.75);
    expect(m.coverage80).toBeGreaterThanOrEqual(THRESHOLDS.coverageLow);
    expect(m.coverage80).toBeLessThanOrEqual(THRESHOLDS.coverageHigh);
    expect(hours).toHaveLength(24);
    expect(Math.min(...hours)).toBeGreaterThanOrEqual(THRESHOLDS.hourLow);
    expect(Math.max(...hours)).toBeLessThanOrEqual(THRESHOLDS.hourHigh);
    expect(m.dailyMape).toBeLessThan(naive.dailyMape);
    // Easter and the May bank holidays fall in both test periods.
    expect(o.slices.holiday.model.points).toBeGreaterThan(200);
    expect(o.slices.holiday.model.mae).toBeLessThan(o.slices.holiday.seasonalNaive.mae * 0.75);
    expect(o.exportMaxDiff).toBeLessThanOrEqual(1e-5);
  });
}
