/**
 * The `auto_training` job: every hour, organisations with a hospital holding 8 weeks of hourly
 * history and no training run in the last week get their model trained without anyone asking
 * (issue 16). The run backtests every candidate on each hospital's own recent history and the
 * best serves (services/model_selection.ts). One organisation per job run: training is CPU heavy
 * and the next hour takes the next one.
 */
import { orgsDueForTraining } from "../models/training_runs.ts";
import {
  AUTO_TRAINING_DAYS,
  AUTO_TRAINING_EVERY_MS,
  drainTrainingQueue,
  queueAutomaticTraining,
  TRAINING_BUDGET_MS,
} from "../services/model_training.ts";
import type { JobContext, JobDef, JobResult } from "./runner.ts";

async function run(ctx: JobContext): Promise<JobResult> {
  const due = await orgsDueForTraining(ctx.db, AUTO_TRAINING_DAYS * 24, AUTO_TRAINING_EVERY_MS);
  for (const orgId of due) {
    ctx.signal.throwIfAborted();
    const queued = await queueAutomaticTraining(ctx, orgId);
    if (!queued) continue;
    // Through the one queue: the run waits for a global slot like any other (TRAINING_CONCURRENCY).
    const started = await drainTrainingQueue(ctx, { signal: ctx.signal });
    return { rows: 1, detail: { orgId, runId: queued.id, started, due: due.length } };
  }
  return { rows: 0, detail: { due: due.length } };
}

export const autoTrainingJob: JobDef = {
  name: "auto_training",
  schedule: "23 * * * *",
  timeoutMs: TRAINING_BUDGET_MS + 60_000,
  run,
};
