/**
 * The best available model serves each hospital (issue 16): after an organisation's model is
 * trained, every candidate — the organisation's new model (its neural ensemble, or its calendar
 * GLM when that scored better), the global model, the organisation's model serving today, the
 * calendar GLM and seasonal naive — has been backtested on each hospital's own recent history
 * (ml/train.ts `perHospital`, the same points for all). The new model serves the hospitals where
 * it beats the global model, and is activated without anyone asking when it passes the gate
 * (a lower MASE than the strongest baseline on the organisation's backtest) and beats what serves
 * at least one hospital today. Activation by hand stays possible (services/models.ts).
 */
import type { Queryable } from "../infra/db.ts";
import {
  activateModelVersion,
  activeModelVersion,
  setModelHospitals,
} from "../models/model_versions.ts";
import { auditChange } from "./audit.ts";
import { systemActor } from "./actor.ts";
import { requestRefresh } from "./refresh.ts";

/** One candidate's figures on one hospital's own backtest. */
export interface OwnFigures {
  mase: number | null;
  mae: number | null;
  dailyMape: number | null;
  days?: number;
  points?: number;
}

/** What a trained version's report holds for selection (ml/report.ts). */
export interface SelectionReport {
  checks?: { beatsStrongestBaseline?: boolean; beatsSeasonalNaive?: boolean };
  served?: { kind: "ensemble" | "calendarGlm" } | null;
  perHospital?: Record<string, Record<string, OwnFigures>>;
}

/** The metrics key of the served fit's own figures in `perHospital`. */
export function servedKey(r: SelectionReport): "model" | "poissonGlm" {
  return r.served?.kind === "calendarGlm" ? "poissonGlm" : "model";
}

const better = (a: OwnFigures | undefined, b: OwnFigures | undefined) =>
  typeof a?.mase === "number" && (typeof b?.mase !== "number" || a.mase < b.mase);

/**
 * Which hospitals the new version should serve, and whether it improves on what serves today.
 * `serves`: the trained hospitals where it beats the global model on their own backtest (the
 * global model serves the others); `improves`: those where it also beats the model serving them
 * today (the organisation's current model where that serves, else the global one).
 */
export function chooseHospitals(
  r: SelectionReport,
  trained: readonly string[],
  currentServes: ReadonlySet<string>,
): { serves: string[]; improves: string[]; gate: boolean } {
  const key = servedKey(r);
  const gate = r.checks?.beatsStrongestBaseline === true && r.checks?.beatsSeasonalNaive === true;
  const serves: string[] = [], improves: string[] = [];
  for (const id of trained) {
    const own = r.perHospital?.[id];
    if (!own?.[key]) continue;
    if (!better(own[key], own.global)) continue;
    serves.push(id);
    const today = currentServes.has(id) ? own.current : own.global;
    if (better(own[key], today)) improves.push(id);
  }
  return { serves, improves, gate };
}

/**
 * Applies the choice inside the caller's transaction: activates the version for the hospitals it
 * serves (audited as the system, with a refresh so forecasts follow), or leaves everything as is.
 * Returns the hospitals it now serves (empty: not activated).
 */
export async function selectServingModel(
  tx: Queryable,
  orgId: string,
  version: string,
  report: SelectionReport,
  trained: readonly string[],
): Promise<{ activated: boolean; serves: string[]; reason: string; previous: string | null }> {
  const current = await activeModelVersion(tx, orgId);
  const previous = current?.version ?? null;
  const currentServes = new Set(current?.hospitalIds ?? []);
  const { serves, improves, gate } = chooseHospitals(report, trained, currentServes);
  if (!gate) {
    return {
      activated: false,
      serves: [],
      reason: "it does not beat the strongest baseline on its backtest",
      previous,
    };
  }
  if (!improves.length) {
    return {
      activated: false,
      serves: [],
      reason: "it does not beat the model serving any hospital today on that hospital's data",
      previous,
    };
  }
  await setModelHospitals(tx, version, orgId, serves);
  await activateModelVersion(tx, version, "system (best on the hospitals' own data)", orgId);
  await auditChange(
    tx,
    systemActor(orgId, "model selection (best on own data)"),
    "activate",
    "models",
    version,
  );
  await requestRefresh(tx, orgId, "model");
  return {
    activated: true,
    serves,
    reason: `it beats the serving model on ${improves.length} hospital(s)`,
    previous,
  };
}
