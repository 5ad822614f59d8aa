/**
 * Model registry over model_versions: each version keeps its data window, feature spec, metrics,
 * ONNX artifact and its SHA-256, and who activated it. One global version is active and serves
 * every organisation that has no active model of its own (or hospitals its model was not trained
 * on); an organisation's active version serves its trained hospitals.
 * A fresh database gets the bundled demo model (ml/artifacts/, trained on the simulated demo
 * region by `deno task train --simulate 365 --out ml/artifacts`) so forecasts work from the start.
 */
import type { Queryable } from "../infra/db.ts";
import { log } from "../infra/log.ts";
import {
  activateModelVersion,
  activeModelVersion,
  insertModelVersion,
  listModelVersions,
  modelArtifact,
  type ModelVersion,
  modelVersionExists,
} from "../models/model_versions.ts";
import { FEATURE_SPEC_VERSION, type FeatureSpec } from "./features.ts";

export type { ModelVersion };

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
  /** The organisation the version belongs to; global when absent. */
  orgId?: string | null;
  /** The hospitals an organisation's version serves (those it was trained and backtested on). */
  hospitalIds?: string[];
  dataFrom: Date;
  dataTo: Date;
  spec: FeatureSpec;
  metrics: unknown;
  artifact: Uint8Array;
}): Promise<string> {
  const sha = await sha256Hex(v.artifact);
  await insertModelVersion(db, { ...v, sha256: sha });
  return sha;
}

/**
 * Makes one global version the active one (the previous active version is deactivated), in one
 * transaction: an unknown version changes nothing. Organisations activate theirs through
 * services/models.ts (audited).
 */
export async function activateVersion(db: Queryable, version: string, by: string): Promise<void> {
  if (!await activateModelVersion(db, version, by)) {
    throw new Error(`no model version ${version}`);
  }
}

/** Global versions and the organisation's own, newest first, without artifacts. */
export function listVersions(db: Queryable, orgId: string | null = null): Promise<ModelVersion[]> {
  return listModelVersions(db, orgId);
}

/** Loaded artifacts by sha256; a handful of organisations' models stay in memory. */
const loaded = new Map<string, ActiveModel>();
const LOADED_MAX = 16;

async function load(
  db: Queryable,
  head: { version: string; sha: string },
): Promise<ActiveModel | null> {
  const hit = loaded.get(head.sha);
  if (hit && hit.version === head.version) return hit;
  const row = await modelArtifact(db, head.version);
  if (!row) return null;
  const model: ActiveModel = {
    version: head.version,
    spec: (typeof row.spec === "string" ? JSON.parse(row.spec) : row.spec) as FeatureSpec,
    artifact: new Uint8Array(row.artifact),
    sha256: head.sha,
  };
  loaded.delete(head.sha);
  loaded.set(head.sha, model);
  if (loaded.size > LOADED_MAX) loaded.delete(loaded.keys().next().value!);
  return model;
}

/** The active global version with its artifact (cached until the active sha changes). */
export async function activeModel(db: Queryable): Promise<ActiveModel | null> {
  const head = await activeModelVersion(db, null);
  return head ? await load(db, head) : null;
}

/** An organisation's active model and the hospitals it serves. */
export interface OrgModel extends ActiveModel {
  hospitalIds: string[];
}

/**
 * The models that serve an organisation: its own active version, if any and if built for
 * today's feature spec, for the hospitals it was trained on; the global model for the rest.
 */
export async function orgModels(
  db: Queryable,
  orgId: string,
): Promise<{ org: OrgModel | null; global: ActiveModel }> {
  const [head, global] = await Promise.all([
    activeModelVersion(db, orgId),
    globalModel(db),
  ]);
  const own = head ? await load(db, head) : null;
  if (own && own.spec.version !== FEATURE_SPEC_VERSION) {
    log.warn("organisation model uses an older feature spec; the global model serves", {
      orgId,
      version: own.version,
    });
    return { org: null, global };
  }
  return { org: own ? { ...own, hospitalIds: head!.hospitalIds ?? [] } : null, global };
}

