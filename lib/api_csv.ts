/**
 * The CSV forms of API answers (`?format=csv`): the same fields as the JSON, one row per point
 * or recommendation, with what identifies it repeated on each row so every row stands alone.
 */
import { csvResponse, toCsv } from "./csv.ts";

export const forecastCsvColumns = [
  "hospitalId",
  "issuedAt",
  "modelVersion",
  "ts",
  "p10",
  "p50",
  "p90",
  "census_p10",
  "census_p50",
  "census_p90",
  "beds",
] as const;

/**
 * GET /api/hospitals/:id/forecast?format=csv: arrivals and the ED census per hour against the
 * staffed beds (what CHIME's users asked of a census forecast: a capacity line in the data).
 */
export function forecastCsv(f: {
  hospitalId: string;
  issuedAt: string;
  modelVersion: string;
  beds: number;
  points: { ts: string; p10: number; p50: number; p90: number }[];
  census: { ts: string; p10: number; p50: number; p90: number }[];
}): Response {
  const census = new Map(f.census.map((c) => [c.ts, c]));
  const rows = f.points.map((p) => {
    const c = census.get(p.ts);
    return {
      ...p,
      hospitalId: f.hospitalId,
      issuedAt: f.issuedAt,
      modelVersion: f.modelVersion,
      census_p10: c?.p10 ?? null,
      census_p50: c?.p50 ?? null,
      census_p90: c?.p90 ?? null,
      beds: f.beds,
    };
  });
  return csvResponse(
    toCsv(forecastCsvColumns, rows),
    `forecast-${f.hospitalId}-${f.issuedAt.slice(0, 13)}.csv`,
  );
}

export const seriesCsvColumns = ["hospitalId", "ts", "edArrivals", "edOccupancy"] as const;

/** GET /api/hospitals/:id/observations?format=csv */
export function seriesCsv(s: {
  hospitalId: string;
  from: string;
  points: { ts: string; edArrivals: number; edOccupancy: number | null }[];
}): Response {
  const rows = s.points.map((p) => ({ ...p, hospitalId: s.hospitalId }));
  return csvResponse(
    toCsv(seriesCsvColumns, rows),
    `observations-${s.hospitalId}-${s.from.slice(0, 10)}.csv`,
  );
}

export const planCsvColumns = [
  "planId",
  "hospitalId",
  "createdAt",
  "id",
  "priority",
  "agent",
  "title",
  "action",
  "rationale",
  "ownerRole",
  "dueAt",
  "status",
  "note",
] as const;

/** GET /api/plans/latest?format=csv */
export function planCsv(p: {
  id: string;
  hospitalId: string;
  createdAt: string;
  recommendations: {
    id: string;
    priority: string;
    agent: string;
    title: string;
    action: string;
    rationale: string;
    ownerRole: string;
    dueAt: string | null;
    status: string;
    note: string | null;
  }[];
}): Response {
  const rows = p.recommendations.map((r) => ({
    ...r,
    planId: p.id,
    hospitalId: p.hospitalId,
    createdAt: p.createdAt,
  }));
  return csvResponse(
    toCsv(planCsvColumns, rows),
    `plan-${p.hospitalId}-${p.createdAt.slice(0, 10)}.csv`,
  );
}
