/**
 * Rows of `job_runs`: one per run of a job (migrations 001/003). The claim protocol is in
 * workers/runner.ts; these are its statements.
 */
import type { Queryable } from "../infra/db.ts";
import { lockForTransaction } from "./locks.ts";

/** Lock namespace for job claims (the migration lock uses a single-int key). */
const JOB_LOCK_SPACE = 7_242_004;

/** Serialises claims of one job until the transaction ends. */
export function lockJob(tx: Queryable, job: string): Promise<void> {
  return lockForTransaction(tx, JOB_LOCK_SPACE, job);
}

/** Closes `running` rows of a job started more than staleAfterMs ago as abandoned timeouts. */
export async function closeAbandonedRuns(
  tx: Queryable,
  job: string,
  staleAfterMs: number,
): Promise<void> {
  await tx.query(
    `UPDATE job_runs SET outcome = 'timeout', finished_at = clock_timestamp(),
       error = 'abandoned: the instance running it stopped answering'
     WHERE job = $1 AND outcome = 'running'
       AND started_at < clock_timestamp() - $2::int * interval '1 millisecond'`,
    [job, Math.round(staleAfterMs)],
  );
}

/** A run of the job that is still `running`, or null. */
export async function runningRun(
  tx: Queryable,
  job: string,
): Promise<{ id: number; instance: string | null } | null> {
  const [row] = await tx.query<{ id: number; instance: string | null }>(
    "SELECT id, instance FROM job_runs WHERE job = $1 AND outcome = 'running' LIMIT 1",
    [job],
  );
  return row ?? null;
}

/** The id of the run that took a cron slot of the job, or null. */
export async function runOfSlot(tx: Queryable, job: string, slot: Date): Promise<number | null> {
  const [row] = await tx.query<{ id: number }>(
    "SELECT id FROM job_runs WHERE job = $1 AND slot = $2",
    [job, slot],
  );
  return row ? Number(row.id) : null;
}

/** Records a run as started now (`running`) and returns its id. */
export async function insertRun(
  tx: Queryable,
  r: { job: string; instance: string; slot: Date | null },
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO job_runs (job, started_at, instance, slot) VALUES ($1, clock_timestamp(), $2, $3)
     RETURNING id`,
    [r.job, r.instance, r.slot],
  );
  return Number(row.id);
}

/** Records how a run ended. */
export async function finishRun(
  db: Queryable,
  id: number,
  r: { outcome: string; rows: number; error: string | null; attempts: number; detail: unknown },
): Promise<void> {
  await db.query(
    `UPDATE job_runs SET finished_at = clock_timestamp(), outcome = $2, rows = $3, error = $4,
       attempts = $5, detail = $6::text::jsonb
     WHERE id = $1`,
    [
      id,
      r.outcome,
      r.rows,
      r.error,
      r.attempts,
      r.detail === undefined ? null : JSON.stringify(r.detail),
    ],
  );
}