/** The model that forecasts one hospital (a uuid) of the organisation. */
export function modelForHospital(
  models: { org: OrgModel | null; global: ActiveModel },
  hospitalId: string,
): ActiveModel {
  return models.org?.hospitalIds.includes(hospitalId) ? models.org : models.global;
}

/** Bumped with the feature spec: a database may still hold the older bundled model. */
export const BUNDLED_VERSION = "demo-bundled-3";
const BUNDLED_DIR = new URL("./artifacts/", import.meta.url);

let bundled:
  | Promise<{ model: ActiveModel; meta: { report: { data: { from: string; trainTo: string } } } }>
  | undefined;

/** The bundled demo model from disk (read once per process). */
function bundledModel() {
  bundled ??= (async () => {
    const artifact = await Deno.readFile(new URL("model.onnx", BUNDLED_DIR));
    const meta = JSON.parse(await Deno.readTextFile(new URL("model.json", BUNDLED_DIR)));
    const model: ActiveModel = {
      version: BUNDLED_VERSION,
      spec: meta.spec,
      artifact,
      sha256: await sha256Hex(artifact),
    };
    return { model, meta };
  })();
  bundled.catch(() => bundled = undefined);
  return bundled;
}

/**
 * The global model that serves, without writing anything (the read path: forecasts, the
 * organisation's models): the active global version when it is built for today's feature spec,
 * else the bundled demo model read from disk. ensureActiveModel (at start-up) is what registers
 * and activates the bundled model in the database.
 */
export async function globalModel(db: Queryable): Promise<ActiveModel> {
  const active = await activeModel(db);
  if (active && active.spec.version === FEATURE_SPEC_VERSION) return active;
  if (active) {
    log.warn("active model uses an older feature spec; the bundled model serves", {
      version: active.version,
    });
  }
  return (await bundledModel()).model;
}

/**
 * Start-up (lib/runtime.ts) and tests: registers the bundled demo model if it is missing and
 * activates it when no global version is active or the active one was built for an older
 * feature spec (it cannot be fed by today's features). A failed activation is an error, unless
 * another instance activated a usable version meanwhile; success is logged only when it happened.
 */
export async function ensureActiveModel(db: Queryable): Promise<ActiveModel> {
  const active = await activeModel(db);
  if (active && active.spec.version === FEATURE_SPEC_VERSION) return active;
  if (active) {
    log.warn("active model uses an older feature spec; activating the bundled model", {
      version: active.version,
    });
  }
  const { model, meta } = await bundledModel();
  if (!await modelVersionExists(db, BUNDLED_VERSION)) {
    try {
      await registerVersion(db, {
        version: BUNDLED_VERSION,
        dataFrom: new Date(meta.report.data.from),
        dataTo: new Date(meta.report.data.trainTo),
        spec: model.spec,
        metrics: meta.report,
        artifact: model.artifact,
      });
    } catch (err) {
      // Another instance may have registered it at the same moment; anything else is an error.
      if (!await modelVersionExists(db, BUNDLED_VERSION)) throw err;
    }
  }
  // Another instance may have activated a version meanwhile; only take over when none is active
  // (or the active one is outdated).
  const head = await activeModel(db);
  if (!head || head.spec.version !== FEATURE_SPEC_VERSION) {
    try {
      await activateVersion(db, BUNDLED_VERSION, "system (bundled demo model)");
      log.info("activated the bundled demo model", { version: BUNDLED_VERSION });
    } catch (err) {
      const now = await activeModel(db);
      if (!now || now.spec.version !== FEATURE_SPEC_VERSION) {
        throw new Error(`the bundled model could not be activated: ${(err as Error).message}`);
      }
    }
  }
  const now = await activeModel(db);
  if (!now) throw new Error("no active model and the bundled model could not be activated");
  return now;
}
