/**
 * The training report: report.json (CONTRACT.md: {mase, pinball, coverage80, dailyMape,
 * baselines: {…}}) and report.html with inline SVG plots (backtest band vs actuals, calibration).
 */
import { HORIZON_HOURS } from "./features.ts";
import type { TrainOutcome } from "./train.ts";
import { strongestBaseline } from "./baselines.ts";

export interface ReportMeta {
  version: string;
  source: string;
  hospitals: string[];
  epochs: number;
  seed: number;
  trainSeconds: number;
}

/** The report.json object (also stored as the version's metrics). */
export function buildReport(o: TrainOutcome, meta: ReportMeta) {
  // The served fit's figures: the ensemble's, or the calendar GLM's when it serves.
  const servedKey = o.served === "calendarGlm" ? "poissonGlm" : "model";
  const m = o.metrics[servedKey];
  const pick = ({ mae, mase, pinball, coverage80, dailyMape, points, days }: typeof m) => ({
    mae,
    mase,
    pinball,
    coverage80,
    dailyMape,
    points,
    days,
  });
  const baselines = Object.fromEntries(
    ["seasonalNaive", "poissonGlm", "eventPpr", "noEventModel", "global", "current"]
      .filter((k) => o.metrics[k]).map((k) => [k, pick(o.metrics[k])]),
  );
  if (servedKey !== "model") baselines.ensemble = pick(o.metrics.model);
  const eventDay = Object.fromEntries(Object.entries(o.eventDay).map(([k, v]) => [k, pick(v)]));
  const slices = Object.fromEntries(
    Object.entries(o.slices).map(([slice, byModel]) => [
      slice,
      Object.fromEntries(Object.entries(byModel).map(([k, v]) => [k, pick(v)])),
    ]),
  );
  const glm = o.metrics.poissonGlm, naive = o.metrics.seasonalNaive;
  // The served fit's own backtest figures (the ensemble's, or the calendar GLM's when it serves).
  // A calendar GLM that serves is judged against the other baselines (it is one of them).
  const strongest = strongestBaseline(
    o.served === "calendarGlm" ? { seasonalNaive: naive } : o.metrics,
  );
  const checks = {
    beatsSeasonalNaive: m.mase < 1 && m.pinball < naive.pinball,
    beatsGlmBaseline: servedKey === "poissonGlm" || m.mase < glm.mase,
    /** The gate: a lower MASE than the strongest baseline on the same backtest points. */
    beatsStrongestBaseline: strongest ? m.mase < strongest.metrics.mase! : false,
    maseAtMost085: m.mase <= 0.85,
    coverage80Within075to085: m.coverage80 >= 0.75 && m.coverage80 <= 0.85,
    dailyMapeBelowSeasonalNaive: m.dailyMape < o.metrics.seasonalNaive.dailyMape,
    eventDaysBetterThanNoEventModel: o.eventDay.model.days === 0
      ? null
      : o.eventDay.model.dailyMape < o.eventDay.noEventModel.dailyMape &&
        o.eventDay.model.mae < o.eventDay.noEventModel.mae,
  };
  return {
    version: meta.version,
    createdAt: new Date().toISOString(),
    mase: m.mase,
    mae: m.mae,
    pinball: m.pinball,
    coverage80: m.coverage80,
    dailyMape: m.dailyMape,
    points: m.points,
    pinball48: o.slices.h48[servedKey].pinball,
    holidayMae: o.slices.holiday[servedKey].points ? o.slices.holiday[servedKey].mae : null,
    baselines,
    /** The strongest baseline (the gate): its metrics key and MASE. */
    strongestBaseline: strongest ? { key: strongest.key, mase: strongest.metrics.mase! } : null,
    /** Which fit serves (ensemble or calendar GLM) and the range the served fit was trained on. */
    served: {
      kind: o.served,
      trainFrom: o.dataFrom.toISOString(),
      trainTo: o.dataTo.toISOString(),
      validatedTrainTo: o.validated.dataTo.toISOString(),
      refitted: o.dataTo.getTime() > o.validated.dataTo.getTime(),
    },
    /** Per hospital id: every candidate's figures on that hospital's own backtest points. */
    perHospital: Object.fromEntries(
      o.hospitalIds.flatMap((id, i) => {
        const byModel = o.perHospital[i];
        return byModel
          ? [[id, Object.fromEntries(Object.entries(byModel).map(([k, v]) => [k, pick(v)]))]]
          : [];
      }),
    ),
    coverageByLocalHour: o.coverageByHour,
    eventDay,
    slices,
    calibration: { nominal: [0.1, 0.5, 0.9], observed: o.calibration },
    coverageByHorizonDay: o.coverageByDay,
    checks,
    data: {
      source: meta.source,
      hospitals: meta.hospitals,
      from: o.dataFrom.toISOString(),
      trainTo: o.dataTo.toISOString(),
      holdoutFrom: o.holdoutFrom.toISOString(),
      holdoutTo: o.holdoutTo.toISOString(),
      trainingRows: o.trainingRows,
      backtestOrigins: new Set(o.cases.map((c) => c.origin)).size,
    },
    training: {
      epochs: meta.epochs,
      bestEpoch: o.model.bestEpoch,
      seed: meta.seed,
      seconds: meta.trainSeconds,
      exportMaxAbsDiff: o.exportMaxDiff,
      ensemble: {
        nets: o.model.ensemble.nets.length,
        glmWeight: o.model.ensemble.glmWeight,
        dispersion: o.model.ensemble.dispersion,
        z: o.model.ensemble.z,
      },
    },
  };
}

