/**
 * The jobs FestSafe schedules. Other modules add theirs with `registerJob` (e.g. the forecast
 * job: import its module here so that both the scheduler and `deno task job` see it).
 */
import { auditCheckpointsJob } from "./audit_checkpoints.ts";
import { feedsJob } from "./feeds.ts";
import { forecastJob } from "./forecast.ts";
import { planJob } from "./plan.ts";
import { refreshJob } from "./refresh.ts";
import { retentionJob } from "./retention.ts";
import { rollupJob } from "./rollup.ts";
import { trainingJob } from "./training.ts";
import { autoTrainingJob } from "./auto_training.ts";
import type { JobDef } from "./runner.ts";
import { webhooksJob } from "./webhooks.ts";

const jobs = new Map<string, JobDef>();

/** Adds (or replaces) a job by name. */
export function registerJob(def: JobDef): JobDef {
  if (!/^[a-z][a-z0-9_-]*$/.test(def.name)) throw new Error(`bad job name: ${def.name}`);
  jobs.set(def.name, def);
  return def;
}

/** Every registered job, in registration order. */
export function listJobs(): JobDef[] {
  return [...jobs.values()];
}

/** One job by name, or undefined. */
export function getJob(name: string): JobDef | undefined {
  return jobs.get(name);
}

registerJob(feedsJob());
registerJob(rollupJob);
registerJob(retentionJob);
registerJob(forecastJob);
registerJob(planJob);
registerJob(refreshJob);
registerJob(webhooksJob);
registerJob(trainingJob);
registerJob(auditCheckpointsJob);
registerJob(autoTrainingJob);
