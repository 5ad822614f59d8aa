/**
 * Append-only, hash-chained audit log. Each organisation has its own chain (platform-level
 * entries use chain ''): hash = HMAC-SHA256(AUDIT_KEY, prev_hash + canonical JSON of the row),
 * and a signed head row per chain records the newest entry and the count, so that editing,
 * deleting or appending behind the app's back is detected by verifyAudit; signed checkpoints
 * outside the table catch a rewind to an older head (services/audit_chain.ts). Appends to one
 * chain are serialised with an advisory transaction lock.
 */
import type { Db, Queryable } from "../infra/db.ts";
import type { Actor } from "./actor.ts";
import { HttpError } from "../framework/http_error.ts";
import { log } from "../infra/log.ts";
import {
  appendAuditRow,
  auditHead,
  type AuditRow,
  auditRowsAfter,
  legacyAuditCutoff,
  legacyAuditMaxId,
  lockAuditChain,
  nextAuditId,
} from "../models/audit.ts";
import {
  type Checkpoint,
  CHECKPOINT_EVERY,
  checkpointValid,
  HASH_VERSION,
  keyedHash,
  legacyHash,
  makeCheckpoint,
  signHead,
  signLegacyCutoff,
  storeCheckpoint,
  storedCheckpoints,
} from "./audit_chain.ts";
import type { CheckpointExport } from "./audit_export.ts";

export type AuditOutcome = "ok" | "denied" | "failed" | "error";

export interface AuditEntry {
  orgId?: string | null;
  actorId?: string | null;
  /** Who acted, readable: a user's e-mail, `api-key:<prefix>`, `anonymous`, `system`. */
  actor: string;
  /** read, create, update, delete, login, logout, refresh … */
  action: string;
  resource: string;
  resourceId?: string | null;
  requestId?: string | null;
  outcome: AuditOutcome;
}

export { type AuditQuery, type AuditRow, listAudit } from "../models/audit.ts";

const GENESIS = "0".repeat(64);

/** The exact bytes hashed for a row: a JSON array in a fixed field order. */
export function canonicalAudit(r: Omit<AuditRow, "hash" | "prevHash">): string {
  return JSON.stringify([
    Number(r.id),
    new Date(r.at).toISOString(),
    r.orgId,
    r.actorId,
    r.actor,
    r.action,
    r.resource,
    r.resourceId,
    r.requestId,
    r.outcome,
  ]);
}

async function append(tx: Queryable, e: AuditEntry): Promise<number> {
  const chain = e.orgId ?? "";
  await lockAuditChain(tx, chain);
  const head = await auditHead(tx, chain);
  const prevHash = head?.lastHash ?? GENESIS;
  const entries = (head?.entries ?? 0) + 1;
  const row = {
    id: await nextAuditId(tx),
    at: new Date(),
    orgId: e.orgId ?? null,
    actorId: e.actorId ?? null,
    actor: e.actor,
    action: e.action,
    resource: e.resource,
    resourceId: e.resourceId ?? null,
    requestId: e.requestId ?? null,
    outcome: e.outcome,
  };
  const hash = await keyedHash(prevHash + canonicalAudit(row));
  const newHead = { chain, lastId: row.id, lastHash: hash, entries };
  await appendAuditRow(tx, chain, { ...row, prevHash, hash, hashVersion: HASH_VERSION }, {
    entries,
    signature: await signHead(newHead),
  });
  if (entries % CHECKPOINT_EVERY === 0) {
    await storeCheckpoint(tx, await makeCheckpoint(newHead, await legacyAuditMaxId(tx)));
  }
  return row.id;
}

/**
 * Records a change inside the transaction that makes it, so that the change and its audit row
 * commit together or not at all (a failed audit write rolls the change back).
 */
export async function auditChange(
  tx: Queryable,
  who: Actor,
  action: string,
  resource: string,
  resourceId: string | null,
): Promise<void> {
  try {
    await append(tx, {
      orgId: who.orgId,
      actorId: who.actorId,
      actor: who.actor,
      action,
      resource,
      resourceId,
      requestId: who.requestId,
      outcome: "ok",
    });
  } catch (err) {
    log.error("audit write failed; the change is rolled back", { error: String(err) });
    throw new HttpError(503, "audit_unavailable", "could not record this change; retry", [], {
      "retry-after": "5",
    });
  }
  who.recorded++;
}

/** Appends one entry; pass a Db for its own transaction or a transaction to join it. */
export async function recordAudit(db: Db | Queryable, entry: AuditEntry): Promise<number> {
  if ("transaction" in db) return await db.transaction((tx) => append(tx, entry));
  return await append(db, entry);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadId: number | null;
  /** Why the chain failed, for people. */
  problem?: string;
  /** A signed checkpoint of the chain as verified: keep it, pass it to a later verify. */
  checkpoint?: Checkpoint;
}

