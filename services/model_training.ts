/**
 * Training an organisation's own forecast model from the app (POST /api/models/train, the
 * /admin/models page): the request queues a run (one per organisation at a time, audited). All
 * organisations' runs go through one queue in the database with a global limit: at most
 * TRAINING_CONCURRENCY run at once across every instance (default 1; issue 21: three
 * organisations trained at once, 612 MB), the oldest queued first. An instance with a free slot
 * claims the next run and trains it in a Worker (ml/train_in_worker.ts) on the organisation's
 * stored history (ml/org_dataset.ts), writing progress to the run row and live `training` events;
 * the result is registered as an inactive version of the organisation with its backtest. When a
 * run ends its instance claims the next; the `training` job (workers/training.ts) does the same
 * every minute, so runs queued by an instance that died still start. Activation is
 * services/models.ts.
 */
import { HttpError } from "../framework/http_error.ts";
import { log } from "../infra/log.ts";
import {
  activeTrainingRun,
  claimNextTrainingRun,
  closeAbandonedTrainingRuns,
  finishTrainingRun,
  insertTrainingRun,
  lockOrgTraining,
  type TrainingRun,
  updateTrainingProgress,
} from "../models/training_runs.ts";
import { MIN_ORG_TRAINING_DAYS, orgDataset, orgHistoryDays } from "../ml/org_dataset.ts";
import { TrainingFailed, trainInWorker } from "../ml/train_in_worker.ts";
import type { WorkerRequest } from "../ml/train_worker.ts";
import { orgModels, registerVersion } from "../ml/registry.ts";
import type { Incumbent } from "../ml/train.ts";
import type { Queryable } from "../infra/db.ts";
import { selectServingModel } from "./model_selection.ts";
import { auditChange } from "./audit.ts";
import { type Actor, type Deps, systemActor } from "./actor.ts";
import type { Config } from "../infra/config.ts";
import { changed } from "./changes.ts";
import { publishLive } from "../infra/live.ts";

export { MIN_ORG_TRAINING_DAYS };

/** A run that takes longer is stopped (five years of hourly history train in 1–2 minutes). */
export const TRAINING_BUDGET_MS = 15 * 60_000;
/** A running row not updated for this long lost its instance (progress or heartbeat). */
export const TRAINING_STALE_MS = 2 * 60_000;
const HEARTBEAT_MS = 15_000;
/** Progress is written at most this often (and at every stage change). */
const PROGRESS_EVERY_MS = 1_000;

/**
 * The trainer's settings. `fast` (tests, a first look) trains fewer and smaller networks for
 * fewer epochs and backtests from an origin a day instead of two: the same pipeline, in seconds.
 */
export function trainingOptions(fast: boolean): WorkerRequest["options"] {
  // serve: "best": the organisation's calendar GLM serves instead of the networks when it
  // backtested better on the organisation's own data.
  return fast
    ? { epochs: 6, seed: 1, nets: 2, hidden: [16, 8], originEvery: 24, serve: "best" }
    : { epochs: 20, seed: 1, nets: 6, originEvery: 12, serve: "best" };
}

/**
 * The models serving the organisation today, to be backtested beside the new one on the same
 * points: the global model and the organisation's own active one (if any).
 */
async function incumbents(db: Queryable, orgId: string): Promise<Incumbent[]> {
  const { org, global } = await orgModels(db, orgId);
  const out: Incumbent[] = [{ name: "global", ...global }];
  if (org) out.push({ name: "current", ...org });
  return out.map(({ name, version, spec, artifact }) => ({ name, version, spec, artifact }));
}

const instance = `${Deno.hostname?.() ?? "host"}:${Deno.pid}`;

/** What training needs: the database, the cache, and the global limit. */
export interface TrainingDeps extends Deps {
  config: Pick<Config, "TRAINING_CONCURRENCY">;
}

type RunOptions = { budgetMs?: number; signal?: AbortSignal };
/** Options given with a run queued by this process, used by whichever drain claims it here. */
const runOptions = new Map<string, RunOptions>();

function insufficientHistory(days: { code: string; days: number }[]) {
  const best = Math.max(0, ...days.map((d) => d.days));
  return new HttpError(
    409,
    "insufficient_history",
    `too little history to train a model of the organisation's own: its best-covered hospital ` +
      `has ${best.toFixed(1)} days of hourly ED arrivals, training needs at least ` +
      `${MIN_ORG_TRAINING_DAYS}; until then its forecasts use the global model`,
    days.map((d) => ({
      path: `hospitals.${d.code}`,
      message: `${d.days.toFixed(1)} days of hourly arrivals stored`,
    })),
  );
}

