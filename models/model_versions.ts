/**
 * Rows of `model_versions`: each trained model's window, feature spec, metrics, ONNX artifact and
 * its SHA-256 (ml/registry.ts keeps the rules). A partial unique index allows one active version.
 */
import type { Db, Queryable } from "../infra/db.ts";

export interface ModelVersion {
  version: string;
  createdAt: Date;
  dataFrom: Date | null;
  dataTo: Date | null;
  metrics: Record<string, unknown>;
  artifactSha256: string;
  active: boolean;
  activatedAt: Date | null;
  activatedBy: string | null;
}

/** Stores a new, inactive version. */
export async function insertModelVersion(db: Queryable, v: {
  version: string;
  dataFrom: Date;
  dataTo: Date;
  spec: unknown;
  metrics: unknown;
  artifact: Uint8Array;
  sha256: string;
}): Promise<void> {
  await db.query(
    `INSERT INTO model_versions (version, data_from, data_to, feature_spec, metrics, artifact,
       artifact_sha256) VALUES ($1, $2, $3, $4::text::jsonb, $5::text::jsonb, $6, $7)`,
    [
      v.version,
      v.dataFrom,
      v.dataTo,
      JSON.stringify(v.spec),
      JSON.stringify(v.metrics),
      v.artifact,
      v.sha256,
    ],
  );
}

async function activate(tx: Queryable, version: string, by: string): Promise<boolean> {
  // Activations queue up behind each other (readers do not wait): two at once would each
  // deactivate the old version and then collide on the one-active index.
  await tx.query("LOCK TABLE model_versions IN SHARE ROW EXCLUSIVE MODE");
  await tx.query("UPDATE model_versions SET active = false WHERE active AND version <> $1", [
    version,
  ]);
  const rows = await tx.query(
    `UPDATE model_versions SET active = true, activated_at = now(), activated_by = $2
     WHERE version = $1 RETURNING version`,
    [version, by],
  );
  return rows.length > 0;
}

/**
 * Makes one version the only active one in one transaction (its own when given a Db; the
 * caller's otherwise). False, with nothing changed, when there is no such version.
 */
export async function activateModelVersion(
  db: Db | Queryable,
  version: string,
  by: string,
): Promise<boolean> {
  const missing = new Error("no such version");
  const run = async (tx: Queryable) => {
    if (!await activate(tx, version, by)) throw missing;
    return true;
  };
  try {
    return "transaction" in db ? await db.transaction(run) : await run(db);
  } catch (err) {
    if (err === missing) return false;
    throw err;
  }
}

/** All versions, newest first, without artifacts. */
export function listModelVersions(db: Queryable): Promise<ModelVersion[]> {
  return db.query<ModelVersion>(
    `SELECT version, created_at AS "createdAt", data_from AS "dataFrom", data_to AS "dataTo",
       metrics, artifact_sha256 AS "artifactSha256", active, activated_at AS "activatedAt",
       activated_by AS "activatedBy"
     FROM model_versions ORDER BY created_at DESC, id DESC`,
  );
}

/** The active version's name and artifact hash, or null. */
export async function activeModelVersion(
  db: Queryable,
): Promise<{ version: string; sha: string } | null> {
  const [head] = await db.query<{ version: string; sha: string }>(
    "SELECT version, artifact_sha256 AS sha FROM model_versions WHERE active",
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
