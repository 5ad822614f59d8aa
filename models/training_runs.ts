/**
 * Rows of `model_training_runs` (migration 012): one per training run an organisation starts
 * from the app. The partial unique index allows one queued or running run per organisation.
 */
import type { Queryable } from "../infra/db.ts";
import { lockForTransaction } from "./locks.ts";

export type TrainingStatus = "queued" | "running" | "succeeded" | "failed";

export interface TrainingRun {
  id: string;
  orgId: string;
  requestedBy: string;
  options: { fast?: boolean };
  status: TrainingStatus;
  stage: string;
  progress: number;
  createdAt: Date;
  startedAt: Date | null;
  updatedAt: Date;
  finishedAt: Date | null;
  version: string | null;
  error: string | null;
}

const COLUMNS = `id, org_id AS "orgId", requested_by AS "requestedBy", options, status, stage,
  progress, created_at AS "createdAt", started_at AS "startedAt", updated_at AS "updatedAt",
  finished_at AS "finishedAt", version, error`;

/** Lock namespace for an organisation's training runs (see models/locks.ts). */
const TRAINING_LOCK_SPACE = 7_242_012;

/** Serialises starting runs of one organisation until the transaction ends. */
export function lockOrgTraining(tx: Queryable, orgId: string): Promise<void> {
  return lockForTransaction(tx, TRAINING_LOCK_SPACE, orgId);
}

/**
 * Running rows whose instance stopped reporting for staleMs are closed as failed (of one
 * organisation, or of all when orgId is null); returns how many.
 */
export async function closeAbandonedTrainingRuns(
  tx: Queryable,
  orgId: string | null,
  staleMs: number,
): Promise<number> {
  const rows = await tx.query(
    `UPDATE model_training_runs SET status = 'failed', finished_at = clock_timestamp(),
       error = 'abandoned: the instance running it stopped reporting'
     WHERE status = 'running' AND ($1::uuid IS NULL OR org_id = $1)
       AND updated_at < clock_timestamp() - $2::int * interval '1 millisecond'
     RETURNING id`,
    [orgId, Math.round(staleMs)],
  );
  return rows.length;
}

/** The organisation's queued or running run, or null. */
export async function activeTrainingRun(tx: Queryable, orgId: string): Promise<TrainingRun | null> {
  const [row] = await tx.query<TrainingRun>(
    `SELECT ${COLUMNS} FROM model_training_runs
     WHERE org_id = $1 AND status IN ('queued', 'running')`,
    [orgId],
  );
  return row ?? null;
}

/** Queues a run; null when the organisation already has one queued or running. */
export async function insertTrainingRun(
  tx: Queryable,
  r: { orgId: string; requestedBy: string; options: { fast?: boolean } },
): Promise<TrainingRun | null> {
  const [row] = await tx.query<TrainingRun>(
    `INSERT INTO model_training_runs (org_id, requested_by, options)
     VALUES ($1, $2, $3::text::jsonb)
     ON CONFLICT (org_id) WHERE status IN ('queued', 'running') DO NOTHING
     RETURNING ${COLUMNS}`,
    [r.orgId, r.requestedBy, JSON.stringify(r.options)],
  );
  return row ?? null;
}

/** Lock namespace of the global training slots (one lock: claims are short). */
const TRAINING_SLOTS_LOCK = 7_242_019;

/**
 * Claims the oldest queued run of any organisation for this instance when fewer than `limit`
 * runs are running across every instance (call inside a transaction); null otherwise. Runs
 * whose instance stopped reporting for staleMs are closed first, so they free their slot.
 */
export async function claimNextTrainingRun(
  tx: Queryable,
  instance: string,
  limit: number,
  staleMs: number,
): Promise<TrainingRun | null> {
  await lockForTransaction(tx, TRAINING_SLOTS_LOCK);
  await closeAbandonedTrainingRuns(tx, null, staleMs);
  const [{ running }] = await tx.query<{ running: number }>(
    "SELECT count(*)::int AS running FROM model_training_runs WHERE status = 'running'",
  );
  if (Number(running) >= limit) return null;
  const [row] = await tx.query<TrainingRun>(
    `UPDATE model_training_runs SET status = 'running', instance = $1, stage = 'loading',
       started_at = clock_timestamp(), updated_at = clock_timestamp()
     WHERE id = (SELECT id FROM model_training_runs WHERE status = 'queued'
                 ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING ${COLUMNS}`,
    [instance],
  );
  return row ?? null;
}

/** Records progress (and the heartbeat) of a running run. */
export async function updateTrainingProgress(
  db: Queryable,
  id: string,
  p: { stage: string; progress: number },
): Promise<void> {
  await db.query(
    `UPDATE model_training_runs SET stage = $2, progress = $3, updated_at = clock_timestamp()
     WHERE id = $1 AND status = 'running'`,
    [id, p.stage, Math.max(0, Math.min(100, p.progress))],
  );
}

/** Records how a run ended; false when it was no longer running (closed as abandoned). */
export async function finishTrainingRun(
  db: Queryable,
  id: string,
  r: { status: "succeeded" | "failed"; version?: string | null; error?: string | null },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE model_training_runs SET status = $2, version = $3, error = $4,
       stage = CASE WHEN $2 = 'succeeded' THEN 'done' ELSE stage END,
       progress = CASE WHEN $2 = 'succeeded' THEN 100 ELSE progress END,
       finished_at = clock_timestamp(), updated_at = clock_timestamp()
     WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
    [id, r.status, r.version ?? null, r.error ?? null],
  );
  return rows.length > 0;
}

/** One run of the organisation, or null (never another organisation's). */
export async function getTrainingRun(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<TrainingRun | null> {
  const [row] = await db.query<TrainingRun>(
    `SELECT ${COLUMNS} FROM model_training_runs WHERE org_id = $1 AND id = $2`,
    [orgId, id],
  );
  return row ?? null;
}

/** The organisation's latest runs, newest first. */
export function listTrainingRuns(db: Queryable, orgId: string, limit = 10): Promise<TrainingRun[]> {
  return db.query<TrainingRun>(
    `SELECT ${COLUMNS} FROM model_training_runs WHERE org_id = $1
     ORDER BY created_at DESC LIMIT $2`,
    [orgId, limit],
  );
}

/**
 * Organisations (not the demo) with at least one hospital holding `minHours` hourly
 * observations and no training run (of any outcome) started in the last `quietMs`: the automatic
 * training's queue.
 */
export async function orgsDueForTraining(
  db: Queryable,
  minHours: number,
  quietMs: number,
): Promise<string[]> {
  const rows = await db.query<{ orgId: string }>(
    `SELECT DISTINCT h.org_id AS "orgId" FROM (
       SELECT org_id, hospital_id FROM observations GROUP BY org_id, hospital_id
       HAVING count(*) >= $1
     ) h
     JOIN orgs o ON o.id = h.org_id
     -- The demo region is served by the bundled model (deno task train --simulate): a year of
     -- simulated history would cost minutes of CPU every week for nobody.
     WHERE NOT o.is_demo AND NOT EXISTS (
       SELECT 1 FROM model_training_runs r WHERE r.org_id = h.org_id
         AND r.created_at > clock_timestamp() - $2::bigint * interval '1 millisecond'
     )
     ORDER BY 1`,
    [minHours, Math.round(quietMs)],
  );
  return rows.map((r) => r.orgId);
}
