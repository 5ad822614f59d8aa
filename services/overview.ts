/**
 * The overview's rows: per hospital the readiness its latest plan was built on (so the board and
 * the plans always agree), the census now and at its peak, the next 72 h's peak heat index and
 * AQI, and the last 24 h of arrivals and occupancy. Reads only.
 */
import type { Queryable } from "../infra/db.ts";
import { listHospitals } from "../models/hospitals.ts";
import { recentLoad } from "../models/observations.ts";
import { latestPlanSummaries } from "../models/plans.ts";
import type { Readiness } from "../domain/readiness.ts";
import { PLAN_STALE_MS, type PlanSummary } from "./plans.ts";

export interface OverviewRow {
  id: string;
  code: string;
  name: string;
  lat: number;
  lon: number;
  timezone: string;
  edBeds: number;
  arrivals24h: number;
  occupancy: number | null;
  readiness: Readiness;
  /** First hour at that level (ISO). */
  readinessFrom: string | null;
  next24h: Readiness;
  censusNow: number | null;
  censusPeakP90: number | null;
  censusPeakAt: string | null;
  peakHeatIndexC: number | null;
  peakHeatAt: string | null;
  peakAqi: number | null;
  peakAqiAt: string | null;
  planAt: string | null;
  stale: boolean;
}

export async function overviewRows(
  db: Queryable,
  orgId: string,
  now: Date,
): Promise<OverviewRow[]> {
  const [hospitals, load, plans] = await Promise.all([
    listHospitals(db, orgId),
    recentLoad(db, orgId, now),
    latestPlanSummaries(db, orgId),
  ]);
  const loadOf = new Map(load.map((l) => [l.hospitalId, l]));
  const planOf = new Map(plans.map((p) => [p.hospitalId, p]));
  return hospitals.map((h) => {
    const l = loadOf.get(h.id), p = planOf.get(h.id);
    const s = (p?.summary ?? {}) as Partial<PlanSummary>;
    const r = s.readiness;
    return {
      id: h.id,
      code: h.code,
      name: h.name,
      lat: h.lat,
      lon: h.lon,
      timezone: h.timezone,
      edBeds: h.edBeds,
      arrivals24h: l?.arrivals24h ?? 0,
      occupancy: l?.latestOccupancy ?? null,
      readiness: r?.level ?? "unknown",
      readinessFrom: r?.from ?? null,
      next24h: r?.next24h ?? "unknown",
      censusNow: s.census?.[0]?.p50 ?? null,
      censusPeakP90: r?.peak?.p90 ?? null,
      censusPeakAt: r?.peak?.ts ?? null,
      peakHeatIndexC: s.conditions?.heatIndexC?.value ?? null,
      peakHeatAt: s.conditions?.heatIndexC?.at ?? null,
      peakAqi: s.conditions?.aqi?.value ?? null,
      peakAqiAt: s.conditions?.aqi?.at ?? null,
      planAt: p?.createdAt.toISOString() ?? null,
      stale: !p || p.createdAt.getTime() < now.getTime() - PLAN_STALE_MS,
    };
  });
}
