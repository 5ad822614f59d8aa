/**
 * Beds agent: sustained load above capacity → open surge/hallway beds and plan discharges;
 * very high load → prepare a diversion request.
 */
import { dueBefore, fmtHour, localDay, r1 } from "./format.ts";
import { departmentLoad, type LoadHour } from "./load.ts";
import type { PlanInput, Priority, RecommendationDraft } from "./types.ts";

/** Consecutive hours above capacity that count as sustained (assumption). */
export const SUSTAINED_HOURS = 3;
/** Median at this multiple of capacity for DIVERSION_HOURS in a row → prepare diversion. */
export const DIVERSION_RATIO = 1.5;
export const DIVERSION_HOURS = 2;
/** A backlog of this share of ED beds also warrants preparing diversion (assumption). */
export const DIVERSION_BACKLOG_SHARE = 0.5;
/** Hours ahead of the run that surge beds and discharges must be arranged (assumption). */
export const BED_LEAD_HOURS = 6;

/** Runs of at least SUSTAINED_HOURS consecutive hours whose median load exceeds capacity. */
export function sustainedRuns(hours: LoadHour[], capacity: number) {
  const runs: LoadHour[][] = [];
  let cur: LoadHour[] = [];
  for (const p of hours) {
    const next = cur.length && p.ts.getTime() - cur[cur.length - 1].ts.getTime() === 3_600_000;
    if (p.p50 > capacity) {
      if (!next) cur = [];
      cur.push(p);
      if (cur.length === SUSTAINED_HOURS) runs.push(cur);
    } else cur = [];
  }
  return runs;
}

/**
 * Backlog of a run: patients beyond what the beds absorb, Σ max(0, load p50 − capacity) over the
 * run (they queue until the load falls). Surge beds to open = ceil(backlog).
 */
export function backlogOf(run: LoadHour[], capacity: number): number {
  return run.reduce((s, p) => s + Math.max(0, p.p50 - capacity), 0);
}

function longestAtOrAbove(run: LoadHour[], level: number): number {
  let best = 0, cur = 0;
  for (const p of run) best = Math.max(best, cur = p.p50 >= level ? cur + 1 : 0);
  return best;
}

/** One recommendation per local day on which a sustained run starts (the worst run of it). */
export function bedsAgent(input: PlanInput): RecommendationDraft[] {
  const { capacity, hospital: h } = input;
  if (!(capacity > 0)) return [];
  const worst = new Map<string, { run: LoadHour[]; backlog: number }>();
  for (const run of sustainedRuns(departmentLoad(input.forecast), capacity)) {
    const day = localDay(run[0].ts, h.timezone);
    const backlog = backlogOf(run, capacity);
    if (!worst.has(day) || backlog > worst.get(day)!.backlog) worst.set(day, { run, backlog });
  }
  const out: RecommendationDraft[] = [];
  for (const [day, { run, backlog }] of worst) {
    const veryHigh = longestAtOrAbove(run, DIVERSION_RATIO * capacity) >= DIVERSION_HOURS ||
      backlog >= DIVERSION_BACKLOG_SHARE * h.edBeds;
    const beds = Math.max(1, Math.ceil(backlog));
    const priority: Priority = veryHigh ? "critical" : "high";
    const first = run[0].ts;
    const end = new Date(run[run.length - 1].ts.getTime() + 3_600_000);
    const span = `${fmtHour(first, h.timezone)}–${fmtHour(end, h.timezone)}`;
    const peakP50 = Math.max(...run.map((p) => p.p50));
    const peakP90 = Math.max(...run.map((p) => p.hourlyP90));
    const action = `Open ${beds} surge/hallway bed${beds > 1 ? "s" : ""} for ${span} and bring ` +
      `forward discharges and inpatient transfers before it.` +
      (veryHigh ? " Prepare a diversion request with the regional EMS coordinator." : "");
    out.push({
      agent: "beds",
      key: `beds:${day}`,
      priority,
      title: veryHigh
        ? `Prepare diversion; open ${beds} surge beds for ${span}`
        : `Open ${beds} surge bed${beds > 1 ? "s" : ""} for ${span}`,
      action,
      rationale: `${run.length} consecutive hours with the median load (averaged over the stay) ` +
        `above capacity ${r1(capacity)}/h (${span}): up to ${r1(peakP50)}/h, hourly p90 up ` +
        `to ${r1(peakP90)}/h; backlog ` +
        `Σ(p50 − capacity) = ${r1(backlog)} patients vs ${h.edBeds} ED beds.` +
        (veryHigh
          ? ` Very high: median ≥ ${DIVERSION_RATIO}× capacity for ≥ ${DIVERSION_HOURS} h or ` +
            `backlog ≥ ${DIVERSION_BACKLOG_SHARE * 100} % of beds.`
          : ""),
      evidence: {
        key: `beds:${day}`,
        capacityPerHour: r1(capacity),
        runStart: first.toISOString(),
        runHours: run.length,
        peakP50: r1(peakP50),
        hourlyPeakP90: r1(peakP90),
        backlogPatients: r1(backlog),
        surgeBeds: beds,
        edBeds: h.edBeds,
        diversion: veryHigh,
      },
      ownerRole: "coordinator",
      dueAt: dueBefore(first, BED_LEAD_HOURS, input.now),
    });
  }
  return out;
}
