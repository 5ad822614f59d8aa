/**
 * Forecasts: issuing them (jobs and refreshes store one run per hospital) and reading them.
 * Reads never write: a hospital with no stored forecast yet gets one computed for the answer
 * only, once per hospital and hour however many readers ask at the same time.
 */
import { HttpError } from "../framework/http_error.ts";
import type { Queryable } from "../infra/db.ts";
import { log } from "../infra/log.ts";
import { histogram, SECONDS } from "../infra/metrics.ts";

import type { Hospital } from "../models/hospitals.ts";
import { latestForecast, storeForecasts } from "../models/forecasts.ts";
import { type ActiveModel, modelForHospital, orgModels } from "../ml/registry.ts";
import { orgSettings } from "./settings.ts";
import { hospitalReadiness, orgFreshness } from "./readiness.ts";
import { dataFreshness } from "../domain/freshness.ts";
import { hospitalNedocs } from "./ed_status.ts";
import { capacityOf, forecastOrg, type HospitalForecast, issueHour } from "../ml/forecaster.ts";

const forecastSeconds = histogram(
  "festsafe_forecast_duration_seconds",
  "Time to compute forecasts, by kind (issue: a job's run for an organisation; live; what_if).",
  SECONDS,
);

/** Runs forecast work and records how long it took. */
async function timed<T>(kind: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    forecastSeconds.observe({ kind }, (performance.now() - started) / 1000);
  }
}
const noHistory = (h: Hospital) =>
  new HttpError(
    409,
    "insufficient_history",
    `hospital ${h.code} has less than a day of ED arrivals in the last 28 days; no forecast yet`,
  );

function json(h: Hospital, f: HospitalForecast) {
  return { ...f, hospitalId: h.code, capacity: Math.round(capacityOf(h) * 100) / 100 };
}

/**
 * Issues and stores the forecast of every hospital of an organisation, each with the model that
 * serves it (its own for the hospitals it was trained on, else the global one; `model` forces
 * one). Returns the count and the versions used.
 */
export async function issueOrgForecasts(
  db: Queryable,
  orgId: string,
  now: Date,
  model?: ActiveModel,
): Promise<{ hospitals: number; rows: number; issuedAt: Date; model: string; models: string[] }> {
  const issuedAt = issueHour(now);
  const runs = await timed("issue", () => forecastOrg(db, orgId, issuedAt, { model }));
  const rows = await storeForecasts(db, orgId, runs.map((r) => ({ ...r, issuedAt })));
  const models = [...new Set(runs.map((r) => r.modelVersion))].sort();
  const serving: ActiveModel = model ??
    await orgModels(db, orgId).then((m): ActiveModel => m.org ?? m.global);
  return { hospitals: runs.length, rows, issuedAt, model: serving.version, models };
}

const inFlight = new Map<string, Promise<HospitalForecast | undefined>>();

/** A forecast computed for an answer only (never stored), shared by concurrent readers. */
function liveForecast(db: Queryable, orgId: string, h: Hospital, issuedAt: Date) {
  const key = `${h.id}:${issuedAt.getTime()}`;
  let running = inFlight.get(key);
  if (!running) {
    running = timed("live", () => forecastOrg(db, orgId, issuedAt, { hospitalIds: [h.id] }))
      .then((r) => r[0]);
    inFlight.set(key, running);
    running.finally(() => inFlight.delete(key)).catch(() => {});
  }
  return running;
}

/**
 * The hospital's latest stored forecast (with `stale: true` when it is older than two hourly
 * runs) and the ED census computed from it (services/readiness.ts); the forecast is computed for
 * this answer when none has been stored yet.
 */
export async function readForecast(db: Queryable, orgId: string, h: Hospital, now = new Date()) {
  const stored = await latestForecast(db, orgId, h.id);
  let base;
  if (stored && stored.points.length) {
    const stale = stored.issuedAt.getTime() < issueHour(now).getTime() - 2 * 3_600_000;
    base = {
      ...json(h, {
        hospitalId: h.id,
        modelVersion: stored.modelVersion,
        issuedAt: stored.issuedAt.toISOString(),
        capacity: capacityOf(h),
        points: stored.points.map((p) => ({ ...p, ts: p.ts.toISOString() })),
      }),
      stale,
    };
  } else {
    const live = await liveForecast(db, orgId, h, issueHour(now));
    if (!live) throw noHistory(h);
    log.debug("forecast computed for a reader (none stored yet)", { hospital: h.id });
    base = { ...json(h, live), stale: false };
  }
  const census = await withCensus(db, orgId, h, base.points, now);
  // A forecast whose inputs stopped is no current forecast either, however recently it was run.
  const answer = { ...base, ...census, stale: base.stale || census.readiness.dataStopped };
  const nedocs = await hospitalNedocs(db, orgId, h, answer.census, now);
  return nedocs ? { ...answer, nedocs } : answer;
}

/** Census, beds and readiness for forecast points (CONTRACT.md `census`, `beds`). */
async function withCensus<P extends { ts: string; p10: number; p50: number; p90: number }>(
  db: Queryable,
  orgId: string,
  h: Hospital,
  points: P[],
  now: Date,
) {
  const settings = await orgSettings(db, orgId);
  const fresh = (await orgFreshness(db, orgId, now, settings)).get(h.id) ??
    dataFreshness(null, now, settings.dataStaleHours);
  const r = await hospitalReadiness(db, orgId, h, { points }, settings, fresh);
  return {
    // Hours a model could not forecast (no recent inputs) are left out, never sent as null.
    points: points.filter((p) => [p.p10, p.p50, p.p90].every(Number.isFinite)),
    dataAgeHours: fresh.dataAgeHours,
    dataAt: fresh.dataAt,
    beds: h.edBeds,
    surgeBeds: r.summary.surgeBeds,
    census: r.census.map(({ ts, p10, p50, p90, mean }) => ({ ts, p10, p50, p90, mean })),
    censusModel: r.model,
    readiness: {
      level: r.summary.level,
      from: r.summary.from,
      next24h: r.summary.next24h,
      hoursOver: r.summary.hoursOver,
      dataStopped: r.summary.dataStopped ?? false,
    },
  };
}

/**
 * The ONNX artifact that forecasts for the organisation — for one hospital when given (its
 * organisation's own model if it was trained on it, else the global model), else the model its
 * trained hospitals use — with an ETag of its sha256 (304 when the caller has it).
 */
export async function modelArtifactResponse(
  db: Queryable,
  req: Request,
  opts: { orgId: string; hospitalId?: string; download?: boolean },
): Promise<Response> {
  const models = await orgModels(db, opts.orgId);
  const m = opts.hospitalId
    ? modelForHospital(models, opts.hospitalId)
    : models.org ?? models.global;
  const etag = `"${m.sha256}"`;
  const headers = {
    "content-type": "application/octet-stream",
    "etag": etag,
    "cache-control": "private, no-cache",
    "x-model-version": m.version,
    ...(opts.download
      ? { "content-disposition": `attachment; filename="festsafe-${m.version}.onnx"` }
      : {}),
  };
  if (req.headers.get("if-none-match") === etag) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(m.artifact as Uint8Array<ArrayBuffer>, { headers });
}
