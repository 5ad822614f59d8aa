import { expect } from "expect";
import { type Dataset, datasetFromCsvDir } from "./dataset.ts";
import { simulatedDataset } from "../demo/dataset.ts";
import { HistoryTooShortError, trainForecaster } from "./train.ts";
import { forecastRows, HORIZON_HOURS, prepareHistory } from "./features.ts";
import { forwardEnsemble } from "./ensemble.ts";

const HOUR_MS = 3_600_000;

// One year is what `deno task train` sees on the demo; 240 days ending in late July keeps the
// test near 10 s while the held-out weeks still include summer heat.
const END = new Date("2026-07-28T00:00:00Z");
let trained: Promise<{ d: Dataset; o: Awaited<ReturnType<typeof trainForecaster>> }> | undefined;
function demoModel() {
  trained ??= (async () => {
    const d = simulatedDataset(240, 99, END);
    return { d, o: await trainForecaster(d, { epochs: 12, seed: 2, refit: false }) };
  })();
  return trained;
}

Deno.test("on a simulated demo history the model meets the backtest targets", async () => {
  const { o } = await demoModel();
  const m = o.metrics.model, naive = o.metrics.seasonalNaive;
  expect(m.points).toBeGreaterThan(10_000);
  expect(m.mase).toBeLessThanOrEqual(0.85);
  expect(m.coverage80).toBeGreaterThanOrEqual(0.75);
  expect(m.coverage80).toBeLessThanOrEqual(0.85);
  expect(m.dailyMape).toBeLessThan(naive.dailyMape);
  expect(o.exportMaxDiff).toBeLessThanOrEqual(1e-5);
});

Deno.test("what-if directions: +5 °C in summer and double attendance raise p50", async () => {
  const { d, o } = await demoModel();
  const spec = o.model.spec;
  // JFK Memorial is 4 km from the Empire Polo Club; put a festival day in its forecast window.
  const origin = d.hours - HORIZON_HOURS;
  const festival = {
    code: "test-fest",
    org: "demo",
    type: "music_festival" as const,
    lat: 33.6803,
    lon: -116.2373,
    startsAt: new Date(d.start + (origin + 20) * HOUR_MS),
    endsAt: new Date(d.start + (origin + 32) * HOUR_MS),
    expectedAttendance: 50_000,
    indoor: false,
    bounded: true,
    alcohol: true,
    freeWater: true,
  };
  const jfk = d.hospitals.findIndex((h) => h.id === "jfk-memorial");
  const h = d.hospitals[jfk];
  const sumP50 = (tempDelta: number, factor: number) => {
    const env = {
      ...h,
      temperatureC: h.temperatureC.map((t, i) => i >= origin ? t + tempDelta : t),
    };
    const hist = prepareHistory(h, d.hospitals, [festival], d.start, h.arrivals, env, {
      attendanceFactor: factor,
    });
    const rows = forecastRows(hist, origin, spec)!;
    const q = forwardEnsemble(o.model.ensemble, rows.x, rows.scale, HORIZON_HOURS).main;
    let s = 0;
    for (let k = 0; k < HORIZON_HOURS; k++) s += q[k * 3 + 1];
    return s;
  };
  const base = sumP50(0, 1);
  expect(sumP50(5, 1)).toBeGreaterThan(base);
  expect(sumP50(0, 2)).toBeGreaterThan(base + 5);
});

Deno.test("event days: the model beats the same network trained without event features", async () => {
  // Held-out weeks = April: both Coachella weekends and Stagecoach, next to JFK Memorial.
  const d = simulatedDataset(150, 7, new Date("2026-04-30T00:00:00Z"));
  const o = await trainForecaster(d, { epochs: 10, seed: 3, refit: false });
  const withEvents = o.eventDay.model, without = o.eventDay.noEventModel;
  expect(withEvents.days).toBeGreaterThanOrEqual(10);
  expect(withEvents.mae).toBeLessThan(without.mae * 0.9);
  expect(withEvents.dailyMape).toBeLessThan(without.dailyMape * 0.7);
});

Deno.test("too short a history fails with a clear message", async () => {
  const d = simulatedDataset(12, 1, END);
  const err = await trainForecaster(d, { epochs: 1, seed: 1 }).catch((e) => e);
  expect(err).toBeInstanceOf(HistoryTooShortError);
  expect(err.message).toMatch(/history too short to train: 12\.0 days .* need at least 21/);
});

/** A different region from CSV files: other hospitals, Berlin time, other daily shape, no events. */
async function writeOtherRegion(dir: string) {
  const start = Date.UTC(2025, 0, 6);
  const hospitals = [
    { id: "north", name: "North General", lat: 52.55, lon: 13.4, edBeds: 40 },
    { id: "south", name: "South Clinic", lat: 52.45, lon: 13.35, edBeds: 18 },
  ];
  await Deno.writeTextFile(
    `${dir}/hospitals.csv`,
    "id,name,lat,lon,edBeds,icuBeds,staffBaseline,timezone\n" +
      hospitals.map((h) => `${h.id},${h.name},${h.lat},${h.lon},${h.edBeds},4,10,Europe/Berlin\n`)
        .join(""),
  );
  let s = 12345;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const poisson = (mu: number) => {
    let k = 0, p = rand();
    const limit = Math.exp(-mu);
    while (p > limit) (k++, p *= rand());
    return k;
  };
  let obs = "hospitalId,ts,edArrivals\n";
  for (let i = 0; i < 90 * 24; i++) {
    const t = start + i * HOUR_MS;
    const hour = (new Date(t).getUTCHours() + 1) % 24;
    const dow = new Date(t + HOUR_MS).getUTCDay();
    // Evening-peaked profile and a strong weekend effect, unlike the demo simulator.
    const shape = 0.5 +
      1.2 * Math.exp(-((hour - 19) ** 2) / 18) * (dow === 0 || dow === 6 ? 1.5 : 1);
    for (const h of hospitals) {
      obs += `${h.id},${new Date(t).toISOString()},${poisson(h.edBeds / 12 * shape)}\n`;
    }
  }
  await Deno.writeTextFile(`${dir}/observations.csv`, obs);
}

Deno.test("training on a different history (CSV, no events, no environment) still beats naive", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeOtherRegion(dir);
    const d = await datasetFromCsvDir(dir);
    expect(d.hospitals.length).toBe(2);
    expect(d.events.length).toBe(0);
    const o = await trainForecaster(d, { epochs: 8, seed: 1, refit: false });
    expect(o.metrics.model.mase).toBeLessThan(0.9);
    expect(o.metrics.model.coverage80).toBeGreaterThan(0.7);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
