/**
 * Model registry over model_versions: each version keeps its data window, feature spec, metrics,
 * ONNX artifact and its SHA-256, and who activated it. Exactly one version is active; it serves.
 * A fresh database gets the bundled demo model (ml/artifacts/, trained on the simulated demo
 * region by `deno task train --simulate 365 --out ml/artifacts`) so forecasts work from the start.
 */
import type { Queryable } from "../infra/db.ts";
import { log } from "../infra/log.ts";
import type { FeatureSpec } from "./features.ts";

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

export interface ActiveModel {
  version: string;
  spec: FeatureSpec;
  artifact: Uint8Array;
  sha256: string;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Stores a new (inactive) version and returns the artifact's SHA-256. */
export async function registerVersion(db: Queryable, v: {
  version: string;
  dataFrom: Date;
  dataTo: Date;
  spec: FeatureSpec;
  metrics: unknown;
  artifact: Uint8Array;
}): Promise<string> {
  const sha = await sha256Hex(v.artifact);
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
      sha,
    ],
  );
  return sha;
}

/** Makes one version the active one (the previous active version is deactivated). */
export async function activateVersion(db: Queryable, version: string, by: string): Promise<void> {
  await db.query("UPDATE model_versions SET active = false WHERE active AND version <> $1", [
    version,
  ]);
  const rows = await db.query(
    `UPDATE model_versions SET active = true, activated_at = now(), activated_by = $2
     WHERE version = $1 RETURNING version`,
    [version, by],
  );
  if (!rows.length) throw new Error(`no model version ${version}`);
}

/** All versions, newest first, without artifacts. */
export function listVersions(db: Queryable): Promise<ModelVersion[]> {
  return db.query<ModelVersion>(
    `SELECT version, created_at AS "createdAt", data_from AS "dataFrom", data_to AS "dataTo",
       metrics, artifact_sha256 AS "artifactSha256", active, activated_at AS "activatedAt",
       activated_by AS "activatedBy"
     FROM model_versions ORDER BY created_at DESC, id DESC`,
  );
}

const cache = new WeakMap<object, ActiveModel>();

/** The active version with its artifact (cached per database until the active sha changes). */
export async function activeModel(db: Queryable): Promise<ActiveModel | null> {
  const [head] = await db.query<{ version: string; sha: string }>(
    "SELECT version, artifact_sha256 AS sha FROM model_versions WHERE active",
  );
  if (!head) return null;
  const hit = cache.get(db);
  if (hit && hit.sha256 === head.sha && hit.version === head.version) return hit;
  const [row] = await db.query<{ spec: FeatureSpec | string; artifact: Uint8Array }>(
    "SELECT feature_spec AS spec, artifact FROM model_versions WHERE version = $1",
    [head.version],
  );
  if (!row) return null;
  const model: ActiveModel = {
    version: head.version,
    spec: typeof row.spec === "string" ? JSON.parse(row.spec) : row.spec,
    artifact: new Uint8Array(row.artifact),
    sha256: head.sha,
  };
  cache.set(db, model);
  return model;
}

export const BUNDLED_VERSION = "demo-bundled-1";
const BUNDLED_DIR = new URL("./artifacts/", import.meta.url);

/** The active model, registering and activating the bundled demo model if none is active. */
export async function ensureActiveModel(db: Queryable): Promise<ActiveModel> {
  const active = await activeModel(db);
  if (active) return active;
  const artifact = await Deno.readFile(new URL("model.onnx", BUNDLED_DIR));
  const meta = JSON.parse(await Deno.readTextFile(new URL("model.json", BUNDLED_DIR)));
  const [known] = await db.query("SELECT 1 FROM model_versions WHERE version = $1", [
    BUNDLED_VERSION,
  ]);
  if (!known) {
    await registerVersion(db, {
      version: BUNDLED_VERSION,
      dataFrom: new Date(meta.report.data.from),
      dataTo: new Date(meta.report.data.trainTo),
      spec: meta.spec,
      metrics: meta.report,
      artifact,
    }).catch((err) => log.warn("bundled model already registered", { error: String(err) }));
  }
  // Another instance may have activated a version meanwhile; only take over when none is active.
  const [any] = await db.query("SELECT 1 FROM model_versions WHERE active");
  if (!any) {
    await activateVersion(db, BUNDLED_VERSION, "system (bundled demo model)").catch(() => {});
    log.info("activated the bundled demo model", { version: BUNDLED_VERSION });
  }
  const now = await activeModel(db);
  if (!now) throw new Error("no active model and the bundled model could not be activated");
  return now;
}
