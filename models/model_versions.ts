/**
 * Rows of `model_versions`: each trained model's window, feature spec, metrics, ONNX artifact and
 * its SHA-256 (ml/registry.ts keeps the rules). A version is global (`org_id` NULL) or belongs to
 * one organisation; a partial unique index allows one active version per scope (migration 012).
 */
import type { Db, Queryable } from "../infra/db.ts";

export interface ModelVersion {
  version: string;
  /** The organisation the version belongs to; null for the global model. */
  orgId: string | null;
  createdAt: Date;
  dataFrom: Date | null;
  dataTo: Date | null;
  metrics: Record<string, unknown>;
  artifactSha256: string;
  active: boolean;
  activatedAt: Date | null;
  activatedBy: string | null;
  /** Hospitals (uuids) an organisation's version serves; null for the global model. */
  hospitalIds: string[] | null;
}

const COLUMNS = `version, org_id AS "orgId", created_at AS "createdAt", data_from AS "dataFrom",
  data_to AS "dataTo", metrics, artifact_sha256 AS "artifactSha256", active,
  activated_at AS "activatedAt", activated_by AS "activatedBy", hospital_ids AS "hospitalIds"`;

/** Stores a new, inactive version (global unless orgId is given). */
export async function insertModelVersion(db: Queryable, v: {
  version: string;
  orgId?: string | null;
  hospitalIds?: string[] | null;
  dataFrom: Date;
  dataTo: Date;
  spec: unknown;
  metrics: unknown;
  artifact: Uint8Array;
  sha256: string;
}): Promise<void> {
  await db.query(
    `INSERT INTO model_versions (version, data_from, data_to, feature_spec, metrics, artifact,
       artifact_sha256, org_id, hospital_ids)
     VALUES ($1, $2, $3, $4::text::jsonb, $5::text::jsonb, $6, $7, $8, $9::uuid[])`,
    [
      v.version,
      v.dataFrom,
      v.dataTo,
      JSON.stringify(v.spec),
      JSON.stringify(v.metrics),
      v.artifact,
      v.sha256,
      v.orgId ?? null,
      v.hospitalIds ?? null,
    ],
  );
}

/** Serialises activations (readers do not wait): two at once would collide on the index. */
async function lockActivations(tx: Queryable) {
  await tx.query("LOCK TABLE model_versions IN SHARE ROW EXCLUSIVE MODE");
}

async function activate(
  tx: Queryable,
  orgId: string | null,
  version: string,
  by: string,
): Promise<boolean> {
  await lockActivations(tx);
  const [target] = await tx.query(
    "SELECT 1 FROM model_versions WHERE version = $1 AND org_id IS NOT DISTINCT FROM $2",
    [version, orgId],
  );
  if (!target) return false;
  await tx.query(
    `UPDATE model_versions SET active = false
     WHERE active AND version <> $1 AND org_id IS NOT DISTINCT FROM $2`,
    [version, orgId],
  );
  await tx.query(
    `UPDATE model_versions SET active = true, activated_at = now(), activated_by = $2
     WHERE version = $1`,
    [version, by],
  );
  return true;
}

/**
 * Makes one version the only active one of its scope (the global model, or one organisation's)
 * in one transaction (its own when given a Db; the caller's otherwise). False, with nothing
 * changed, when the scope has no such version.
 */
export async function activateModelVersion(
  db: Db | Queryable,
  version: string,
  by: string,
  orgId: string | null = null,
): Promise<boolean> {
  const run = (tx: Queryable) => activate(tx, orgId, version, by);
  return "transaction" in db ? await db.transaction(run) : await run(db);
}

/** Deactivates an organisation's versions (it falls back to the global model); true if one was. */
export async function deactivateOrgModels(tx: Queryable, orgId: string): Promise<boolean> {
  await lockActivations(tx);
  const rows = await tx.query(
    "UPDATE model_versions SET active = false WHERE active AND org_id = $1 RETURNING version",
    [orgId],
  );
  return rows.length > 0;
}

/**
 * Versions newest first, without artifacts: the global ones, plus the organisation's own when
 * orgId is given (never another organisation's).
 */
export function listModelVersions(db: Queryable, orgId: string | null = null) {
  return db.query<ModelVersion>(
    `SELECT ${COLUMNS} FROM model_versions WHERE org_id IS NULL OR org_id = $1
     ORDER BY created_at DESC, id DESC`,
    [orgId],
  );
}

/** One version of a scope (an organisation's own, or the global ones when orgId is null). */
export async function getModelVersion(
  db: Queryable,
  version: string,
  orgId: string | null,
): Promise<ModelVersion | null> {
  const [row] = await db.query<ModelVersion>(
    `SELECT ${COLUMNS} FROM model_versions
     WHERE version = $1 AND org_id IS NOT DISTINCT FROM $2`,
    [version, orgId],
  );
  return row ?? null;
}

/** The active version of a scope (global when orgId is null): name, hash, hospitals; or null. */
export async function activeModelVersion(
  db: Queryable,
  orgId: string | null = null,
): Promise<{ version: string; sha: string; hospitalIds: string[] | null } | null> {
  const [head] = await db.query<{ version: string; sha: string; hospitalIds: string[] | null }>(
    `SELECT version, artifact_sha256 AS sha, hospital_ids AS "hospitalIds" FROM model_versions
     WHERE active AND org_id IS NOT DISTINCT FROM $1`,
    [orgId],
  );
  return head ?? null;
}

/** A version's feature spec (JSON, or its text) and ONNX artifact, or null. */
export async function modelArtifact(
  db: Queryable,
  version: string,
): Promise<{ spec: unknown; artifact: Uint8Array } | null> {
  const [row] = await db.query<{ spec: unknown; artifact: Uint8Array }>(
    "SELECT feature_spec AS spec, artifact FROM model_versions WHERE version = $1",
    [version],
  );
  return row ?? null;
}

/** True when the version is registered. */
export async function modelVersionExists(db: Queryable, version: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM model_versions WHERE version = $1", [version]);
  return rows.length > 0;
}

/** Sets the hospitals (uuids) an organisation's version serves; false when it is not the org's. */
export async function setModelHospitals(
  db: Queryable,
  version: string,
  orgId: string,
  hospitalIds: readonly string[],
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE model_versions SET hospital_ids = $3::uuid[] WHERE version = $1 AND org_id = $2
     RETURNING version`,
    [version, orgId, [...hospitalIds]],
  );
  return rows.length > 0;
}
