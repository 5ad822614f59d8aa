/** Schemas of the model routes: versions, training runs, activation (routes/api/models/). */
import { z } from "zod";
import { userId } from "./common.ts";

const isoTime = z.iso.datetime({ offset: true });

const figures = z.object({
  mase: z.number().nullable(),
  pinball: z.number().nullable(),
  coverage80: z.number().nullable(),
  dailyMape: z.number().nullable(),
});

/** A version's rolling-origin backtest against the two baselines it must beat. */
export const backtestOut = figures.extend({
  from: isoTime.nullable(),
  to: isoTime.nullable(),
  origins: z.number().int().nullable(),
  points: z.number().int().nullable(),
  baselines: z.object({ seasonalNaive: figures, poissonGlm: figures }),
  beatsSeasonalNaive: z.boolean(),
  beatsGlmBaseline: z.boolean(),
  strongestBaseline: z.object({ key: z.string(), mase: z.number() }).nullable().meta({
    description: "the baseline with the lowest MASE on the same backtest points (the gate)",
  }),
  served: z.object({
    kind: z.enum(["ensemble", "calendarGlm"]),
    trainFrom: isoTime,
    trainTo: isoTime.meta({ description: "the served fit's training end (refit: the data's end)" }),
    validatedTrainTo: isoTime,
    refitted: z.boolean(),
  }).nullable(),
  activatable: z.boolean().meta({
    description: "a lower MASE than the strongest baseline (seasonal naive, the calendar GLM)",
  }),
}).meta({ id: "Backtest" });

/** A candidate's error on one hospital's own backtest, for a manager (services/model_errors.ts). */
const ownDataErrorOut = z.object({
  measuredBy: z.string(),
  from: isoTime.nullable(),
  to: isoTime.nullable(),
  rows: z.array(z.object({
    key: z.string(),
    label: z.string(),
    dailyMape: z.number().nullable().meta({ description: "mean error of a day's total, share" }),
    mae: z.number().nullable().meta({ description: "mean absolute error per hour, arrivals" }),
    serving: z.boolean(),
  })),
  summary: z.string(),
}).meta({ id: "OwnDataError" });

export const modelVersionOut = z.object({
  version: z.string(),
  scope: z.enum(["organisation", "global"]),
  createdAt: isoTime,
  dataFrom: isoTime.nullable(),
  dataTo: isoTime.nullable(),
  metrics: z.record(z.string(), z.unknown()),
  artifactSha256: z.string(),
  active: z.boolean().meta({ description: "active in its scope (the global model, or yours)" }),
  serving: z.boolean().meta({ description: "forecasts some of your hospitals now" }),
  activatedAt: isoTime.nullable(),
  activatedBy: z.string().nullable(),
  hospitals: z.array(z.string()).nullable().meta({
    description: "hospitals an organisation's version was trained on and serves",
  }),
  backtest: backtestOut.nullable(),
}).meta({ id: "ModelVersion" });

export const trainingRunOut = z.object({
  id: z.uuid(),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  stage: z.string().meta({
    description: "queued, loading, features, glm, networks, calibration, export, backtest, " +
      "refit, registering, done",
  }),
  progress: z.number().min(0).max(100),
  fast: z.boolean(),
  requestedBy: z.string(),
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  updatedAt: isoTime,
  finishedAt: isoTime.nullable(),
  version: z.string().nullable().meta({ description: "the version registered (inactive)" }),
  error: z.string().nullable(),
  backtest: backtestOut.nullable(),
}).meta({ id: "TrainingRun" });

export const modelsOut = z.object({
  active: z.string().nullable().meta({
    description: "the version that forecasts your trained hospitals: yours, else the global one",
  }),
  organisation: z.string().nullable(),
  global: z.string().nullable(),
  minHistoryDays: z.number().int().meta({
    description: "days of hourly arrivals a hospital needs to enter the organisation's model",
  }),
  hospitals: z.array(z.object({
    id: userId,
    name: z.string(),
    historyDays: z.number(),
    model: z.string().nullable(),
    ownDataError: ownDataErrorOut.nullable().meta({
      description: "the serving model's error on this hospital's own data beside the others'",
    }),
  })),
  versions: z.array(modelVersionOut),
  runs: z.array(trainingRunOut),
}).meta({ id: "Models" });

export const trainRequest = z.strictObject({
  fast: z.boolean().optional().meta({
    description: "fewer, smaller networks and a daily backtest origin: seconds instead of " +
      "minutes, for a first look (the same pipeline)",
  }),
}).meta({ id: "TrainRequest" });

export const runParams = z.strictObject({ id: z.uuid() });

export const versionParams = z.strictObject({
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "must be a model version"),
});

export const activationOut = z.object({
  active: z.string(),
  scope: z.enum(["organisation", "global"]),
  previous: z.string().nullable().meta({
    description: "your version that served before (null: the global model did)",
  }),
}).meta({ id: "Activation" });