const runningError = (run: TrainingRun) =>
  new HttpError(
    409,
    "training_running",
    `training run ${run.id} is already ${run.status} for this organisation (${run.stage}, ` +
      `${Math.round(run.progress)} %); one run at a time — follow it at ` +
      `/api/training-runs/${run.id}`,
    [{ path: "run", message: run.id }],
  );

/** The live event of a run's state (GET /api/live, event `training`). */
function liveData(run: Pick<TrainingRun, "id" | "status" | "stage" | "progress">, extra = {}) {
  return {
    runId: run.id,
    status: run.status,
    stage: run.stage,
    progress: Math.round(run.progress),
    ...extra,
  };
}

/**
 * Queues a training run of the organisation's model and starts the queue in this process (the
 * run trains now if a slot is free, else after the runs before it); 409 when the organisation
 * has too little history or a run is already queued or running.
 */
export async function startTraining(
  deps: TrainingDeps,
  who: Actor & { orgId: string },
  opts: { fast?: boolean } = {},
  run: RunOptions = {},
): Promise<TrainingRun> {
  const days = (await orgHistoryDays(deps.db, who.orgId))
    .map((d) => ({ code: d.hospital.code, days: d.days }));
  if (!days.some((d) => d.days >= MIN_ORG_TRAINING_DAYS)) throw insufficientHistory(days);
  const queued = await deps.db.transaction(async (tx) => {
    await lockOrgTraining(tx, who.orgId);
    await closeAbandonedTrainingRuns(tx, who.orgId, TRAINING_STALE_MS);
    const existing = await activeTrainingRun(tx, who.orgId);
    if (existing) throw runningError(existing);
    const row = await insertTrainingRun(tx, {
      orgId: who.orgId,
      requestedBy: who.actor,
      options: { fast: opts.fast === true },
    });
    if (!row) throw new HttpError(409, "training_running", "a training run is already queued");
    await auditChange(tx, who, "create", "model_training", row.id);
    return row;
  });
  await changed(deps.cache, who.orgId, { type: "training", data: liveData(queued) });
  if (run.budgetMs !== undefined || run.signal) runOptions.set(queued.id, run);
  drainTrainingQueue(deps).catch((err) =>
    log.error("training queue failed", { runId: queued.id, error: String(err) })
  );
  return queued;
}

/**
 * Days of hourly history after which an organisation's model is trained without anyone asking
 * (issue 16: "once a hospital has enough history, say 8 weeks"): long enough for two held-out
 * weeks in the backtest on top of the trainer's minimum (MIN_ORG_TRAINING_DAYS).
 */
export const AUTO_TRAINING_DAYS = 56;
/** …and again every week while new history arrives (the latest run of any outcome counts). */
export const AUTO_TRAINING_EVERY_MS = 7 * 86_400_000;
export const AUTO_TRAINING_ACTOR = "system (automatic training)";

/**
 * Queues an automatic run for the organisation (audited as the system); null when a run is
 * already queued or running.
 */
export async function queueAutomaticTraining(deps: Deps, orgId: string) {
  const row = await deps.db.transaction(async (tx) => {
    await lockOrgTraining(tx, orgId);
    await closeAbandonedTrainingRuns(tx, orgId, TRAINING_STALE_MS);
    if (await activeTrainingRun(tx, orgId)) return null;
    const run = await insertTrainingRun(tx, {
      orgId,
      requestedBy: AUTO_TRAINING_ACTOR,
      options: { fast: false },
    });
    if (run) {
      await auditChange(
        tx,
        systemActor(orgId, AUTO_TRAINING_ACTOR),
        "create",
        "model_training",
        run.id,
      );
    }
    return run;
  });
  if (row) await changed(deps.cache, orgId, { type: "training", data: liveData(row) });
  return row;
}

/**
 * Claims queued runs (the oldest first) while a global slot is free and trains them in this
 * process; resolves with how many it started once they have ended. Each run that ends drains
 * the queue again, so the next one starts without waiting for the job.
 */
export async function drainTrainingQueue(
  deps: TrainingDeps,
  opts: { signal?: AbortSignal } = {},
): Promise<number> {
  const running: Promise<unknown>[] = [];
  for (;;) {
    opts.signal?.throwIfAborted();
    const run = await deps.db.transaction((tx) =>
      claimNextTrainingRun(tx, instance, deps.config.TRAINING_CONCURRENCY, TRAINING_STALE_MS)
    );
    if (!run) break;
    const given = runOptions.get(run.id) ?? {};
    runOptions.delete(run.id);
    running.push(
      trainClaimed(deps, run, { ...given, signal: given.signal ?? opts.signal }).finally(() => {
        // Not awaited: this run is done; the next one is the queue's business.
        drainTrainingQueue(deps).catch((err) =>
          log.error("training queue failed", { error: String(err) })
        );
      }),
    );
  }
  await Promise.all(running);
  return running.length;
}

