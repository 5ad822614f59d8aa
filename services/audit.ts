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

export interface AuditRow {
  id: number;
  at: Date;
  orgId: string | null;
  actorId: string | null;
  actor: string;
  action: string;
  resource: string;
  resourceId: string | null;
  requestId: string | null;
  outcome: string;
  prevHash: string;
  hash: string;
}

const GENESIS = "0".repeat(64);
/** Arbitrary constant: the advisory-lock namespace of audit chains. */
const AUDIT_LOCK = 7_242_003;

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
  await tx.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [AUDIT_LOCK, chain]);
  const [head] = await tx.query<{ last_hash: string }>(
    "SELECT last_hash FROM audit_heads WHERE chain = $1",
    [chain],
  );
  const prevHash = head?.last_hash ?? GENESIS;
  const [{ id }] = await tx.query<{ id: number }>(
    "SELECT nextval('audit_log_id_seq')::int8 AS id",
  );
  const row = {
    id: Number(id),
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
  await tx.query(
    `INSERT INTO audit_log (id, at, org_id, actor_id, actor, action, resource, resource_id,
       request_id, outcome, prev_hash, hash, chain)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      row.id,
      row.at,
      row.orgId,
      row.actorId,
      row.actor,
      row.action,
      row.resource,
      row.resourceId,
      row.requestId,
      row.outcome,
      prevHash,
      hash,
      chain,
    ],
  );
  await tx.query(
    `INSERT INTO audit_heads (chain, last_id, last_hash, entries) VALUES ($1, $2, $3, 1)
     ON CONFLICT (chain) DO UPDATE SET last_id = $2, last_hash = $3,
       entries = audit_heads.entries + 1`,
    [chain, row.id, hash],
  );
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

const rowColumns = `id, at, org_id AS "orgId", actor_id AS "actorId", actor, action, resource,
  resource_id AS "resourceId", request_id AS "requestId", outcome, prev_hash AS "prevHash", hash`;

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
    const rows = await db.query<AuditRow>(
      `SELECT ${rowColumns} FROM audit_log WHERE chain = $1 AND id > $2 ORDER BY id LIMIT 5000`,
      [chain, lastId],
    );
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
  const [head] = await db.query<{ last_id: number; last_hash: string; entries: number }>(
    "SELECT last_id, last_hash, entries FROM audit_heads WHERE chain = $1",
    [chain],
  );
  const headOk = head
    ? Number(head.last_id) === lastId && head.last_hash === prev && Number(head.entries) === checked
    : checked === 0;
  if (!headOk) return { ok: false, checked, firstBadId: Number(head?.last_id ?? lastId) };
  return { ok: true, checked, firstBadId: null };
}

export interface AuditQuery {
  actor?: string;
  resource?: string;
  from?: Date;
  to?: Date;
  limit?: number;
}

/** An organisation's audit entries, newest first. */
export function listAudit(db: Queryable, orgId: string, q: AuditQuery = {}) {
  return db.query<Omit<AuditRow, "prevHash" | "hash">>(
    `SELECT id, at, actor_id AS "actorId", actor, action, resource, resource_id AS "resourceId",
       request_id AS "requestId", outcome
     FROM audit_log WHERE chain = $1 AND ($2::text IS NULL OR actor = $2)
       AND ($3::text IS NULL OR resource = $3) AND ($4::timestamptz IS NULL OR at >= $4)
       AND ($5::timestamptz IS NULL OR at < $5)
     ORDER BY id DESC LIMIT $6`,
    [orgId, q.actor ?? null, q.resource ?? null, q.from ?? null, q.to ?? null, q.limit ?? 200],
  );
}
