/**
 * The audit chain's keys and anchors. Someone with the database's owner rights can disable the
 * append-only trigger, edit a row and recompute every later plain SHA-256, or delete the newest
 * rows and rewind `audit_heads`. Two things stop that:
 * - Keyed hashes (version 2): hash = HMAC-SHA256(AUDIT_KEY, prev_hash + canonical row), and
 *   the head row is signed the same way. AUDIT_KEY lives outside the database
 *   (lib/auth/secrets.ts), so a rewritten chain or head cannot be re-signed.
 * - Checkpoints outside the table: a signed (chain, last id, last hash, entries) is written to
 *   the log and returned by every verify, and kept in `audit_checkpoints` every 100 entries.
 *   A later verify fails when the chain no longer contains a checkpoint it is given or holds:
 *   deleting the newest rows (and replaying an old signed head) is found by the checkpoints
 *   taken after them — those in the log and in callers' hands survive a database admin.
 * Rows written before the upgrade (version 1, plain SHA-256) still verify as they are; a
 * version 1 row after `audit_legacy.max_id` (set by migration 010) is a downgrade and fails.
 * That cut-off is signed too (issue 21: raising it let rewritten rows pass as legacy), and every
 * checkpoint names the cut-off it was signed under.
 */
import type { Queryable } from "../infra/db.ts";
import { checkpointsOf, insertCheckpoint } from "../models/audit.ts";

export const HASH_VERSION = 2;
/** A checkpoint row is stored every this many entries of a chain. */
export const CHECKPOINT_EVERY = 100;

let key: CryptoKey | null = null;
let keyId = "";

const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

/** Installs the audit key (lib/runtime.ts at start-up, from AUDIT_KEY or the secrets file). */
export async function configureAuditKey(secret: string) {
  const raw = new TextEncoder().encode(secret);
  key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  keyId = hex(await crypto.subtle.digest("SHA-256", raw)).slice(0, 12);
}

/** The hex HMAC-SHA256 of text under the audit key. */
export async function keyedHash(text: string): Promise<string> {
  if (!key) throw new Error("audit key not configured (lib/runtime.ts openServices sets it)");
  return hex(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text)));
}

/** The plain SHA-256 of rows written before issue 10 (version 1). */
export async function legacyHash(text: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

export interface Head {
  chain: string;
  lastId: number;
  lastHash: string;
  entries: number;
}

const headText = (h: Head) => JSON.stringify(["head", h.chain, h.lastId, h.lastHash, h.entries]);

/** The signature of a chain head (kept in audit_heads.signature). */
export const signHead = (h: Head) => keyedHash(headText(h));

/** The signature of the legacy cut-off (kept in audit_legacy.signature). */
export const signLegacyCutoff = (maxId: number) => keyedHash(JSON.stringify(["legacy", maxId]));

/** A signed statement that a chain held `entries` rows ending in (lastId, lastHash) at `at`. */
export interface Checkpoint extends Head {
  at: string;
  keyId: string;
  signature: string;
  /** The legacy cut-off in force when it was signed (absent before migration 016). */
  legacyMaxId?: number;
}

const checkpointText = (c: Omit<Checkpoint, "signature">) =>
  JSON.stringify([
    "checkpoint",
    c.chain,
    c.lastId,
    c.lastHash,
    c.entries,
    c.at,
    c.keyId,
    ...(c.legacyMaxId === undefined ? [] : [c.legacyMaxId]),
  ]);

/** Signs a head, under the legacy cut-off in force, as a checkpoint. */
export async function makeCheckpoint(
  h: Head,
  legacyMaxId: number,
  at = new Date(),
): Promise<Checkpoint> {
  const c = { ...h, at: at.toISOString(), keyId, legacyMaxId };
  return { ...c, signature: await keyedHash(checkpointText(c)) };
}

/** True when a checkpoint was signed with this deployment's audit key. */
export async function checkpointValid(c: Checkpoint): Promise<boolean> {
  return c.keyId === keyId && await keyedHash(checkpointText(c)) === c.signature;
}

/** A checkpoint as one opaque URL-safe token (`GET /api/audit/verify?checkpoint=`). */
export function checkpointToken(c: Checkpoint): string {
  const { chain, lastId, lastHash, entries, at, keyId, signature, legacyMaxId } = c;
  const plain = { chain, lastId, lastHash, entries, at, keyId, signature, legacyMaxId };
  return btoa(JSON.stringify(plain)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Parses a checkpoint token, or null when it is not one. */
export function parseCheckpointToken(token: string): Checkpoint | null {
  try {
    const c = JSON.parse(atob(token.replaceAll("-", "+").replaceAll("_", "/")));
    const ok = typeof c === "object" && c !== null && typeof c.chain === "string" &&
      Number.isSafeInteger(c.lastId) && typeof c.lastHash === "string" &&
      Number.isSafeInteger(c.entries) && typeof c.at === "string" &&
      typeof c.keyId === "string" && typeof c.signature === "string" &&
      (c.legacyMaxId === undefined || Number.isSafeInteger(c.legacyMaxId));
    return ok ? c as Checkpoint : null;
  } catch {
    return null;
  }
}

/** Stores a checkpoint row (inside the caller's transaction; services/audit_export.ts exports). */
export async function storeCheckpoint(tx: Queryable, c: Checkpoint) {
  await insertCheckpoint(tx, c);
}

/** The stored checkpoints of a chain, newest first (at most `limit`). */
export function storedCheckpoints(db: Queryable, chain: string, limit = 50): Promise<Checkpoint[]> {
  return checkpointsOf(db, chain, limit);
}
