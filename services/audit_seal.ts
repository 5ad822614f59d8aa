/**
 * Start-up and periodic work that keeps the audit chain anchored (issue 21):
 * - sealAuditChain signs the legacy cut-off and the heads of chains that only hold rows from
 *   before the audit key, once, at the first start after migration 016. From then on verify
 *   refuses an unsigned or re-valued cut-off and an unsigned head. (A superuser who removes the
 *   cut-off's signature and restarts the app gets it signed again at the new value; every
 *   exported checkpoint names the cut-off it was signed under, so that is found against them.)
 * - exportNewCheckpoints (the `audit-checkpoints` job) signs the heads that moved since their
 *   last checkpoint, stores the checkpoints and exports them outside the database.
 */
import type { Db } from "../infra/db.ts";
import { log } from "../infra/log.ts";
import {
  headsAheadOfCheckpoints,
  legacyAuditCutoff,
  lockLegacyAuditCutoff,
  signAuditHead,
  signLegacyAuditCutoff,
  unsignedLegacyHeads,
} from "../models/audit.ts";
import { makeCheckpoint, signHead, signLegacyCutoff, storeCheckpoint } from "./audit_chain.ts";
import type { CheckpointExport } from "./audit_export.ts";

/** Signs an unsigned legacy cut-off and unsigned legacy heads (call once the key is set). */
export async function sealAuditChain(db: Db): Promise<{ cutoff: boolean; heads: number }> {
  return await db.transaction(async (tx) => {
    await lockLegacyAuditCutoff(tx);
    const { maxId, signature } = await legacyAuditCutoff(tx);
    let cutoff = false;
    if (signature === null) {
      await signLegacyAuditCutoff(tx, await signLegacyCutoff(maxId));
      cutoff = true;
      log.warn("audit legacy cut-off signed", { legacyMaxId: maxId });
    }
    const heads = await unsignedLegacyHeads(tx, maxId);
    for (const h of heads) await signAuditHead(tx, h.chain, await signHead(h));
    return { cutoff, heads: heads.length };
  });
}

/**
 * Checkpoints every chain whose head moved since its newest checkpoint (at most `limit` chains
 * per call) and exports them. A head whose signature does not match is not checkpointed: verify
 * reports it.
 */
export async function exportNewCheckpoints(
  db: Db,
  exportTo: CheckpointExport,
  limit = 500,
): Promise<{ exported: number; unsigned: number }> {
  const { maxId } = await legacyAuditCutoff(db);
  let exported = 0, unsigned = 0;
  for (const h of await headsAheadOfCheckpoints(db, limit)) {
    const head = { chain: h.chain, lastId: h.lastId, lastHash: h.lastHash, entries: h.entries };
    if (h.signature === null || h.signature !== await signHead(head)) {
      unsigned++;
      log.error("audit head not signed with the audit key", { chain: h.chain });
      continue;
    }
    const c = await makeCheckpoint(head, maxId);
    await storeCheckpoint(db, c);
    await exportTo(c);
    exported++;
  }
  return { exported, unsigned };
}
