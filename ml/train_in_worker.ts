/**
 * Runs a training in a Worker (ml/train_worker.ts) so that the server keeps answering while it
 * trains: the dataset goes in, stage and epoch reports come out as progress (0–100), and the
 * artifact, spec and report come back. A time budget bounds it: past it the Worker is terminated.
 */
import type { Dataset } from "./dataset.ts";
import type { FeatureSpec } from "./features.ts";
import type { TrainingReport } from "./report.ts";
import type { WorkerMessage, WorkerRequest } from "./train_worker.ts";

/**
 * The Web Worker constructor, taken when this module loads: ONNX Runtime Web's WASM glue, once a
 * session is created, sees `process.versions.node` (Deno's Node compatibility) and replaces
 * `globalThis.Worker` with node:worker_threads' Worker, which cannot load a module URL.
 */
const WebWorker: typeof Worker = globalThis.Worker;

/** A training that did not produce a model; `tooShort` when the history cannot support one. */
export class TrainingFailed extends Error {
  constructor(message: string, readonly tooShort = false) {
    super(message);
  }
}

export interface WorkerOutcome {
  /** The served fit (refitted on all history). */
  onnx: Uint8Array;
  spec: FeatureSpec;
  report: TrainingReport;
  dataFrom: Date;
  dataTo: Date;
  /** The fit the backtest judged, trained up to its test period. */
  validated: { onnx: Uint8Array; spec: FeatureSpec; dataTo: Date };
}

/**
 * Where each stage starts on the 0–100 progress scale; between `glm` and `calibration` the
 * networks' epochs move it (NETS), once for the backtest fit and once for the refit on all
 * history. The caller uses 95–100 for registering the version.
 */
const STAGE_START: Record<string, number> = {
  features: 2,
  glm: 6,
  calibration: 46,
  export: 48,
  backtest: 50,
  refit: 55,
};
/** The networks' share of the bar: the backtest fit, then the refit on all history. */
const NETS = [[12, 45], [56, 93]] as const;

/** Progress of the networks' training from an epoch report (`net 2/6` or `no-event`). */
function netsProgress(
  model: string,
  epoch: number,
  epochs: number,
  nets: number,
  refit: boolean,
): number {
  const index = model === "no-event" ? nets : Number(model.match(/^net (\d+)/)?.[1] ?? 1) - 1;
  const share = (index + epoch / Math.max(1, epochs)) / (nets + 1);
  const [from, to] = NETS[refit ? 1 : 0];
  return from + (to - from) * Math.min(1, share);
}

/** Trains in a Worker; rejects with TrainingFailed (budget exceeded, too little history, …). */
export function trainInWorker(
  dataset: Dataset,
  options: WorkerRequest["options"],
  meta: { version: string; source: string },
  opts: {
    budgetMs: number;
    onProgress?: (stage: string, progress: number) => void;
    signal?: AbortSignal;
  },
): Promise<WorkerOutcome> {
  const worker = new WebWorker(new URL("./train_worker.ts", import.meta.url).href, {
    type: "module",
  });
  const nets = options.nets ?? 6;
  let progress = 0, refitting = false;
  const report = (stage: string, p: number) => {
    progress = Math.max(progress, p);
    opts.onProgress?.(stage, progress);
  };
  return new Promise<WorkerOutcome>((resolve, reject) => {
    const stop = (err?: Error, value?: WorkerOutcome) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      worker.terminate();
      if (err) reject(err);
      else resolve(value!);
    };
    const timer = setTimeout(() => {
      stop(
        new TrainingFailed(
          `training stopped: it exceeded its time budget of ${Math.round(opts.budgetMs / 1000)} s`,
        ),
      );
    }, opts.budgetMs);
    const onAbort = () => stop(new TrainingFailed("training stopped: the server is shutting down"));
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      const m = e.data;
      if (m.type === "stage") {
        if (m.stage === "refit") refitting = true;
        report(m.stage, STAGE_START[m.stage] ?? progress);
      } else if (m.type === "epoch") {
        report("networks", netsProgress(m.model, m.epoch, m.epochs, nets, refitting));
      } else if (m.type === "done") {
        report("backtest", 95);
        stop(undefined, {
          onnx: m.onnx,
          spec: m.spec as FeatureSpec,
          report: m.report,
          dataFrom: new Date(m.dataFrom),
          dataTo: new Date(m.dataTo),
          validated: {
            onnx: m.validated.onnx,
            spec: m.validated.spec as FeatureSpec,
            dataTo: new Date(m.validated.dataTo),
          },
        });
      } else if (m.type === "error") {
        stop(new TrainingFailed(m.message, m.tooShort));
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      stop(new TrainingFailed(`training failed: ${e.message}`));
    };
    worker.postMessage({ dataset, options, ...meta } satisfies WorkerRequest);
  });
}