/** Trains a claimed run to the end (a version registered, or the run failed with its reason). */
async function trainClaimed(
  deps: Deps,
  run: TrainingRun,
  opts: RunOptions,
): Promise<TrainingRun["status"]> {
  const id = run.id;
  const orgId = run.orgId;
  let state = { stage: run.stage, progress: 0 };
  let written = { stage: "", at: 0 };
  let writes = Promise.resolve();
  const write = (force = false) => {
    const now = Date.now();
    if (!force && state.stage === written.stage && now - written.at < PROGRESS_EVERY_MS) return;
    written = { stage: state.stage, at: now };
    const snapshot = { ...state };
    // Chained, so that the row never goes back to an older figure.
    writes = writes.then(async () => {
      await updateTrainingProgress(deps.db, id, snapshot);
      await publishLive(deps.cache, "training", orgId, liveData({ ...run, ...snapshot }));
    }).catch((err) => log.warn("training progress not written", { id, error: String(err) }));
  };
  const progress = (stage: string, p: number) => {
    state = { stage, progress: p };
    write();
  };
  const heartbeat = setInterval(() => write(true), HEARTBEAT_MS);
  try {
    progress("loading", 1);
    const data = await orgDataset(deps.db, orgId);
    if (!data.hospitals.length) {
      throw new TrainingFailed("no hospital has enough history any more", true);
    }
    const options = {
      ...trainingOptions(run.options.fast === true),
      incumbents: await incumbents(deps.db, orgId),
    };
    const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15);
    const version = `org-${orgId.slice(0, 8)}-v${stamp}-${id.slice(0, 8)}`;
    const outcome = await trainInWorker(data.dataset, options, {
      version,
      source: `organisation history, ${data.hospitals.length} hospital(s) with ≥ ` +
        `${MIN_ORG_TRAINING_DAYS} days`,
    }, {
      budgetMs: opts.budgetMs ?? TRAINING_BUDGET_MS,
      onProgress: progress,
      signal: opts.signal,
    });
    progress("registering", 97);
    await writes;
    const trained = data.hospitals.map((h) => h.id);
    const selection = await deps.db.transaction(async (tx) => {
      const metrics = {
        ...outcome.report,
        hospitalCodes: data.hospitals.map((h) => h.code),
        trainedHospitalIds: trained,
      };
      if (outcome.report.served.refitted) {
        // Both fits stay in the registry: the one the backtest judged, and the served refit.
        await registerVersion(tx, {
          version: `${version}-validated`,
          orgId,
          hospitalIds: trained,
          dataFrom: outcome.dataFrom,
          dataTo: outcome.validated.dataTo,
          spec: outcome.validated.spec,
          metrics: { ...metrics, version: `${version}-validated`, role: "validated" },
          artifact: outcome.validated.onnx,
        });
      }
      await registerVersion(tx, {
        version,
        orgId,
        hospitalIds: trained,
        dataFrom: outcome.dataFrom,
        dataTo: outcome.dataTo,
        spec: outcome.spec,
        metrics: { ...metrics, role: "served" },
        artifact: outcome.onnx,
      });
      if (!await finishTrainingRun(tx, id, { status: "succeeded", version })) {
        throw new TrainingFailed("the run was closed while it trained");
      }
      await auditChange(tx, systemActor(orgId, `training run ${id}`), "create", "models", version);
      return await selectServingModel(tx, orgId, version, outcome.report, trained);
    });
    if (selection.activated) {
      await changed(deps.cache, orgId, {
        type: "model",
        data: {
          active: version,
          scope: "organisation",
          previous: selection.previous,
          automatic: true,
        },
      });
    }
    log.info("model selection", {
      orgId,
      version,
      activated: selection.activated,
      hospitals: selection.serves.length,
      reason: selection.reason,
    });
    await changed(deps.cache, orgId, {
      type: "training",
      data: liveData({ ...run, status: "succeeded", stage: "done", progress: 100 }, { version }),
    });
    log.info("organisation model trained", { orgId, runId: id, version });
    return "succeeded";
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await writes;
    await finishTrainingRun(deps.db, id, { status: "failed", error: message });
    await changed(deps.cache, orgId, {
      type: "training",
      data: liveData({ ...run, ...state, status: "failed" }, { error: message }),
    });
    log.warn("organisation model training failed", { orgId, runId: id, error: message });
    return "failed";
  } finally {
    clearInterval(heartbeat);
  }
}
