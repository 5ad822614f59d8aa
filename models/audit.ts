/**
 * The audit log's rows and per-chain heads (migration 002). Hashing and verification live in
 * services/audit.ts; this is only storage.
 */
import type { Queryable } from "../infra/db.ts";
import { lockForTransaction } from "./locks.ts";

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
  /** 1: unkeyed SHA-256 (before the audit key); 2: HMAC with the audit key. */
  hashVersion?: number;
}

export interface AuditHead {
  lastId: number;
  lastHash: string;
  entries: number;
  /** HMAC of the head with the audit key (null for heads written before it). */
  signature: string | null;
}

/** Arbitrary constant: the advisory-lock namespace of audit chains. */
const AUDIT_LOCK = 7_242_003;

/** Serialises appends to one chain until the transaction ends (other chains do not wait). */
export function lockAuditChain(tx: Queryable, chain: string): Promise<void> {
  return lockForTransaction(tx, AUDIT_LOCK, chain);
}

/** The newest entry and the count of a chain, or null for an empty chain. */
export async function auditHead(db: Queryable, chain: string): Promise<AuditHead | null> {
  const [head] = await db.query<AuditHead>(
    `SELECT last_id AS "lastId", last_hash AS "lastHash", entries, signature FROM audit_heads
     WHERE chain = $1`,
    [chain],
  );
  return head
    ? {
      lastId: Number(head.lastId),
      lastHash: head.lastHash,
      entries: Number(head.entries),
      signature: head.signature,
    }
    : null;
}

/** Reserves the next row id (the id is part of the hashed content, so it is taken first). */
export async function nextAuditId(tx: Queryable): Promise<number> {
  const [{ id }] = await tx.query<{ id: number }>("SELECT nextval('audit_log_id_seq')::int8 AS id");
  return Number(id);
}

/** Appends a row and moves its chain's head to it (call under lockAuditChain). */
export async function appendAuditRow(
  tx: Queryable,
  chain: string,
  row: AuditRow & { hashVersion: number },
  head: { entries: number; signature: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (id, at, org_id, actor_id, actor, action, resource, resource_id,
       request_id, outcome, prev_hash, hash, chain, hash_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
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
      row.prevHash,
      row.hash,
      chain,
      row.hashVersion,
    ],
  );
  await tx.query(
    `INSERT INTO audit_heads (chain, last_id, last_hash, entries, signature)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (chain) DO UPDATE SET last_id = $2, last_hash = $3, entries = $4,
       signature = $5`,
    [chain, row.id, row.hash, head.entries, head.signature],
  );
}

/** The highest id written before the audit key existed (rows up to it may be unkeyed). */
export async function legacyAuditMaxId(db: Queryable): Promise<number> {
  return (await legacyAuditCutoff(db)).maxId;
}

/** The legacy cut-off and its signature (null until the first start after migration 016). */
export async function legacyAuditCutoff(
  db: Queryable,
): Promise<{ maxId: number; signature: string | null }> {
  const [legacy] = await db.query<{ max_id: number; signature: string | null }>(
    "SELECT max_id, signature FROM audit_legacy",
  );
  return { maxId: Number(legacy?.max_id ?? 0), signature: legacy?.signature ?? null };
}

/** Locks the cut-off row until the transaction ends (two instances starting together). */
export async function lockLegacyAuditCutoff(tx: Queryable): Promise<void> {
  await tx.query("SELECT max_id FROM audit_legacy FOR UPDATE");
}

/** Stores the cut-off's signature. */
export async function signLegacyAuditCutoff(tx: Queryable, signature: string): Promise<void> {
  await tx.query("UPDATE audit_legacy SET signature = $1", [signature]);
}

