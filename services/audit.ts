/**
 * Append-only, hash-chained audit log. Each organisation has its own chain (platform-level
 * entries use chain ''): hash = sha256(prev_hash + canonical JSON of the row), and a head row
 * per chain records the newest entry and the count, so that editing, deleting or appending
 * behind the app's back is detected by verifyAudit. Appends to one chain are serialised with an
 * advisory transaction lock.
 */
import type { Db, Queryable } from "../infra/db.ts";
import type { Actor } from "./actor.ts";
import { HttpError } from "../framework/http_error.ts";
import { log } from "../infra/log.ts";
import { sha256Hex } from "../lib/auth/constant_time.ts";
import {
  appendAuditRow,
  auditHead,
  type AuditRow,
  auditRowsAfter,
  lockAuditChain,
  nextAuditId,
} from "../models/audit.ts";

export { type AuditQuery, type AuditRow, listAudit } from "../models/audit.ts";

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
  const prevHash = (await auditHead(tx, chain))?.lastHash ?? GENESIS;
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
  const hash = await sha256Hex(prevHash + canonicalAudit(row));
  await appendAuditRow(tx, chain, { ...row, prevHash, hash });
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
}

/** Walks one organisation's chain (null: the platform chain) and reports the first bad row. */
export async function verifyAudit(db: Queryable, orgId: string | null): Promise<VerifyResult> {
  const chain = orgId ?? "";
  let prev = GENESIS;
  let checked = 0;
  let lastId = 0;
  for (;;) {
    const rows = await auditRowsAfter(db, chain, lastId, 5000);
    for (const r of rows) {
      const expected = await sha256Hex(prev + canonicalAudit(r));
      if (r.prevHash !== prev || r.hash !== expected || (r.orgId ?? "") !== chain) {
        return { ok: false, checked, firstBadId: Number(r.id) };
      }
      prev = r.hash;
      lastId = Number(r.id);
      checked++;
    }
    if (rows.length < 5000) break;
  }
  const head = await auditHead(db, chain);
  const headOk = head
    ? head.lastId === lastId && head.lastHash === prev && head.entries === checked
    : checked === 0;
  if (!headOk) return { ok: false, checked, firstBadId: head?.lastId ?? lastId };
  return { ok: true, checked, firstBadId: null };
}
