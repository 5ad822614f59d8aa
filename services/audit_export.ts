/**
 * Signed audit checkpoints leave the database here (issue 21): someone with the database's
 * owner rights can delete the newest rows and every stored checkpoint, but not a checkpoint
 * already written to the log or sent to AUDIT_CHECKPOINT_URL. Give the newest exported one to
 * `GET /api/audit/verify?checkpoint=` and a chain cut back behind it fails.
 */
import type { Config } from "../infra/config.ts";
import { log } from "../infra/log.ts";
import { type Checkpoint, checkpointToken } from "./audit_chain.ts";

/** The sink gets this long to take a checkpoint; a slow sink never holds up the caller long. */
const SINK_TIMEOUT_MS = 5_000;

/** Where checkpoints go: the log always, the sink URL when configured. */
export type CheckpointExport = (c: Checkpoint) => Promise<void>;

/** The export of a deployment: a JSON log line and, with AUDIT_CHECKPOINT_URL, a POST. */
export function checkpointExport(config: Pick<Config, "AUDIT_CHECKPOINT_URL">): CheckpointExport {
  return async function exportCheckpoint(c: Checkpoint) {
    // "token" would be redacted by the logger: the parameter goes out as `verifyParam`.
    const verifyParam = checkpointToken(c);
    log.info("audit checkpoint", { checkpoint: c, verifyParam });
    if (!config.AUDIT_CHECKPOINT_URL) return;
    try {
      const res = await fetch(config.AUDIT_CHECKPOINT_URL, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(SINK_TIMEOUT_MS),
        headers: { "content-type": "application/json", "user-agent": "FestSafe-Audit/1" },
        body: JSON.stringify({ type: "audit.checkpoint", checkpoint: c, verifyParam }),
      });
      await res.body?.cancel();
      if (!res.ok) log.warn("audit checkpoint sink refused", { status: res.status });
    } catch (err) {
      log.warn("audit checkpoint sink unreachable", { error: (err as Error).message });
    }
  };
}
