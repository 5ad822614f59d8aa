/**
 * The overview's rows: per hospital the readiness its latest plan was built on (so the board and
 * the plans always agree), the census now and at its peak, the next 72 h's peak heat index and
 * AQI, and the last 24 h of arrivals and occupancy. Reads only.
 */
import type { Queryable } from "../infra/db.ts";
import { listHospitals } from "../models/hospitals.ts";
import { recentLoad } from "../models/observations.ts";
import { latestPlanSummaries } from "../models/plans.ts";
import { type Level, levelWithSurge, type Readiness } from "../domain/readiness.ts";
import type { CensusPoint } from "../domain/census.ts";
import { PLAN_STALE_MS, type PlanSummary } from "./plans.ts";
import { orgSettings } from "./settings.ts";
import { orgFreshness } from "./readiness.ts";
import { type DataFreshness, dataFreshness, shownFigure } from "../domain/freshness.ts";

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
  /** Freshness of its data now: when stale, readiness is "unknown" and no census is shown. */
  freshness: DataFreshness;
  /**
   * The next TIMELINE_HOURS hours from the current hour (timelineStart): each hour's level and
   * census from the plan's census (the computation behind its readiness), null where the plan
   * has no hour.
   */
  timeline: (TimelineCell | null)[];
}

/** One hour of a hospital on the overview's timeline. */
export interface TimelineCell {
  level: Level;
  p50: number;
  p90: number;
}

const HOUR = 3_600_000;
export const TIMELINE_HOURS = 72;

/** The timeline's first hour: the start of the current hour. */
export function timelineStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR) * HOUR);
}

/**
 * A plan's census laid on the hours from `start`, each judged with the beds and surge allowance
 * the plan's readiness was computed with, so a cell never disagrees with the readiness shown.
 */
export function timelineOf(
  census: CensusPoint[] | undefined,
  beds: number,
  surgeBeds: number,
  start: Date,
  hours = TIMELINE_HOURS,
): (TimelineCell | null)[] {
  const cells: (TimelineCell | null)[] = Array(hours).fill(null);
  if (beds <= 0) return cells;
  for (const c of census ?? []) {
    const i = Math.round((new Date(c.ts).getTime() - start.getTime()) / HOUR);
    if (i < 0 || i >= hours) continue;
    cells[i] = { level: levelWithSurge(c, beds, surgeBeds), p50: c.p50, p90: c.p90 };
  }
  return cells;
}

export async function overviewRows(
  db: Queryable,
  orgId: string,
  now: Date,
): Promise<OverviewRow[]> {
  const [hospitals, load, plans, settings] = await Promise.all([
    listHospitals(db, orgId),
    recentLoad(db, orgId, now),
    latestPlanSummaries(db, orgId),
    orgSettings(db, orgId),
  ]);
  // Judged now, not when the plan was built: data may have stopped since.
  const freshness = await orgFreshness(db, orgId, now, settings);
  const loadOf = new Map(load.map((l) => [l.hospitalId, l]));
  const planOf = new Map(plans.map((p) => [p.hospitalId, p]));
  return hospitals.map((h) => {
    const l = loadOf.get(h.id), p = planOf.get(h.id);
    const fresh = freshness.get(h.id) ?? dataFreshness(null, now, settings.dataStaleHours);
    const plan = (p?.summary ?? {}) as Partial<PlanSummary>;
    // Heat and air quality are forecasts of the place, still valid; the census is not.
    const s: Partial<PlanSummary> = fresh.stale ? { conditions: plan.conditions } : plan;
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
      censusNow: shownFigure(s.census?.[0]?.p50),
      freshness: fresh,
      censusPeakP90: shownFigure(r?.peak?.p90),
      censusPeakAt: r?.peak?.ts ?? null,
      peakHeatIndexC: s.conditions?.heatIndexC?.value ?? null,
      peakHeatAt: s.conditions?.heatIndexC?.at ?? null,
      peakAqi: s.conditions?.aqi?.value ?? null,
      peakAqiAt: s.conditions?.aqi?.at ?? null,
      planAt: p?.createdAt.toISOString() ?? null,
      stale: !p || p.createdAt.getTime() < now.getTime() - PLAN_STALE_MS,
      timeline: r
        ? timelineOf(s.census, s.beds ?? r.beds, r.surgeBeds, timelineStart(now))
        : Array(TIMELINE_HOURS).fill(null),
    };
  });
}
