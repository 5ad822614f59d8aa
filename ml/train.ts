/**
 * Training pipeline, independent of where the data came from: features → MLP (pinball loss,
 * Adam, early stopping on the last training weeks) → band calibration → ONNX export checked
 * against ONNX Runtime → rolling-origin backtest on the held-out weeks against the baselines and
 * against the same network trained without event features.
 */
import type { Dataset } from "./dataset.ts";
import {
  FEATURE_NAMES,
  type FeatureSpec,
  fitSpec,
  HORIZON_HOURS,
  type HospitalHistory,
  MIN_LOOKBACK_HOURS,
  prepareHistory,
  rawFeatures,
  scaleRows,
} from "./features.ts";
import { calibrateBand, forwardBatch, type MlpWeights, type TrainingSet, trainMlp } from "./mlp.ts";
import { exportOnnx } from "./onnx_export.ts";
import { createSession, runSession } from "./onnx_runtime.ts";
import {
  type BacktestCase,
  backtestCases,
  calibration,
  coverageByDay,
  evaluate,
  largeEventDay,
  type Metrics,
} from "./backtest.ts";
import { eventPpr, fitPoissonGlm, poissonGlm, seasonalNaive } from "./baselines.ts";

const HOUR_MS = 3_600_000;
/**
 * ONNX Runtime must reproduce the trainer's forward pass to this, per output: absolute up to 1,
 * relative above (float32 cannot resolve 1e-5 absolute on large counts).
 */
export const EXPORT_TOLERANCE = 1e-5;

/** The history cannot support training; the message says what is missing. */
export class HistoryTooShortError extends Error {}

export interface TrainOptions {
  epochs: number;
  seed: number;
  hidden?: [number, number];
  onEpoch?: (model: string, epoch: number, epochs: number, loss: number, valid: number) => void;
  onStage?: (stage: string) => void;
}

/** Held-out weeks for the backtest: 4 on long histories, fewer on short ones. */
export function holdoutWeeks(hours: number): number {
  return hours >= 120 * 24 ? 4 : hours >= 49 * 24 ? 2 : 1;
}

/** Minimum history: a week of warm-up, a week to train on, the held-out week(s). */
export function minimumHours(hours: number): number {
  return MIN_LOOKBACK_HOURS + 7 * 24 + holdoutWeeks(hours) * 168;
}

/** Calendar, environment and event inputs of every hospital on the dataset's grid. */
export function datasetHistories(d: Dataset): HospitalHistory[] {
  return d.hospitals.map((h) => {
    const peers = d.hospitals.filter((p) => p.org === h.org);
    const events = d.events.filter((e) => e.org === h.org);
    return prepareHistory(h, peers, events, d.start, h.arrivals, h);
  });
}

/** Training rows: one random lead time (0–71 h) per hospital and target hour in [from, to). */
function samples(histories: HospitalHistory[], from: number, to: number, seed: number) {
  const f = FEATURE_NAMES.length;
  let state = seed * 2654435761 >>> 0 || 1;
  const rand = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
  const capacity = histories.length * Math.max(0, to - from);
  const raw = new Float32Array(capacity * f), y = new Float32Array(capacity);
  const level = new Float32Array(capacity), target = new Int32Array(capacity);
  let n = 0;
  for (const h of histories) {
    for (let t = from; t < to; t++) {
      const yt = h.arrivals[t];
      const k = Math.min(Math.floor(rand() * HORIZON_HOURS), t - MIN_LOOKBACK_HOURS);
      if (!Number.isFinite(yt) || k < 0) continue;
      const l = rawFeatures(h, t - k, k, raw, n * f);
      if (l === null) continue;
      y[n] = yt;
      level[n] = l;
      target[n++] = t;
    }
  }
  return {
    raw: raw.subarray(0, n * f),
    y: y.subarray(0, n),
    level: level.subarray(0, n),
    target: target.subarray(0, n),
    n,
  };
}

type Samples = ReturnType<typeof samples>;

function subset(s: Samples, x: Float32Array, keep: (t: number) => boolean): TrainingSet {
  const f = FEATURE_NAMES.length;
  const idx = [...s.target.keys()].filter((i) => keep(s.target[i]));
  const out = {
    x: new Float32Array(idx.length * f),
    y: new Float32Array(idx.length),
    scale: new Float32Array(idx.length),
    n: idx.length,
  };
  idx.forEach((i, j) => {
    out.x.set(x.subarray(i * f, (i + 1) * f), j * f);
    out.y[j] = s.y[i];
    out.scale[j] = s.level[i];
  });
  return out;
}

export interface TrainedModel {
  spec: FeatureSpec;
  weights: MlpWeights;
  bestEpoch: number;
}

function fitModel(
  name: string,
  s: Samples,
  validFrom: number,
  eventFeatures: boolean,
  opts: TrainOptions,
): TrainedModel {
  const spec = fitSpec(s.raw, s.n, { hidden: opts.hidden ?? [32, 16], eventFeatures });
  const x = scaleRows(s.raw.slice(), s.n, spec);
  const train = subset(s, x, (t) => t < validFrom), valid = subset(s, x, (t) => t >= validFrom);
  const layout = {
    inputs: spec.names.length,
    hidden: spec.hidden,
    trunk: spec.trunk,
    env: spec.env,
    event: spec.event,
  };
  const result = trainMlp(layout, train, valid, {
    epochs: opts.epochs,
    seed: opts.seed,
    onEpoch: (e, l, v) => opts.onEpoch?.(name, e, opts.epochs, l, v),
  });
  return { spec, weights: calibrateBand(result.weights, valid), bestEpoch: result.bestEpoch };
}

