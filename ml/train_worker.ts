/**
 * The training Worker: runs ml/train.ts on a dataset posted by ml/train_in_worker.ts, off the
 * server's event loop (training five years of hourly history is about a minute of CPU), reports
 * stages and epochs as it goes and posts back the ONNX artifact, the feature spec and the report.
 * Started only as a Worker (`self.onmessage`); it imports nothing that touches the database.
 */
/// <reference lib="deno.worker" />
import type { Dataset } from "./dataset.ts";
import { HistoryTooShortError, trainForecaster, type TrainOptions } from "./train.ts";
import { buildReport } from "./report.ts";

/** What the client posts: the data and the options (callbacks are the Worker's own). */
export interface WorkerRequest {
  dataset: Dataset;
  options: Omit<TrainOptions, "onEpoch" | "onStage">;
  version: string;
  source: string;
}

/** What the Worker posts back. */
export type WorkerMessage =
  | { type: "stage"; stage: string }
  | { type: "epoch"; model: string; epoch: number; epochs: number }
  | {
    type: "done";
    onnx: Uint8Array;
    spec: unknown;
    report: ReturnType<typeof buildReport>;
    dataFrom: string;
    dataTo: string;
    validated: { onnx: Uint8Array; spec: unknown; dataTo: string };
  }
  | { type: "error"; message: string; tooShort: boolean };

const post = (m: WorkerMessage, transfer: Transferable[] = []) => self.postMessage(m, transfer);

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const { dataset, options, version, source } = e.data;
  const started = performance.now();
  try {
    const outcome = await trainForecaster(dataset, {
      ...options,
      onStage: (stage) => post({ type: "stage", stage }),
      onEpoch: (model, epoch, epochs) => post({ type: "epoch", model, epoch, epochs }),
    });
    const report = buildReport(outcome, {
      version,
      source,
      hospitals: dataset.hospitals.map((h) => h.name),
      epochs: options.epochs,
      seed: options.seed,
      trainSeconds: (performance.now() - started) / 1000,
    });
    // Copies with an ArrayBuffer of their own to transfer. Not `.slice()`: onnx-proto's encoder
    // returns a node:buffer Buffer, whose slice is a view, and a small model (the calendar GLM
    // alone) sits in Buffer's shared pool, which cannot be transferred ("Provided key doesn't
    // match [[ArrayBufferDetachKey]]").
    const onnx = new Uint8Array(outcome.onnx), validated = new Uint8Array(outcome.validated.onnx);
    post({
      type: "done",
      onnx,
      spec: outcome.model.spec,
      report,
      dataFrom: outcome.dataFrom.toISOString(),
      dataTo: outcome.dataTo.toISOString(),
      validated: {
        onnx: validated,
        spec: outcome.validated.model.spec,
        dataTo: outcome.validated.dataTo.toISOString(),
      },
    }, [onnx.buffer, validated.buffer]);
  } catch (err) {
    post({
      type: "error",
      message: err instanceof Error ? err.message : String(err),
      tooShort: err instanceof HistoryTooShortError,
    });
  }
};
