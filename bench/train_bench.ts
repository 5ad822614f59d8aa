/**
 * `deno task bench:train`: trains the five-year real Cardiff history (../shared/data/
 * real-ed-cardiff) exactly as an organisation's full training from the app does — in a Worker
 * (ml/train_in_worker.ts) with services/model_training.ts' full settings, backtesting the last 12
 * months with origins every 12 h — and reports its wall-clock, and how long the main event loop
 * was held meanwhile against the same measure while idle (the server keeps answering).
 * `--in-process` also times the same training on the main thread (the event loop then stops).
 */
import { datasetFromCsvDir } from "../ml/dataset.ts";
import { trainInWorker } from "../ml/train_in_worker.ts";
import { trainForecaster } from "../ml/train.ts";
import { trainingOptions } from "../services/model_training.ts";
import { report } from "./http.ts";
import { realDataDir } from "../ml/real_data_dir.ts";

/** Largest delay of a 20 ms timer while `work` runs (how long the event loop was held). */
async function maxLag<T>(work: () => Promise<T>): Promise<{ value: T; lagMs: number }> {
  let last = performance.now(), lagMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(lagMs, now - last - 20);
    last = now;
  }, 20);
  try {
    const value = await work();
    lagMs = Math.max(lagMs, performance.now() - last - 20);
    return { value, lagMs };
  } finally {
    clearInterval(timer);
  }
}

export async function benchTraining(opts: { inProcess?: boolean } = {}) {
  const dir = await realDataDir();
  if (!dir) throw new Error("no shared/data/real-ed-cardiff beside the repository");
  const dataset = await datasetFromCsvDir(dir);
  const options = trainingOptions(false);
  const idle = await maxLag(() => new Promise((r) => setTimeout(r, 2_000)));
  let progress = 0;
  const started = performance.now();
  const trained = await maxLag(() =>
    trainInWorker(dataset, options, { version: "bench", source: "Cardiff" }, {
      budgetMs: 15 * 60_000,
      onProgress: (_stage, p) => progress = p,
    })
  );
  const seconds = (performance.now() - started) / 1000;
  const r = trained.value.report;
  console.log(
    `training the five-year Cardiff history in a Worker: ${seconds.toFixed(1)} s wall-clock ` +
      `(target ≤ 90 s on 2 cores; ${navigator.hardwareConcurrency} here), progress ${progress} %, ` +
      `backtest ${r.data.holdoutFrom.slice(0, 10)}–${r.data.holdoutTo.slice(0, 10)}: MASE ` +
      `${r.mase.toFixed(3)} (GLM baseline ${r.baselines.poissonGlm.mase.toFixed(3)})`,
  );
  report("event loop held during training (max)", trained.lagMs, "idle", idle.lagMs, "ms");
  if (opts.inProcess) {
    const t = performance.now();
    const inline = await maxLag(() => trainForecaster(dataset, options));
    const s = (performance.now() - t) / 1000;
    report("training on the main thread", s, "in a Worker", seconds, "s");
    report("event loop held on the main thread", inline.lagMs, "in a Worker", trained.lagMs, "ms");
  }
}

if (import.meta.main) await benchTraining({ inProcess: Deno.args.includes("--in-process") });