export type TrainingReport = ReturnType<typeof buildReport>;

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const f2 = (x: number | null | undefined) => x === null || x === undefined ? "–" : x.toFixed(3);

/** Day-ahead (0–23 h) forecasts of one hospital, origin after origin, against actuals. */
function backtestSvg(o: TrainOutcome, hospital: number, name: string): string {
  const pred = o.predictions.model;
  const pts: { y: number; p10: number; p50: number; p90: number }[] = [];
  let last = -Infinity;
  o.cases.forEach((c, ci) => {
    if (c.hospital !== hospital || c.origin < last + 24) return;
    last = c.origin;
    for (let k = 0; k < 24; k++) {
      const i = (ci * HORIZON_HOURS + k) * 3;
      pts.push({ y: c.actual[k], p10: pred[i], p50: pred[i + 1], p90: pred[i + 2] });
    }
  });
  const w = 900, h = 260, pad = 30;
  const max = Math.max(1, ...pts.map((p) => Math.max(p.p90, Number.isFinite(p.y) ? p.y : 0)));
  const x = (i: number) => pad + (i / Math.max(1, pts.length - 1)) * (w - 2 * pad);
  const y = (v: number) => h - pad - (v / max) * (h - 2 * pad);
  const line = (get: (p: typeof pts[0]) => number) =>
    pts.map((p, i) => `${x(i).toFixed(1)},${y(get(p)).toFixed(1)}`).join(" ");
  const band = line((p) => p.p90) + " " +
    pts.map((p, i) => `${x(i).toFixed(1)},${y(p.p10).toFixed(1)}`).reverse().join(" ");
  return `<svg viewBox="0 0 ${w} ${h}" width="100%" role="img" aria-label="backtest ${esc(name)}">
<rect width="${w}" height="${h}" fill="#fff"/><polygon points="${band}" fill="#9ecae1" opacity="0.6"/>
<polyline points="${line((p) => p.p50)}" fill="none" stroke="#08519c" stroke-width="1.5"/>
<polyline points="${
    line((p) => Number.isFinite(p.y) ? p.y : 0)
  }" fill="none" stroke="#d94801" stroke-width="1"/>
<text x="${pad}" y="16" font-size="12">${
    esc(name)
  }: day-ahead p10–p90 band (blue), p50 (dark blue), actual (orange); max ${
    max.toFixed(0)
  }/h</text></svg>`;
}

function calibrationSvg(observed: number[], byDay: number[]): string {
  const s = 220, pad = 30;
  const px = (v: number) => pad + v * (s - 2 * pad),
    py = (v: number) => s - pad - v * (s - 2 * pad);
  const dots = [0.1, 0.5, 0.9].map((q, i) =>
    `<circle cx="${px(q)}" cy="${py(observed[i])}" r="4" fill="#08519c"/><text x="${
      px(q) + 6
    }" y="${py(observed[i])}" font-size="11">${observed[i].toFixed(2)}</text>`
  ).join("");
  const bars = byDay.map((c, i) =>
    `<rect x="${260 + i * 60}" y="${py(c)}" width="40" height="${
      py(0) - py(c)
    }" fill="#6baed6"/><text x="${260 + i * 60}" y="${py(c) - 4}" font-size="11">${
      c.toFixed(2)
    }</text><text x="${260 + i * 60}" y="${s - 12}" font-size="11">day ${i + 1}</text>`
  ).join("");
  return `<svg viewBox="0 0 460 ${s}" width="460" role="img" aria-label="calibration">
<rect width="460" height="${s}" fill="#fff"/><line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${
    py(1)
  }" stroke="#999" stroke-dasharray="4"/>
${dots}<line x1="250" y1="${py(0.8)}" x2="450" y2="${
    py(0.8)
  }" stroke="#d94801" stroke-dasharray="4"/>${bars}
<text x="${pad}" y="14" font-size="12">nominal vs observed quantile share; right: 80% coverage by horizon day</text></svg>`;
}

