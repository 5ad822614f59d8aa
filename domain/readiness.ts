/**
 * Readiness of an ED from its census forecast against its staffed beds. The same hourly levels
 * decide the overview's label, the capacity and staffing recommendations' priorities and the
 * capacity alert's severity, so the three can never disagree.
 */
import type { CensusPoint } from "./census.ts";
import { maxSurgeBeds, type OrgSettings } from "./settings.ts";
import type { Priority } from "./plans/types.ts";
import type { DataFreshness } from "./freshness.ts";

/**
 * Hour levels, with the regional-board words they correspond to (DOMAIN.md):
 * - normal: census p90 within the staffed beds ("open / normal");
 * - elevated: census p90 above them — a one-in-ten chance the ED is full ("advisory", busy);
 * - strained: the median census above staffed beds: surge beds are needed;
 * - critical: the median census above staffed beds plus the maximum surge: ask for diversion.
 */
export const levels = ["normal", "elevated", "strained", "critical"] as const;
export type Level = typeof levels[number];
export type Readiness = Level | "unknown";

/**
 * The one wording of each level, used after the level's name on every screen, plan, alert and
 * briefing (issue 22: one story, one wording per level).
 */
export const levelLabels: Record<Readiness, string> = {
  normal: "enough staffed beds",
  elevated: "may fill: a 1 in 10 chance of more patients than beds",
  strained: "full: surge beds needed",
  critical: "beyond surge beds: prepare diversion",
  unknown: "no current data or forecast",
};

/** "strained (full: surge beds needed)": a level in a sentence, always in the same words. */
export const levelText = (l: Readiness) => `${l} (${levelLabels[l]})`;

/** The plan priority (and alert severity) a level warrants; none for normal. */
export const levelPriority: Record<Level, Priority | null> = {
  normal: null,
  elevated: "medium",
  strained: "high",
  critical: "critical",
};

export const levelRank = (l: Readiness) => l === "unknown" ? -1 : levels.indexOf(l);

/** The level of one census hour. */
export function hourLevel(
  c: Pick<CensusPoint, "p50" | "p90">,
  beds: number,
  settings: Pick<OrgSettings, "maxSurgeShare">,
): Level {
  return levelWithSurge(c, beds, maxSurgeBeds(beds, settings));
}

/**
 * The level of one census hour given the surge beds allowed (a stored plan keeps the number it
 * was built with, so its hours are judged again exactly as they were then).
 */
export function levelWithSurge(
  c: Pick<CensusPoint, "p50" | "p90">,
  beds: number,
  surgeBeds: number,
): Level {
  if (c.p50 > beds + surgeBeds) return "critical";
  if (c.p50 > beds) return "strained";
  if (c.p90 > beds) return "elevated";
  return "normal";
}

export interface ReadinessSummary {
  level: Readiness;
  /** First hour at that level (ISO), null when normal or unknown. */
  from: string | null;
  /** Worst level within the next 24 h. */
  next24h: Readiness;
  /** The hour with the highest census p90. */
  peak: CensusPoint | null;
  /** Hours whose census p90 exceeds the staffed beds. */
  hoursOver: number;
  beds: number;
  surgeBeds: number;
  /** End of the latest reported hour (ISO) when known (domain/freshness.ts). */
  dataAt?: string | null;
  /** Hours since then; with `dataStopped` the level is "unknown". */
  dataAgeHours?: number | null;
  /** The data is older than the setting: no level is claimed. */
  dataStopped?: boolean;
}

/**
 * The worst level over the census hours, when it starts, and the peak. A hospital whose data
 * stopped (freshness stale) is "unknown" whatever its census says: that census rests on an
 * occupancy and arrivals that no longer describe the department.
 */
export function readinessOf(
  census: CensusPoint[],
  beds: number,
  settings: Pick<OrgSettings, "maxSurgeShare">,
  freshness?: DataFreshness,
): ReadinessSummary {
  const surgeBeds = maxSurgeBeds(beds, settings);
  const data = freshness
    ? {
      dataAt: freshness.dataAt,
      dataAgeHours: freshness.dataAgeHours,
      dataStopped: freshness.stale,
    }
    : {};
  if (!census.length || beds <= 0 || freshness?.stale) {
    return {
      level: "unknown",
      from: null,
      next24h: "unknown",
      peak: null,
      hoursOver: 0,
      beds,
      surgeBeds,
      ...data,
    };
  }
  let level: Level = "normal", from: string | null = null, next24h: Level = "normal";
  let hoursOver = 0;
  census.forEach((c, k) => {
    const l = hourLevel(c, beds, settings);
    if (l !== "normal") hoursOver++;
    if (levelRank(l) > levelRank(level)) [level, from] = [l, c.ts];
    if (k < 24 && levelRank(l) > levelRank(next24h)) next24h = l;
  });
  const peak = census.reduce((a, b) => (b.p90 > a.p90 ? b : a));
  return { level, from, next24h, peak, hoursOver, beds, surgeBeds, ...data };
}
