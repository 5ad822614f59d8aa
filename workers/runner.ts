/**
 * The job runner every worker uses. One run of a job at a time across all instances sharing the
 * database, a timeout per attempt, retries with exponential backoff and jitter, and a job_runs
 * row per run (start, end, outcome, rows, error).
 *
 * How "one at a time" works on both PostgreSQL (a connection pool) and PGlite (one connection):
 * a short claim transaction takes a transaction-scoped advisory lock on the job's name, then
 * looks for a `running` row of that job and, for a scheduled run, for a row of the same cron
 * slot; only if there is none does it insert the `running` row and commit. The lock serialises
 * claims; the row is what keeps other instances out while the job runs, without holding a
 * connection for the whole run. A `running` row older than the job's timeout plus a grace
 * period belongs to an instance that died: it is closed as `timeout` and no longer blocks.
 * The unique (job, slot) index makes a cron slot run once even when instances fire a few
 * seconds apart and the first run has already finished.
 */
import type { Cache } from "../infra/cache.ts";
import type { Config } from "../infra/config.ts";
import type { Db } from "../infra/db.ts";
import { abortableSleep, backoffDelay } from "../feeds/http.ts";
import { log } from "../infra/log.ts";
import {
  closeAbandonedRuns,
  finishRun,
  insertRun,
  lockJob,
  runningRun,
  runOfSlot,
} from "../models/job_runs.ts";
import { counter, histogram, SECONDS } from "../infra/metrics.ts";

const jobRuns = counter("festsafe_job_runs_total", "Job runs by job and outcome.");
const jobSeconds = histogram("festsafe_job_duration_seconds", "Job run time by job.", SECONDS);

export interface JobContext {
  db: Db;
  config: Config;
  cache: Cache;
  /** The job's clock: real time unless a test or a backfill moves it. */
  now: Date;
  /** Aborted when the attempt times out. */
  signal: AbortSignal;
  runId: number;
  attempt: number;
}

/** What a job reports; a thrown error is a failure too (and is retried). */
export interface JobResult {
  rows?: number;
  /** Set when the job decided not to work (e.g. FEEDS=off): recorded as `skipped`. */
  skipped?: string;
  /** Set when the job did its work but part of it failed: recorded as `failed`, not retried. */
  error?: string | null;
  /** Kept in job_runs.detail (per-feed figures and the like). */
  detail?: unknown;
}

export interface JobDef {
  name: string;
  /** Cron expression (UTC) for Deno.cron. */
  schedule: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Extra attempts after a thrown error (not after a timeout or a reported failure). */
  retries?: number;
  run(ctx: JobContext): Promise<JobResult | void>;
}

export interface JobServices {
  db: Db;
  config: Config;
  cache: Cache;
}

export interface RunOptions {
  now?: Date;
  /** The cron minute a scheduled run belongs to; null or absent for a manual run. */
  slot?: Date | null;
  instance?: string;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** A `running` row older than this is an abandoned run (default: timeout × attempts + 60 s). */
  staleAfterMs?: number;
}

export type Outcome = "ok" | "failed" | "skipped" | "timeout";

export interface RunReport {
  job: string;
  /** `busy`: another run holds the job (or this slot already ran); nothing was recorded. */
  outcome: Outcome | "busy";
  runId: number | null;
  rows: number;
  error: string | null;
  attempts: number;
  ms: number;
}

/** This process's name in job_runs.instance. */
export const instanceId = `${Deno.hostname?.() ?? "host"}:${Deno.pid}:${
  crypto.randomUUID().slice(0, 8)
}`;

class JobTimeout extends Error {
  override name = "JobTimeout";
}

async function claim(
  db: Db,
  def: JobDef,
  slot: Date | null,
  instance: string,
  staleAfterMs: number,
): Promise<{ id: number } | { busy: string }> {
  return await db.transaction(async (tx) => {
    await lockJob(tx, def.name);
    await closeAbandonedRuns(tx, def.name, staleAfterMs);
    const running = await runningRun(tx, def.name);
    if (running) return { busy: `run ${running.id} is still running on ${running.instance}` };
    if (slot) {
      const done = await runOfSlot(tx, def.name, slot);
      if (done) return { busy: `run ${done} already handled the ${slot.toISOString()} slot` };
    }
    return { id: await insertRun(tx, { job: def.name, instance, slot }) };
  });
}

async function attemptOnce(
  def: JobDef,
  services: JobServices,
  base: Omit<JobContext, "signal" | "attempt">,
  attempt: number,
): Promise<JobResult> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new JobTimeout(`timed out after ${def.timeoutMs} ms`);
      controller.abort(err);
      reject(err);
    }, def.timeoutMs);
  });
  const work = Promise.resolve().then(() =>
    def.run({ ...base, db: services.db, signal: controller.signal, attempt })
  );
  work.catch(() => {}); // a run abandoned by its timeout may still reject later
  try {
    return (await Promise.race([work, timeout])) ?? {};
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one job once (claiming it first) and records the run in job_runs. */
export async function runJob(
  services: JobServices,
  def: JobDef,
  opts: RunOptions = {},
): Promise<RunReport> {
  const started = performance.now();
  const retries = def.retries ?? 0;
  const instance = opts.instance ?? instanceId;
  const staleAfterMs = opts.staleAfterMs ?? def.timeoutMs * (retries + 1) + 60_000;
  const claimed = await claim(services.db, def, opts.slot ?? null, instance, staleAfterMs);
  if ("busy" in claimed) {
    jobRuns.inc({ job: def.name, outcome: "busy" });
    log.info("job skipped: busy", { job: def.name, reason: claimed.busy });
    return {
      job: def.name,
      outcome: "busy",
      runId: null,
      rows: 0,
      error: claimed.busy,
      attempts: 0,
      ms: performance.now() - started,
    };
  }
  const runId = claimed.id;
  const sleep = opts.sleep ?? ((ms: number) => abortableSleep(ms));
  const base = {
    db: services.db,
    config: services.config,
    cache: services.cache,
    now: opts.now ?? new Date(),
    runId,
  };
  let outcome: Outcome = "ok";
  let result: JobResult = {};
  let error: string | null = null;
  let attempts = 0;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    attempts = attempt;
    try {
      result = await attemptOnce(def, services, base, attempt);
      if (result.skipped) outcome = "skipped";
      else if (result.error) [outcome, error] = ["failed", result.error];
      else [outcome, error] = ["ok", null];
      break;
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (err instanceof JobTimeout) {
        [outcome, error] = ["timeout", msg];
        break;
      }
      [outcome, error] = ["failed", attempt > 1 ? `attempt ${attempt}: ${msg}` : msg];
      if (attempt <= retries) {
        await sleep(backoffDelay(attempt - 1, {
          backoffBaseMs: opts.backoffBaseMs ?? 2_000,
          backoffMaxMs: opts.backoffMaxMs ?? 60_000,
          random: Math.random,
        }));
      }
    }
  }
  const rows = result.rows ?? 0;
  const detail = result.detail ?? (result.skipped ? { skipped: result.skipped } : undefined);
  await finishRun(services.db, runId, { outcome, rows, error, attempts, detail });
  const report = {
    job: def.name,
    outcome,
    runId,
    rows,
    error,
    attempts,
    ms: Math.round(performance.now() - started),
  };
  jobRuns.inc({ job: def.name, outcome });
  jobSeconds.observe({ job: def.name }, report.ms / 1000);
  (outcome === "ok" || outcome === "skipped" ? log.info : log.warn)("job finished", report);
  return report;
}
