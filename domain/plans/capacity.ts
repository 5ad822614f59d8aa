/**
 * Capacity agent: the hours in which the census may exceed staffed beds → surge beds (never more
 * than the configured maximum) for exactly those hours, discharges brought forward before them,
 * and diversion prepared only when even the full surge cannot hold the median census. Its
 * priority is the readiness level of those hours (domain/readiness.ts), so the plan and the
 * overview say the same thing.
 */
import { hourLevel, type Level, levelPriority, levelRank } from "../readiness.ts";
import { maxSurgeBeds, settingsUsed } from "../settings.ts";
import {
  beforeHour,
  byLocalDay,
  dueBefore,
  fmtHour,
  formatSpan,
  maxBy,
  runEnd,
  runsOf,
  s,
} from "./format.ts";
import type { PlanCensusHour, PlanInput, Priority, RecommendationDraft } from "./types.ts";

/** Hours of notice surge beds and discharges need (HHS ASPR: 20 % of beds within 4 h). */
export const SURGE_LEAD_HOURS = 4;

interface Run {
  hours: (PlanCensusHour & { level: Level })[];
  level: Level;
}

/** Surge beds for a run: what its census p90 exceeds the beds by, at most the maximum. */
export function surgeBedsFor(peakP90: number, beds: number, max: number): number {
  return Math.min(max, Math.max(0, Math.ceil(peakP90 - beds)));
}

function recommend(input: PlanInput, day: string, run: Run): RecommendationDraft {
  const h = input.hospital, tz = h.timezone, st = input.settings;
  const beds = h.edBeds, max = maxSurgeBeds(beds, st);
  const first = run.hours[0].ts, end = runEnd(run.hours);
  const span = formatSpan(first, end, tz);
  const peak = maxBy(run.hours, (c) => c.p90);
  const peakP50 = Math.max(...run.hours.map((c) => c.p50));
  const overBeds = run.hours.filter((c) => c.p90 > beds);
  const surge = surgeBedsFor(peak.p90, beds, max);
  const priority = levelPriority[run.level] as Priority;
  const surgeText = surge > 0 ? `${surge} surge bed${s(surge)}` : "surge spaces";
  const title = run.level === "critical"
    ? `Beyond surge: open all ${max} surge beds and prepare diversion, ${span}`
    : run.level === "strained"
    ? `Open ${surgeText} for ${span}`
    : `Prepare ${surgeText} for ${span}`;
  const action = run.level === "critical"
    ? `Open all ${max} surge beds ${beforeHour(first, input.now, tz)} and ` +
      `prepare a diversion request with the regional EMS coordinator; move admitted patients ` +
      `out of the ED (inpatient transfers, discharge lounge) before then.`
    : run.level === "strained"
    ? `Open ${surgeText} (hallway or fast-track spaces, staffed) for ${span}; bring ` +
      `discharges and inpatient transfers forward so that they leave before it starts.`
    : `Identify ${surgeText} and who would staff them, on call for ${span}; review expected ` +
      `discharges before it starts. Nothing to open unless the census reaches ${beds}.`;
  const rationale = `Patients in the ED (census) forecast up to ${peak.p50} (median) and ` +
    `${peak.p90} (p90) at ${fmtHour(peak.ts, tz)} ` +
    `against ${beds} staffed beds; p90 above ${beds} in ${overBeds.length} h of ${span}. ` +
    (run.level === "critical"
      ? `The median (${peakP50}) exceeds beds + the ${max} surge beds allowed ` +
        `(${Math.round(st.maxSurgeShare * 100)} % of beds): surge alone cannot absorb it.`
      : `Surge beds = p90 − beds = ${Math.max(0, Math.ceil(peak.p90 - beds))}, at most ${max} ` +
        `(${Math.round(st.maxSurgeShare * 100)} % of staffed beds, HHS ASPR).`);
  return {
    agent: "capacity",
    key: `capacity:${day}`,
    priority,
    title,
    action,
    rationale,
    evidence: {
      level: run.level,
      runStart: first.toISOString(),
      runEnd: end.toISOString(),
      runHours: run.hours.length,
      hoursP90OverBeds: overBeds.length,
      peakCensusP50: peak.p50,
      peakCensusP90: peak.p90,
      peakAt: peak.ts.toISOString(),
      edBeds: beds,
      surgeBeds: surge,
      maxSurgeBeds: max,
      diversion: run.level === "critical",
      census: input.censusModel?.assumption ?? null,
      settings: settingsUsed(st, ["maxSurgeShare", "lengthOfStayHours", "lengthOfStayCv"]),
      lengthOfStayUsed: input.censusModel?.lengthOfStayHours ?? null,
    },
    ownerRole: "coordinator",
    hicsRole: run.level === "critical" ? "Incident Commander" : "Operations Section Chief",
    dueAt: dueBefore(first, SURGE_LEAD_HOURS, input.now),
  };
}

/** One recommendation per local day: its worst run of hours at elevated level or above. */
export function capacityAgent(input: PlanInput): RecommendationDraft[] {
  const beds = input.hospital.edBeds;
  if (!(beds > 0) || !input.census.length) return [];
  const levelled = input.census.map((c) => ({ ...c, level: hourLevel(c, beds, input.settings) }));
  const runs = runsOf(levelled, (c) => c.level !== "normal").map((hours) => ({
    hours,
    level: hours.reduce<Level>(
      (a, c) => levelRank(c.level) > levelRank(a) ? c.level : a,
      "normal",
    ),
  }));
  const worst = new Map<string, Run>();
  for (
    const [day, list] of byLocalDay(
      runs.map((r) => ({ ts: r.hours[0].ts, r })),
      input.hospital.timezone,
    )
  ) {
    worst.set(
      day,
      list.map((x) => x.r).reduce((a, b) =>
        levelRank(b.level) > levelRank(a.level) ||
          (b.level === a.level && Math.max(...b.hours.map((c) => c.p90)) >
              Math.max(...a.hours.map((c) => c.p90)))
          ? b
          : a
      ),
    );
  }
  return [...worst].map(([day, run]) => recommend(input, day, run));
}
