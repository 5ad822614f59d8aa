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
  type Checkpoint,
  CHECKPOINT_EVERY,
  checkpointValid,
  HASH_VERSION,
  keyedHash,
  legacyHash,
  makeCheckpoint,
  signHead,
  storeCheckpoint,
  storedCheckpoints,
} from "./audit_chain.ts";

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
  hashVersion?: number;
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
  const [head] = await tx.query<{ last_hash: string; entries: number }>(
    "SELECT last_hash, entries FROM audit_heads WHERE chain = $1",
    [chain],
  );
  const prevHash = head?.last_hash ?? GENESIS;
  const entries = Number(head?.entries ?? 0) + 1;
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
  const hash = await keyedHash(prevHash + canonicalAudit(row));
  await tx.query(
    `INSERT INTO audit_log (id, at, org_id, actor_id, actor, action, resource, resource_id,
       request_id, outcome, prev_hash, hash, chain, hash_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, ${HASH_VERSION})`,
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
  const newHead = { chain, lastId: row.id, lastHash: hash, entries };
  await tx.query(
    `INSERT INTO audit_heads (chain, last_id, last_hash, entries, signature)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (chain) DO UPDATE SET last_id = $2, last_hash = $3, entries = $4,
       signature = $5`,
    [chain, row.id, hash, entries, await signHead(newHead)],
  );
  if (entries % CHECKPOINT_EVERY === 0) {
    await storeCheckpoint(tx, await makeCheckpoint(newHead), false);
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

const rowColumns = `id, at, org_id AS "orgId", actor_id AS "actorId", actor, action, resource,
  resource_id AS "resourceId", request_id AS "requestId", outcome, prev_hash AS "prevHash", hash,
  hash_version AS "hashVersion"`;

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
 * hash that does not follow from its predecessor under the audit key, a head that is not signed
 * or does not match the last row, or a checkpoint (stored, or `external` from the caller) that
 * the chain no longer contains. A good chain gets a new signed checkpoint, stored and logged.
 */
export async function verifyAudit(
  db: Queryable,
  orgId: string | null,
  external?: Checkpoint,
): Promise<VerifyResult> {
  const chain = orgId ?? "";
  const [legacy] = await db.query<{ max_id: number }>("SELECT max_id FROM audit_legacy");
  const legacyMax = Number(legacy?.max_id ?? 0);
  const bad = (id: number | null, problem: string, checked: number): VerifyResult => ({
    ok: false,
    checked,
    firstBadId: id,
    problem,
  });
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
    const rows = await db.query<AuditRow>(
      `SELECT ${rowColumns} FROM audit_log WHERE chain = $1 AND id > $2 ORDER BY id LIMIT 5000`,
      [chain, lastId],
    );
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
  const [head] = await db.query<
    { last_id: number; last_hash: string; entries: number; signature: string | null }
  >("SELECT last_id, last_hash, entries, signature FROM audit_heads WHERE chain = $1", [chain]);
  const current = { chain, lastId, lastHash: prev, entries: checked };
  if (head) {
    const signed = head.signature !== null &&
      head.signature === await signHead({
          chain,
          lastId: Number(head.last_id),
          lastHash: head.last_hash,
          entries: Number(head.entries),
        });
    // A head from before the upgrade has no signature; it may only name a legacy row.
    if (!signed && (head.signature !== null || Number(head.last_id) > legacyMax)) {
      return bad(Number(head.last_id), "the chain head is not signed with the audit key", checked);
    }
    if (
      Number(head.last_id) !== lastId || head.last_hash !== prev ||
      Number(head.entries) !== checked
    ) {
      return bad(
        Number(head.last_id ?? lastId),
        "the chain head does not match its last entry",
        checked,
      );
    }
  } else if (checked > 0) return bad(lastId, "the chain has entries but no head", checked);
  for (const c of checkpoints) {
    if (c !== external && !await checkpointValid(c)) {
      return bad(c.lastId, "a stored checkpoint is not signed with the audit key", checked);
    }
    const problem = coversCheckpoint(c, hashes, checked, lastId);
    if (problem) return bad(c.lastId, problem, checked);
  }
  const checkpoint = await makeCheckpoint(current);
  if (checked > 0 && !checkpoints.some((c) => c.lastId === lastId && c !== external)) {
    await storeCheckpoint(db, checkpoint);
  } else log.info("audit checkpoint", { checkpoint });
  return { ok: true, checked, firstBadId: null, checkpoint };
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
