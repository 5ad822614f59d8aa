/** Shared pieces of the forecast and model routes: tenant scoping and the response shape. */
import type { AppState } from "../framework/types.ts";
import { HttpError, notFound } from "../framework/http_error.ts";
import { findDemoOrgId } from "../models/orgs.ts";
import { getHospital, type Hospital } from "../models/hospitals.ts";
import { latestForecast, storeForecasts } from "../models/forecasts.ts";
import { ensureActiveModel } from "../ml/registry.ts";
import {
  capacityOf,
  forecastOrg,
  type HospitalForecast,
  issueHour,
  type Overrides,
} from "../ml/forecaster.ts";

/** The caller's organisation; the demo organisation only when nobody is signed in. */
export async function requestOrgId(state: AppState): Promise<string> {
  const org = state.user?.orgId ?? state.apiKey?.orgId ??
    (state.user ? null : await findDemoOrgId(state.db));
  if (!org) throw notFound("organisation");
  return org;
}

/** A hospital of the caller's organisation by its id (code) or uuid; another org's is a 404. */
export async function requestHospital(
  state: AppState,
  id: string,
): Promise<{ orgId: string; hospital: Hospital }> {
  const orgId = await requestOrgId(state);
  const hospital = await getHospital(state.db, orgId, id);
  if (!hospital) throw notFound("hospital");
  return { orgId, hospital };
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

/** The latest stored forecast; computed and stored now when there is none from the last 2 h. */
export async function storedOrLiveForecast(
  state: AppState,
  orgId: string,
  h: Hospital,
  now = new Date(),
) {
  const stored = await latestForecast(state.db, orgId, h.id);
  // A forecast issued more than two hours ago is stale (the job runs hourly): recompute it.
  const fresh = stored && stored.issuedAt.getTime() >= issueHour(now).getTime() - 2 * 3_600_000;
  if (stored && fresh && stored.points.length) {
    return json(h, {
      hospitalId: h.id,
      modelVersion: stored.modelVersion,
      issuedAt: stored.issuedAt.toISOString(),
      capacity: capacityOf(h),
      points: stored.points.map((p) => ({ ...p, ts: p.ts.toISOString() })),
    });
  }
  const issuedAt = issueHour(now);
  const [live] = await forecastOrg(state.db, orgId, issuedAt, { hospitalIds: [h.id] });
  if (!live) throw noHistory(h);
  await storeForecasts(state.db, orgId, [{ ...live, issuedAt }]);
  return json(h, live);
}

/** A forecast recomputed live with what-if overrides (never stored). */
export async function whatIfForecast(
  state: AppState,
  orgId: string,
  h: Hospital,
  overrides: Overrides,
  now = new Date(),
) {
  const [live] = await forecastOrg(state.db, orgId, issueHour(now), {
    hospitalIds: [h.id],
    overrides,
  });
  if (!live) throw noHistory(h);
  return { ...json(h, live), overrides };
}

/** The active ONNX artifact with an ETag of its sha256 (304 when the caller has it). */
export async function modelArtifactResponse(
  state: AppState,
  req: Request,
  opts: { download?: boolean } = {},
): Promise<Response> {
  const m = await ensureActiveModel(state.db);
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