/** A self-contained HTML page with the figures and both plots. */
export function reportHtml(r: TrainingReport, o: TrainOutcome): string {
  const rows = [["model", r], ...Object.entries(r.baselines)].map(([name, m]) => {
    const v = m as {
      mase: number;
      pinball: number;
      coverage80: number;
      dailyMape: number;
      mae: number;
    };
    const e = r.eventDay[name === "model" ? "model" : name as string];
    return `<tr><td>${esc(String(name))}</td><td>${f2(v.mase)}</td><td>${f2(v.mae)}</td><td>${
      f2(v.pinball)
    }</td><td>${f2(v.coverage80)}</td><td>${f2(v.dailyMape)}</td><td>${f2(e?.mae)}</td><td>${
      f2(e?.dailyMape)
    }</td></tr>`;
  }).join("\n");
  const byEvents = [...new Set(o.cases.map((c) => c.hospital))].sort((a, b) =>
    o.cases.filter((c) => c.hospital === b).reduce(
      (s, c) => s + c.eventLoad.reduce((x, y) => x + y, 0),
      0,
    ) -
    o.cases.filter((c) => c.hospital === a).reduce(
      (s, c) => s + c.eventLoad.reduce((x, y) => x + y, 0),
      0,
    )
  );
  const plotted = byEvents[0] ?? 0;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>FestSafe model ${
    esc(r.version)
  }</title>
<style>body{font:14px system-ui;margin:2em;max-width:960px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child{text-align:left}</style></head><body>
<h1>ED arrivals forecast — model ${esc(r.version)}</h1>
<p>Data: ${esc(r.data.source)}, ${r.data.hospitals.length} hospitals, ${esc(r.data.from)} → ${
    esc(r.data.holdoutFrom)
  } for training; backtest from ${esc(r.data.holdoutFrom)} to ${
    esc(r.data.holdoutTo)
  } with ${r.data.backtestOrigins} rolling origins (72 h each). MASE is relative to seasonal naive (same hour last week) on the same points.</p>
<table><tr><th>model</th><th>MASE</th><th>MAE/h</th><th>pinball</th><th>coverage 80%</th><th>daily MAPE</th><th>event-day MAE/h</th><th>event-day daily MAPE</th></tr>
${rows}</table>
<p>Checks: ${
    Object.entries(r.checks).map(([k, v]) => `${esc(k)} = ${v}`).join(", ")
  }. Event days: ${r.eventDay.model.days} hospital-days where the PPR model expects ≥ 10% extra arrivals.</p>
<h2>Backtest</h2>${backtestSvg(o, plotted, r.data.hospitals[plotted] ?? "hospital")}
<h2>Calibration</h2>${calibrationSvg(r.calibration.observed, r.coverageByHorizonDay)}
<p>Training: best epoch ${r.training.bestEpoch} of ${r.training.epochs}, ${
    r.training.seconds.toFixed(1)
  } s; ONNX Runtime vs trainer max |Δ| = ${r.training.exportMaxAbsDiff.toExponential(2)}.</p>
</body></html>`;
}

/** The figures of one model on the backtest (a stored report's metrics, or a baseline's). */
export interface BacktestFigures {
  mase: number | null;
  pinball: number | null;
  coverage80: number | null;
  dailyMape: number | null;
}

/**
 * What the admin page and the API show of a version's backtest before it is activated: its
 * figures, the two baselines it must beat (seasonal naive, the Poisson GLM) and the verdict.
 * Null for a version stored without a report.
 */
export function backtestSummary(metrics: Record<string, unknown>) {
  const r = metrics as Partial<TrainingReport>;
  if (typeof r.mase !== "number") return null;
  const num = (v: unknown) => typeof v === "number" && Number.isFinite(v) ? v : null;
  const figures = (m: Partial<BacktestFigures> | undefined): BacktestFigures => ({
    mase: num(m?.mase),
    pinball: num(m?.pinball),
    coverage80: num(m?.coverage80),
    dailyMape: num(m?.dailyMape),
  });
  const beatsSeasonalNaive = r.checks?.beatsSeasonalNaive === true;
  const beatsGlmBaseline = r.checks?.beatsGlmBaseline === true;
  // Reports written before the strongest-baseline gate: beating both baselines is the same test.
  const beatsStrongest = typeof r.checks?.beatsStrongestBaseline === "boolean"
    ? r.checks.beatsStrongestBaseline
    : beatsSeasonalNaive && beatsGlmBaseline;
  return {
    ...figures(r),
    from: r.data?.holdoutFrom ?? null,
    to: r.data?.holdoutTo ?? null,
    origins: r.data?.backtestOrigins ?? null,
    points: r.points ?? null,
    baselines: {
      seasonalNaive: figures(r.baselines?.seasonalNaive),
      poissonGlm: figures(r.baselines?.poissonGlm),
    },
    beatsSeasonalNaive,
    beatsGlmBaseline,
    strongestBaseline: r.strongestBaseline ?? null,
    served: r.served ?? null,
    /**
     * Activation requires a lower MASE than the strongest baseline on the backtest (the gate
     * `deno task train` and the automatic selection apply too).
     */
    activatable: beatsStrongest,
  };
}

export type BacktestSummary = NonNullable<ReturnType<typeof backtestSummary>>;
