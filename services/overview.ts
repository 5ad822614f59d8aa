/**
 * The overview's rows: per hospital the readiness its latest plan was built on (so the board and
 * the plans always agree), the census now and at its peak, the next 72 h's peak heat index and
 * AQI, and the last 24 h of arrivals and occupancy. Reads only.
 */
import type { Queryable } from "../infra/db.ts";
import { listHospitals } from "../models/hospitals.ts";
import { recentLoad } from "../models/observations.ts";
import { latestPlanSummaries } from "../models/plans.ts";
import { type Level, levelRank, levelWithSurge, type Readiness } from "../domain/readiness.ts";
import type { CensusPoint } from "../domain/census.ts";
import { PLAN_STALE_MS, type PlanSummary } from "./plans.ts";
import { orgSettings } from "./settings.ts";
import { orgFreshness } from "./readiness.ts";
import { type DataFreshness, dataFreshness, shownFigure } from "../domain/freshness.ts";
import {
  freshOccupancy,
  type OccupancyReport,
  REPORT_FRESH_MS,
} from "../domain/readiness_ahead.ts";

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
  /**
   * The worst level from the current hour on (the same cells as `timeline`): an hour already
   * past is never shown as upcoming, however old the plan is.
   */
  readiness: Readiness;
  /** First hour at that level (ISO); the current hour when it is already at that level. */
  readinessFrom: string | null;
  /** True when `readinessFrom` is the current hour ("now", not "from 14:00"). */
  readinessNow: boolean;
  next24h: Readiness;
  /** Patients in the ED now: the occupancy just reported when fresh, else the current hour's forecast. */
  censusNow: number | null;
  /** Where `censusNow` comes from: a report of `occupancyAt`, or the plan's census forecast. */
  censusNowSource: "reported" | "forecast" | null;
  /** The hour of the latest occupancy report (ISO), null when none in the last 24 h. */
  occupancyAt: string | null;
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

const HOUR = 3_600_000;

/** One hour of a hospital on the overview's timeline. */
export interface TimelineCell {
  level: Level;
  p50: number;
  p90: number;
  /** The current hour judged on the occupancy just reported rather than its forecast. */
  reported?: boolean;
}

export { REPORT_FRESH_MS };

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

/**
 * The current hour judged on a fresh occupancy report (a count, so its median and p90 are the
 * count itself): the board's "now" is what was just reported, not what was forecast for it.
 */
export function withReportedNow(
  cells: (TimelineCell | null)[],
  occupancy: number | null,
  beds: number,
  surgeBeds: number,
): (TimelineCell | null)[] {
  if (occupancy === null || beds <= 0 || !cells.length) return cells;
  const now = { p50: occupancy, p90: occupancy };
  return [
    { ...now, level: levelWithSurge(now, beds, surgeBeds), reported: true },
    ...cells.slice(1),
  ];
}

/**
 * The worst level over the timeline's cells and its first hour: what the board says is the
 * same as what the timeline colours, from the current hour on. Unknown when no cell is known
 * (no plan, or a plan whose hours have all passed).
 */
export function readinessOfCells(cells: (TimelineCell | null)[], start: Date) {
  let level = "unknown" as Readiness, at = -1;
  cells.forEach((c, i) => {
    if (c && levelRank(c.level) > levelRank(level)) [level, at] = [c.level, i];
  });
  let peak = -1;
  cells.forEach((c, i) => {
    if (c && (peak < 0 || c.p90 > cells[peak]!.p90)) peak = i;
  });
  const ts = (i: number) => new Date(start.getTime() + i * HOUR).toISOString();
  return {
    level,
    from: level === "unknown" || level === "normal" ? null : ts(at),
    now: at === 0 && level !== "normal",
    next24h: cells.slice(0, 24).reduce<Readiness>(
      (a, c) => c && levelRank(c.level) > levelRank(a) ? c.level : a,
      "unknown",
    ),
    peak: peak < 0 ? null : { p90: cells[peak]!.p90, ts: ts(peak) },
  };
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
  const start = timelineStart(now);
  return hospitals.map((h) => {
    const l = loadOf.get(h.id), p = planOf.get(h.id);
    const fresh = freshness.get(h.id) ?? dataFreshness(null, now, settings.dataStaleHours);
    const plan = (p?.summary ?? {}) as Partial<PlanSummary>;
    // Heat and air quality are forecasts of the place, still valid; the census is not.
    const s: Partial<PlanSummary> = fresh.stale ? { conditions: plan.conditions } : plan;
    const r = s.readiness;
    // "Now" is the occupancy just reported, when there is one (never for a stopped hospital).
    const reportedNow = !fresh.stale && l?.latestTs && l.latestOccupancy !== null
      ? freshOccupancy({ occupancy: l.latestOccupancy, at: l.latestTs }, now)
      : null;
    const beds = s.beds ?? r?.beds ?? h.edBeds;
    const timeline = r && r.level !== "unknown"
      ? withReportedNow(
        timelineOf(s.census, beds, r.surgeBeds, start),
        reportedNow,
        beds,
        r.surgeBeds,
      )
      : Array(TIMELINE_HOURS).fill(null);
    const story = readinessOfCells(timeline, start);
    const forecastNow = timeline[0] && !timeline[0].reported ? timeline[0].p50 : null;
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
      occupancyAt: l?.latestTs && l.latestOccupancy !== null
        ? new Date(l.latestTs).toISOString()
        : null,
      readiness: fresh.stale ? "unknown" : story.level,
      readinessFrom: fresh.stale ? null : story.from,
      readinessNow: !fresh.stale && story.now,
      next24h: fresh.stale ? "unknown" : story.next24h,
      censusNow: shownFigure(reportedNow ?? forecastNow),
      censusNowSource: reportedNow !== null ? "reported" : forecastNow !== null ? "forecast" : null,
      freshness: fresh,
      censusPeakP90: shownFigure(story.peak?.p90),
      censusPeakAt: story.peak?.ts ?? null,
      peakHeatIndexC: s.conditions?.heatIndexC?.value ?? null,
      peakHeatAt: s.conditions?.heatIndexC?.at ?? null,
      peakAqi: s.conditions?.aqi?.value ?? null,
      peakAqiAt: s.conditions?.aqi?.at ?? null,
      planAt: p?.createdAt.toISOString() ?? null,
      stale: !p || p.createdAt.getTime() < now.getTime() - PLAN_STALE_MS,
      timeline,
    };
  });
}

/** A hospital's latest occupancy report of the last 24 h (the hospital page's "now"), or null. */
export async function latestOccupancyReport(
  db: Queryable,
  orgId: string,
  hospitalId: string,
  now: Date,
): Promise<OccupancyReport | null> {
  const l = (await recentLoad(db, orgId, now)).find((r) => r.hospitalId === hospitalId);
  return l?.latestTs && l.latestOccupancy !== null
    ? { occupancy: l.latestOccupancy, at: new Date(l.latestTs).toISOString() }
    : null;
}