/** Whether the walked chain still contains what a checkpoint says it held. */
function coversCheckpoint(
  c: Checkpoint,
  hashes: Map<number, string>,
  checked: number,
  lastId: number,
): string | null {
  if (checked < c.entries || lastId < c.lastId) {
    return `the chain is shorter than a checkpoint of ${c.at} (${c.entries} entries)`;
  }
  if (hashes.get(c.lastId) !== c.lastHash) {
    return `entry ${c.lastId} no longer matches the checkpoint of ${c.at}`;
  }
  return null;
}

/**
 * Walks one organisation's chain (null: the platform chain) and reports the first bad row: a
 * hash that does not follow from its predecessor under the audit key, a legacy cut-off or head
 * that is not signed or does not match the last row, or a checkpoint (stored, or `external`
 * from the caller) that the chain no longer contains or that was signed under another cut-off.
 * A good chain gets a new signed checkpoint, stored and exported (`exportTo`, or the log).
 */
export async function verifyAudit(
  db: Queryable,
  orgId: string | null,
  external?: Checkpoint,
  exportTo?: CheckpointExport,
): Promise<VerifyResult> {
  const chain = orgId ?? "";
  const bad = (id: number | null, problem: string, checked: number): VerifyResult => ({
    ok: false,
    checked,
    firstBadId: id,
    problem,
  });
  const cutoff = await legacyAuditCutoff(db);
  const legacyMax = cutoff.maxId;
  if (cutoff.signature === null || cutoff.signature !== await signLegacyCutoff(legacyMax)) {
    return bad(null, "the legacy cut-off is not signed with the audit key", 0);
  }
  // Checkpoints name at most a few hundred rows; remember the hashes they point at.
  const checkpoints = await storedCheckpoints(db, chain);
  if (external) {
    if (external.chain !== chain || !await checkpointValid(external)) {
      return bad(null, "the checkpoint given is not a checkpoint of this chain", 0);
    }
    checkpoints.push(external);
  }
  const wanted = new Set(checkpoints.map((c) => c.lastId));
  const hashes = new Map<number, string>();
  let prev = GENESIS;
  let checked = 0;
  let lastId = 0;
  for (;;) {
    const rows = await auditRowsAfter(db, chain, lastId, 5000);
    for (const r of rows) {
      const id = Number(r.id);
      const version = Number(r.hashVersion ?? 1);
      if (version === 1 && id > legacyMax) {
        return bad(id, "unkeyed entry after the upgrade", checked);
      }
      const text = prev + canonicalAudit(r);
      const expected = version === 1 ? await legacyHash(text) : await keyedHash(text);
      if (r.prevHash !== prev || r.hash !== expected || (r.orgId ?? "") !== chain) {
        return bad(id, "entry does not follow from its predecessor", checked);
      }
      if (wanted.has(id)) hashes.set(id, r.hash);
      prev = r.hash;
      lastId = id;
      checked++;
    }
    if (rows.length < 5000) break;
  }
  const head = await auditHead(db, chain);
  const current = { chain, lastId, lastHash: prev, entries: checked };
  if (head) {
    const signed = head.signature !== null &&
      head.signature === await signHead({
          chain,
          lastId: head.lastId,
          lastHash: head.lastHash,
          entries: head.entries,
        });
    // Heads from before the upgrade were signed at the first start after migration 016.
    if (!signed) {
      return bad(head.lastId, "the chain head is not signed with the audit key", checked);
    }
    if (head.lastId !== lastId || head.lastHash !== prev || head.entries !== checked) {
      return bad(
        head.lastId,
        "the chain head does not match its last entry",
        checked,
      );
    }
  } else if (checked > 0) return bad(lastId, "the chain has entries but no head", checked);
  for (const c of checkpoints) {
    if (c !== external && !await checkpointValid(c)) {
      return bad(c.lastId, "a stored checkpoint is not signed with the audit key", checked);
    }
    if (c.legacyMaxId !== undefined && c.legacyMaxId !== legacyMax) {
      return bad(null, `the legacy cut-off changed since the checkpoint of ${c.at}`, checked);
    }
    const problem = coversCheckpoint(c, hashes, checked, lastId);
    if (problem) return bad(c.lastId, problem, checked);
  }
  const checkpoint = await makeCheckpoint(current, legacyMax);
  if (checked > 0 && !checkpoints.some((c) => c.lastId === lastId && c !== external)) {
    await storeCheckpoint(db, checkpoint);
  }
  if (exportTo) await exportTo(checkpoint);
  else log.info("audit checkpoint", { checkpoint });
  return { ok: true, checked, firstBadId: null, checkpoint };
}
