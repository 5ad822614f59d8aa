/**
 * The `training` job: every minute, closes training runs whose instance stopped reporting and
 * starts queued runs while a global slot is free (services/model_training.ts): the instance
 * that queued a run normally starts it, or the one whose run ended before it; this picks up runs
 * queued by an instance that died. Each run is bounded by its budget.
 */
import { closeAbandonedTrainingRuns } from "../models/training_runs.ts";
import {
  drainTrainingQueue,
  TRAINING_BUDGET_MS,
  TRAINING_STALE_MS,
} from "../services/model_training.ts";
import type { JobContext, JobDef, JobResult } from "./runner.ts";

async function run(ctx: JobContext): Promise<JobResult> {
  const closed = await closeAbandonedTrainingRuns(ctx.db, null, TRAINING_STALE_MS);
  const trained = await drainTrainingQueue(ctx, { signal: ctx.signal });
  return { rows: trained, detail: { closed, trained } };
}

export const trainingJob: JobDef = {
  name: "training",
  schedule: "* * * * *",
  // Room for a few queued runs, each stopped at its own budget.
  timeoutMs: 3 * TRAINING_BUDGET_MS,
  run,
};