/** Heads written before the audit key (no signature) that name a row up to the cut-off. */
export function unsignedLegacyHeads(
  db: Queryable,
  legacyMaxId: number,
): Promise<(AuditHead & { chain: string })[]> {
  return db.query<AuditHead & { chain: string }>(
    `SELECT chain, last_id::int8 AS "lastId", last_hash AS "lastHash", entries::int8 AS entries,
       signature FROM audit_heads WHERE signature IS NULL AND last_id <= $1`,
    [legacyMaxId],
  ).then((rows) =>
    rows.map((h) => ({ ...h, lastId: Number(h.lastId), entries: Number(h.entries) }))
  );
}

/** Signs a head that had no signature (only if it still has none). */
export async function signAuditHead(tx: Queryable, chain: string, signature: string) {
  await tx.query(
    "UPDATE audit_heads SET signature = $2 WHERE chain = $1 AND signature IS NULL",
    [chain, signature],
  );
}

/** Chains whose head moved past their newest stored checkpoint (or that have none). */
export async function headsAheadOfCheckpoints(
  db: Queryable,
  limit: number,
): Promise<(AuditHead & { chain: string })[]> {
  const rows = await db.query<AuditHead & { chain: string }>(
    `SELECT h.chain, h.last_id AS "lastId", h.last_hash AS "lastHash", h.entries, h.signature
     FROM audit_heads h
     WHERE h.last_id > coalesce(
       (SELECT max(c.last_id) FROM audit_checkpoints c WHERE c.chain = h.chain), 0)
     ORDER BY h.chain LIMIT $1`,
    [limit],
  );
  return rows.map((h) => ({ ...h, lastId: Number(h.lastId), entries: Number(h.entries) }));
}

/** A signed checkpoint of a chain: its head at some moment (services/audit_chain.ts). */
export interface StoredCheckpoint {
  chain: string;
  lastId: number;
  lastHash: string;
  entries: number;
  at: string;
  keyId: string;
  signature: string;
  /** The legacy cut-off it was signed under (absent on checkpoints before migration 016). */
  legacyMaxId?: number;
}

/** Stores a checkpoint row (inside the caller's transaction). */
export async function insertCheckpoint(tx: Queryable, c: StoredCheckpoint): Promise<void> {
  await tx.query(
    `INSERT INTO audit_checkpoints (chain, last_id, last_hash, entries, at, key_id, signature,
       legacy_max_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [c.chain, c.lastId, c.lastHash, c.entries, c.at, c.keyId, c.signature, c.legacyMaxId ?? null],
  );
}

/** The stored checkpoints of a chain, newest first (at most `limit`). */
export async function checkpointsOf(
  db: Queryable,
  chain: string,
  limit: number,
): Promise<StoredCheckpoint[]> {
  const rows = await db.query<
    Omit<StoredCheckpoint, "legacyMaxId"> & { legacyMaxId: number | null }
  >(
    `SELECT chain, last_id AS "lastId", last_hash AS "lastHash", entries, at,
       key_id AS "keyId", signature, legacy_max_id AS "legacyMaxId"
     FROM audit_checkpoints WHERE chain = $1 ORDER BY last_id DESC LIMIT $2`,
    [chain, limit],
  );
  return rows.map(({ legacyMaxId, ...r }) => ({
    ...r,
    lastId: Number(r.lastId),
    entries: Number(r.entries),
    ...(legacyMaxId === null ? {} : { legacyMaxId: Number(legacyMaxId) }),
  }));
}

const rowColumns = `id, at, org_id AS "orgId", actor_id AS "actorId", actor, action, resource,
  resource_id AS "resourceId", request_id AS "requestId", outcome, prev_hash AS "prevHash", hash,
  hash_version AS "hashVersion"`;

/** Up to `limit` rows of a chain after id `afterId`, in id order (for verification). */
export function auditRowsAfter(
  db: Queryable,
  chain: string,
  afterId: number,
  limit: number,
): Promise<AuditRow[]> {
  return db.query<AuditRow>(
    `SELECT ${rowColumns} FROM audit_log WHERE chain = $1 AND id > $2 ORDER BY id LIMIT $3`,
    [chain, afterId, limit],
  );
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
