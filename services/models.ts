/**
 * An organisation's models: what serves it, its versions with their backtests, and activating
 * one (or going back to an earlier one, or to the global model). Activation is audited inside its
 * transaction and asks for a refresh, so that the organisation's stored forecasts follow within
 * seconds; other organisations keep theirs.
 */
import { HttpError, notFound } from "../framework/http_error.ts";
import type { Queryable } from "../infra/db.ts";
import {
  activateModelVersion,
  activeModelVersion,
  deactivateOrgModels,
  getModelVersion,
  type ModelVersion,
  setModelHospitals,
} from "../models/model_versions.ts";
import { listHospitals } from "../models/hospitals.ts";
import { listTrainingRuns, type TrainingRun } from "../models/training_runs.ts";
import { backtestSummary } from "../ml/report.ts";
import { listVersions } from "../ml/registry.ts";
import { MIN_ORG_TRAINING_DAYS, orgHistoryDays } from "../ml/org_dataset.ts";
import { auditChange } from "./audit.ts";
import { ownDataError } from "./model_errors.ts";
import type { Actor, Deps } from "./actor.ts";
import { changed } from "./changes.ts";
import { requestRefresh } from "./refresh.ts";

const iso = (d: Date | null) => d && new Date(d).toISOString();

/** A version as the API and the admin page show it. */
export function versionJson(v: ModelVersion, serving: boolean, codes: Map<string, string>) {
  return {
    version: v.version,
    scope: v.orgId ? "organisation" as const : "global" as const,
    createdAt: new Date(v.createdAt).toISOString(),
    dataFrom: iso(v.dataFrom),
    dataTo: iso(v.dataTo),
    metrics: v.metrics,
    artifactSha256: v.artifactSha256,
    active: v.active,
    serving,
    activatedAt: iso(v.activatedAt),
    activatedBy: v.activatedBy,
    hospitals: v.hospitalIds?.map((id) => codes.get(id) ?? id) ?? null,
    backtest: backtestSummary(v.metrics),
  };
}

/** A training run as the API and the admin page show it (with its version's backtest). */
export function runJson(run: TrainingRun, version?: ModelVersion | null) {
  return {
    id: run.id,
    status: run.status,
    stage: run.stage,
    progress: Math.round(run.progress),
    fast: run.options.fast === true,
    requestedBy: run.requestedBy,
    createdAt: new Date(run.createdAt).toISOString(),
    startedAt: iso(run.startedAt),
    updatedAt: new Date(run.updatedAt).toISOString(),
    finishedAt: iso(run.finishedAt),
    version: run.version,
    error: run.error,
    backtest: version ? backtestSummary(version.metrics) : null,
  };
}

/**
 * Everything about the organisation's models: which version serves it (its own or the global),
 * every version with its backtest, each hospital's history and model, the latest runs.
 */
export async function modelsOverview(db: Queryable, orgId: string) {
  const [versions, own, history, runs, hospitals] = await Promise.all([
    listVersions(db, orgId),
    activeModelVersion(db, orgId),
    orgHistoryDays(db, orgId),
    listTrainingRuns(db, orgId, 5),
    listHospitals(db, orgId),
  ]);
  const codes = new Map(hospitals.map((h) => [h.id, h.code]));
  const global = versions.find((v) => v.active && !v.orgId) ?? null;
  const mine = own ? versions.find((v) => v.version === own.version) ?? null : null;
  const byVersion = new Map(versions.map((v) => [v.version, v]));
  // The global model serves the hospitals the organisation's own model was not trained on.
  const globalServes = !mine || hospitals.some((h) => !mine.hospitalIds?.includes(h.id));
  return {
    /** The version that forecasts the organisation's trained hospitals (else the global one). */
    active: mine?.version ?? global?.version ?? null,
    organisation: mine?.version ?? null,
    global: global?.version ?? null,
    minHistoryDays: MIN_ORG_TRAINING_DAYS,
    hospitals: history.map((h) => ({
      id: h.hospital.code,
      name: h.hospital.name,
      historyDays: Math.round(h.days * 10) / 10,
      model: mine?.hospitalIds?.includes(h.hospital.id) ? mine.version : global?.version ?? null,
      /** The serving model's error on this hospital's own data beside the others'. */
      ownDataError: ownDataError(versions, h.hospital.id, own),
    })),
    versions: versions.map((v) =>
      versionJson(v, v === mine || (v === global && globalServes), codes)
    ),
    runs: runs.map((r) => runJson(r, r.version ? byVersion.get(r.version) : null)),
  };
}

function notBetter(v: ModelVersion) {
  const b = backtestSummary(v.metrics);
  const f = (x: number | null | undefined) => x === null || x === undefined ? "–" : x.toFixed(3);
  const strongest = b?.strongestBaseline;
  return new HttpError(
    409,
    "not_better_than_baselines",
    `version ${v.version} does not beat the strongest baseline on its backtest (MASE ` +
      `${f(b?.mase)} against ${f(strongest?.mase ?? b?.baselines.poissonGlm.mase)}); ` +
      "it cannot be activated",
    [
      {
        path: "backtest.seasonalNaive",
        message: `MASE ${f(b?.mase)} vs 1.000, pinball ${f(b?.pinball)} vs ` +
          `${f(b?.baselines.seasonalNaive.pinball)}`,
      },
      {
        path: "backtest.poissonGlm",
        message: `MASE ${f(b?.mase)} vs calendar GLM ${f(b?.baselines.poissonGlm.mase)}, ` +
          `pinball ${f(b?.pinball)} vs ${f(b?.baselines.poissonGlm.pinball)}`,
      },
    ],
  );
}

/**
 * Makes a version serve the organisation: one of its own (also an earlier one — a rollback),
 * which must beat the strongest baseline (seasonal naive, the calendar GLM) on its backtest; or the global model's
 * active version, which makes the organisation use the global model again.
 */
export async function activateOrgModel(
  deps: Deps,
  who: Actor & { orgId: string },
  version: string,
) {
  const out = await deps.db.transaction(async (tx) => {
    const previous = (await activeModelVersion(tx, who.orgId))?.version ?? null;
    const own = await getModelVersion(tx, version, who.orgId);
    let scope: "organisation" | "global";
    if (own) {
      if (backtestSummary(own.metrics)?.activatable !== true) throw notBetter(own);
      // By hand, a version serves every hospital it was trained on (the automatic selection
      // may have narrowed it to those where it beat the global model).
      const trained = (own.metrics as { trainedHospitalIds?: string[] }).trainedHospitalIds;
      if (trained?.length) await setModelHospitals(tx, version, who.orgId, trained);
      await activateModelVersion(tx, version, who.actor, who.orgId);
      scope = "organisation";
    } else {
      const global = await getModelVersion(tx, version, null);
      if (!global) throw notFound("model version");
      if (!global.active) {
        throw new HttpError(
          409,
          "not_active_globally",
          `${version} is not the global model's active version; an organisation may use the ` +
            "global model (its active version) or one of its own",
        );
      }
      await deactivateOrgModels(tx, who.orgId);
      scope = "global";
    }
    await auditChange(tx, who, "activate", "models", version);
    await requestRefresh(tx, who.orgId, "model");
    return { active: version, scope, previous };
  });
  await changed(deps.cache, who.orgId, { type: "model", data: out });
  return out;
}
