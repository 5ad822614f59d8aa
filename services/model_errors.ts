/**
 * The serving model's error on one hospital's own data, next to the other candidates', in words
 * a manager reads (issue 16): from the per-hospital backtest each organisation training stores
 * (ml/report.ts `perHospital`). Shown on the hospital page and on /admin/models.
 */
import type { Queryable } from "../infra/db.ts";
import type { ModelVersion } from "../models/model_versions.ts";
import { activeModelVersion } from "../models/model_versions.ts";
import { listVersions } from "../ml/registry.ts";
import { type OwnFigures, type SelectionReport, servedKey } from "./model_selection.ts";

export interface OwnDataRow {
  key: string;
  label: string;
  /** Mean absolute error of a day's total, as a share of it (0.051 = 5.1 %). */
  dailyMape: number | null;
  /** Mean absolute error per hour, arrivals. */
  mae: number | null;
  serving: boolean;
}

export interface OwnDataError {
  /** The version whose report holds the figures. */
  measuredBy: string;
  from: string | null;
  to: string | null;
  rows: OwnDataRow[];
  /** One plain sentence: the serving model's error, then the others'. */
  summary: string;
}

const LABELS: Record<string, string> = {
  model: "your organisation's model",
  calendar: "your organisation's calendar model",
  global: "the global model",
  current: "your organisation's previous model",
  poissonGlm: "a calendar model (weekday, hour, season, holidays)",
  seasonalNaive: "same hour last week",
};

const pct = (v: number | null) => v === null ? "–" : `${(v * 100).toFixed(1)} %`;
const perHour = (v: number | null) => v === null ? "" : ` (about ${v.toFixed(1)} arrivals an hour)`;
const day = (iso: string | null) => iso ? iso.slice(0, 10) : "?";

/**
 * The comparison for one hospital from the organisation's versions: figures from the version
 * that serves it (when it is the organisation's own) or else from the newest organisation
 * version that measured it (the global model then serves). Null when none measured it.
 */
export function ownDataError(
  versions: readonly ModelVersion[],
  hospitalId: string,
  orgActive: { version: string; hospitalIds: string[] | null } | null,
): OwnDataError | null {
  const figuresOf = (v: ModelVersion) =>
    (v.metrics as SelectionReport).perHospital?.[hospitalId] ?? null;
  const own = versions.filter((v) => v.orgId && figuresOf(v));
  const servingOwn = orgActive?.hospitalIds?.includes(hospitalId)
    ? own.find((v) => v.version === orgActive.version) ?? null
    : null;
  const source = servingOwn ?? own[0];
  if (!source) return null;
  const report = source.metrics as SelectionReport & {
    data?: { holdoutFrom?: string; holdoutTo?: string };
  };
  const figures = figuresOf(source)!;
  const ownKey = servedKey(report);
  const servingKey = servingOwn ? ownKey : "global";
  const num = (v: unknown) => typeof v === "number" && Number.isFinite(v) ? v : null;
  const row = (key: string, label: string, f: OwnFigures | undefined): OwnDataRow[] =>
    f
      ? [{ key, label, dailyMape: num(f.dailyMape), mae: num(f.mae), serving: key === servingKey }]
      : [];
  const rows = [
    ...row(ownKey, ownKey === "poissonGlm" ? LABELS.calendar : LABELS.model, figures[ownKey]),
    ...row("global", LABELS.global, figures.global),
    ...(servingOwn ? [] : row("current", LABELS.current, figures.current)),
    ...(ownKey === "poissonGlm" ? [] : row("poissonGlm", LABELS.poissonGlm, figures.poissonGlm)),
    ...row("seasonalNaive", LABELS.seasonalNaive, figures.seasonalNaive),
  ];
  rows.sort((a, b) => Number(b.serving) - Number(a.serving));
  const [first, ...others] = rows;
  const from = report.data?.holdoutFrom ?? null, to = report.data?.holdoutTo ?? null;
  const summary = first?.serving
    ? `On this hospital's own data (${day(from)} to ${day(to)}), the model in use — ` +
      `${first.label} — missed a day's total arrivals by ${pct(first.dailyMape)} on average` +
      `${perHour(first.mae)}. ` +
      (others.length
        ? `For comparison: ${others.map((r) => `${r.label} ${pct(r.dailyMape)}`).join("; ")}.`
        : "")
    : `The global model serves this hospital; it could not be measured on this hospital's data.`;
  return { measuredBy: source.version, from, to, rows, summary };
}

/** The comparison for one hospital of an organisation, from the database. */
export async function hospitalModelError(
  db: Queryable,
  orgId: string,
  hospitalId: string,
): Promise<OwnDataError | null> {
  const [versions, active] = await Promise.all([
    listVersions(db, orgId),
    activeModelVersion(db, orgId),
  ]);
  return ownDataError(versions, hospitalId, active);
}
