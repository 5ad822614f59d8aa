/**
 * Starts the registered jobs on their cron schedules with Deno.cron, so the same code runs on a
 * server and on Deno Deploy. Nothing starts on import: only `startWorkers` does. Every instance
 * may start the workers; the runner lets each cron slot run once across them.
 */
import { log } from "../infra/log.ts";
import { listJobs } from "./registry.ts";
import {
  type JobDef,
  type JobServices,
  runJob,
  type RunOptions,
  type RunReport,
} from "./runner.ts";

const MINUTE = 60_000;

/** The cron minute a tick belongs to: the same on every instance that fires for it. */
export function slotOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / MINUTE) * MINUTE);
}

/** Scheduled runs in progress in this process (a graceful shutdown waits for them). */
const running = new Set<Promise<unknown>>();

/**
 * Resolves when the jobs running in this process have finished, or after timeoutMs; true when
 * they all finished. A job cut off by the timeout is closed as abandoned by the next instance.
 */
export async function drainJobs(timeoutMs = 30_000): Promise<boolean> {
  if (!running.size) return true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((r) => timer = setTimeout(() => r(false), timeoutMs));
  try {
    return await Promise.race([Promise.allSettled([...running]).then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** What one cron tick does: run the job for this slot, never throwing into Deno.cron. */
export async function runScheduled(
  services: JobServices,
  def: JobDef,
  opts: RunOptions = {},
): Promise<RunReport | null> {
  const run = runJob(services, def, { slot: slotOf(opts.now ?? new Date()), ...opts });
  running.add(run);
  run.catch(() => {}).finally(() => running.delete(run));
  try {
    return await run;
  } catch (err) {
    // A database outage must not kill the scheduler; the next tick tries again.
    log.error("scheduled job could not run", {
      job: def.name,
      error: err instanceof Error ? err.message : String(err),
    });
    return null;
  }
}

export interface Workers {
  jobs: string[];
  stop(): void;
}

/**
 * Registers one Deno.cron per job. Services may still be opening (a promise): Deno Deploy wants
 * crons registered while the isolate starts, before the database is ready.
 */
export function startWorkers(services: JobServices | Promise<JobServices>): Workers {
  const controller = new AbortController();
  const ready = Promise.resolve(services);
  ready.catch(() => {}); // the caller reports a failed start; ticks then do nothing
  const jobs = listJobs();
  for (const def of jobs) {
    Deno.cron(`festsafe-${def.name}`, def.schedule, { signal: controller.signal }, async () => {
      await runScheduled(await ready, def);
    });
  }
  log.info("workers started", { jobs: jobs.map((j) => `${j.name} (${j.schedule})`) });
  return { jobs: jobs.map((j) => j.name), stop: () => controller.abort() };
}
