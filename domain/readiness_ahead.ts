/**
 * Readiness read now from a stored census (issue 22: one story on every screen): only the hours
 * from the current one on count, so a forecast or plan built an hour or two ago never shows a
 * past hour as the start of its level, and "now" is said when the current hour is at it.
 */
import type { CensusPoint } from "./census.ts";
import { type Level, levelRank, levelWithSurge, type Readiness } from "./readiness.ts";

const HOUR = 3_600_000;

export interface ReadinessAhead {
  level: Readiness;
  /** First hour at that level (ISO), null when normal or unknown. */
  from: string | null;
  /** True when the current hour is already at that level. */
  now: boolean;
  /** The hour ahead with the highest census p90. */
  peak: Pick<CensusPoint, "ts" | "p50" | "p90"> | null;
}

/** The worst level of the census hours from the current hour on, when it starts, and the peak. */
export function readinessAhead(
  census: Pick<CensusPoint, "ts" | "p50" | "p90">[],
  beds: number,
  surgeBeds: number,
  now: Date | number,
): ReadinessAhead {
  const start = Math.floor(new Date(now).getTime() / HOUR) * HOUR;
  const ahead = census.filter((c) => new Date(c.ts).getTime() >= start);
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
