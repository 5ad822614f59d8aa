/**
 * Readiness read now from a stored census (issue 22: one story on every screen): only the hours
 * from the current one on count, so a forecast or plan built an hour or two ago never shows a
 * past hour as the start of its level, and "now" is said when the current hour is at it.
 */
import type { CensusPoint } from "./census.ts";
import { type Level, levelRank, levelWithSurge, type Readiness } from "./readiness.ts";

const HOUR = 3_600_000;

/**
 * An occupancy report this recent stands for "now": hourly reports land within the hour after
 * it, so two hours covers one late report (the same window as a stale plan).
 */
export const REPORT_FRESH_MS = 2 * HOUR;

/** The latest occupancy report of a hospital: the patients in the ED at `at`. */
export interface OccupancyReport {
  occupancy: number;
  at: Date | string;
}

/** The report's count when it is fresh enough to stand for now, else null. */
export function freshOccupancy(
  report: OccupancyReport | null | undefined,
  now: Date | number,
): number | null {
  if (!report) return null;
  const age = new Date(now).getTime() - new Date(report.at).getTime();
  return age <= REPORT_FRESH_MS ? report.occupancy : null;
}

export interface ReadinessAhead {
  level: Readiness;
  /** First hour at that level (ISO), null when normal or unknown. */
  from: string | null;
  /** True when the current hour is already at that level. */
  now: boolean;
  /** The hour ahead with the highest census p90. */
  peak: Pick<CensusPoint, "ts" | "p50" | "p90"> | null;
}

/**
 * The worst level of the census hours from the current hour on, when it starts, and the peak;
 * with a fresh occupancy report the current hour is judged on what was just reported (as the
 * overview's board does), not on its forecast.
 */
export function readinessAhead(
  census: Pick<CensusPoint, "ts" | "p50" | "p90">[],
  beds: number,
  surgeBeds: number,
  now: Date | number,
  report?: OccupancyReport | null,
): ReadinessAhead {
  const start = Math.floor(new Date(now).getTime() / HOUR) * HOUR;
  const reported = freshOccupancy(report, now);
  const ahead = census.filter((c) => new Date(c.ts).getTime() >= start).map((c) =>
    reported !== null && new Date(c.ts).getTime() === start
      ? { ts: c.ts, p50: reported, p90: reported }
      : c
  );
  if (!ahead.length || beds <= 0) return { level: "unknown", from: null, now: false, peak: null };
  let level: Level = "normal", at = ahead[0];
  for (const c of ahead) {
    const l = levelWithSurge(c, beds, surgeBeds);
    if (levelRank(l) > levelRank(level)) [level, at] = [l, c];
  }
  const peak = ahead.reduce((a, b) => (b.p90 > a.p90 ? b : a));
  const from = level === "normal" ? null : new Date(at.ts).toISOString();
  return { level, from, now: from !== null && new Date(from).getTime() <= start, peak };
}