/** Model predictions for backtest cases, from their raw features (TypeScript forward pass). */
export function predictCases(m: TrainedModel, cases: readonly BacktestCase[]): Float32Array {
  const f = FEATURE_NAMES.length, n = cases.length * HORIZON_HOURS;
  const x = new Float32Array(n * f), scale = new Float32Array(n);
  cases.forEach((c, i) => {
    x.set(c.raw, i * HORIZON_HOURS * f);
    scale.set(c.level, i * HORIZON_HOURS);
  });
  return forwardBatch(m.weights, scaleRows(x, n, m.spec), scale, n);
}

/** Exports and checks: ONNX Runtime's outputs must match the TypeScript forward pass. */
export async function exportChecked(
  m: TrainedModel,
  set: TrainingSet,
  metadata: Record<string, string>,
) {
  const bytes = exportOnnx(m.weights, metadata);
  const session = await createSession(bytes);
  try {
    const ort = await runSession(session, set.x, set.scale, set.n);
    const ts = forwardBatch(m.weights, set.x, set.scale, set.n);
    let maxDiff = 0;
    for (let i = 0; i < ts.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(ort[i] - ts[i]) / Math.max(1, Math.abs(ts[i])));
    }
    if (!(maxDiff <= EXPORT_TOLERANCE)) {
      throw new Error(
        `ONNX export check failed: max |onnxruntime − trainer| = ${maxDiff} > ${EXPORT_TOLERANCE}`,
      );
    }
    return { bytes, maxDiff };
  } finally {
    await session.release();
  }
}

export interface TrainOutcome {
  model: TrainedModel;
  noEvent: TrainedModel;
  onnx: Uint8Array;
  exportMaxDiff: number;
  dataFrom: Date;
  dataTo: Date;
  holdoutFrom: Date;
  cases: BacktestCase[];
  predictions: Record<string, Float32Array>;
  metrics: Record<string, Metrics>;
  eventDay: Record<string, Metrics>;
  calibration: number[];
  coverageByDay: number[];
  trainingRows: number;
}

/** Trains, exports, checks and backtests; throws HistoryTooShortError on too little data. */
export async function trainForecaster(d: Dataset, opts: TrainOptions): Promise<TrainOutcome> {
  const observedDays = d.hours / 24;
  if (!d.hospitals.length || d.hours < minimumHours(d.hours)) {
    throw new HistoryTooShortError(
      `history too short to train: ${observedDays.toFixed(1)} days of hourly ED arrivals, ` +
        `need at least ${minimumHours(d.hours) / 24} (7 warm-up, 7 training, 7 held-out)`,
    );
  }
  opts.onStage?.("features");
  const histories = datasetHistories(d);
  const holdoutFrom = d.hours - holdoutWeeks(d.hours) * 168;
  const s = samples(histories, MIN_LOOKBACK_HOURS, holdoutFrom, opts.seed);
  if (s.n < 14 * 24) {
    throw new HistoryTooShortError(
      `history too short to train: only ${s.n} usable hospital-hours before the held-out weeks`,
    );
  }
  const trainSpan = holdoutFrom - MIN_LOOKBACK_HOURS;
  const validFrom = holdoutFrom - Math.max(72, Math.min(14 * 24, Math.round(trainSpan * 0.15)));
  const model = fitModel("model", s, validFrom, true, opts);
  const noEvent = fitModel("no-event", s, validFrom, false, opts);

  opts.onStage?.("export");
  const check = subset(s, scaleRows(s.raw.slice(), s.n, model.spec), (t) => t >= validFrom);
  const { bytes, maxDiff } = await exportChecked(model, check, { producer: "festsafe train" });

  opts.onStage?.("backtest");
  const cases = backtestCases(histories, holdoutFrom, d.hours, 12);
  const glm = fitPoissonGlm(s.raw, s.y, s.level, s.n);
  const predictions: Record<string, Float32Array> = {
    model: predictCases(model, cases),
    noEventModel: predictCases(noEvent, cases),
    seasonalNaive: seasonalNaive(cases),
    poissonGlm: poissonGlm(glm)(cases),
    eventPpr: eventPpr(cases),
  };
  const metrics: Record<string, Metrics> = {}, eventDay: Record<string, Metrics> = {};
  for (const [name, pred] of Object.entries(predictions)) {
    metrics[name] = evaluate(cases, pred);
    eventDay[name] = evaluate(cases, pred, largeEventDay);
  }
  return {
    model,
    noEvent,
    onnx: bytes,
    exportMaxDiff: maxDiff,
    dataFrom: new Date(d.start),
    dataTo: new Date(d.start + holdoutFrom * HOUR_MS),
    holdoutFrom: new Date(d.start + holdoutFrom * HOUR_MS),
    cases,
    predictions,
    metrics,
    eventDay,
    calibration: calibration(cases, predictions.model),
    coverageByDay: coverageByDay(cases, predictions.model),
    trainingRows: s.n,
  };
}
