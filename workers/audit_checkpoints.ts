/**
 * The `audit-checkpoints` job: every five minutes, signs a checkpoint of each audit chain that
 * grew since its last one and exports it outside the database (the log, AUDIT_CHECKPOINT_URL),
 * so that a truncation by a database admin is found by `verify?checkpoint=` (issue 21).
 */
import { checkpointExport } from "../services/audit_export.ts";
import { exportNewCheckpoints } from "../services/audit_seal.ts";
import type { JobContext, JobDef, JobResult } from "./runner.ts";

async function run(ctx: JobContext): Promise<JobResult> {
  const r = await exportNewCheckpoints(ctx.db, checkpointExport(ctx.config));
  return { rows: r.exported, detail: r };
}

export const auditCheckpointsJob: JobDef = {
  name: "audit-checkpoints",
  schedule: "*/5 * * * *",
  timeoutMs: 2 * 60_000,
  run,
};
