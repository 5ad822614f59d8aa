/**
 * The `training` job: every minute, closes training runs whose instance stopped reporting and
 * runs the queued ones no instance started (the instance that queued a run normally starts it at
 * once: services/model_training.ts). One run at a time per job run, each bounded by its budget.
 */
import { closeAbandonedTrainingRuns, queuedTrainingRuns } from "../models/training_runs.ts";
import { runTraining, TRAINING_BUDGET_MS, TRAINING_STALE_MS } from "../services/model_training.ts";
import type { JobContext, JobDef, JobResult } from "./runner.ts";

/** A queued run younger than this is left to the instance that queued it. */
const ORPHAN_AFTER_MS = 30_000;

async function run(ctx: JobContext): Promise<JobResult> {
  const closed = await closeAbandonedTrainingRuns(ctx.db, null, TRAINING_STALE_MS);
  let trained = 0;
  for (const id of await queuedTrainingRuns(ctx.db, ORPHAN_AFTER_MS)) {
    ctx.signal.throwIfAborted();
    if (await runTraining(ctx, id, { signal: ctx.signal })) trained++;
  }
  return { rows: trained, detail: { closed, trained } };
}

export const trainingJob: JobDef = {
  name: "training",
  schedule: "* * * * *",
  // Room for a few orphaned runs, each stopped at its own budget.
  timeoutMs: 3 * TRAINING_BUDGET_MS,
  run,
};
