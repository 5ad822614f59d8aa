/**
 * Staffing agent: for each local day with hours whose forecast exceeds capacity, call in
 * reserve staff or extend shifts, with a nurse count from a documented ratio.
 */
import { ED_LENGTH_OF_STAY_HOURS } from "../../demo/sim_params.ts";
import { byLocalDay, dueBefore, fmtHour, maxBy, r1 } from "./format.ts";
import { departmentLoad } from "./load.ts";
import type { PlanInput, Priority, RecommendationDraft } from "./types.ts";

/**
 * Patients per ED nurse. Assumption (uncertain, keep configurable): the 1:4 emergency-department
 * ratio California mandates (Title 22); hospitals elsewhere set their own.
 */
export const PATIENTS_PER_NURSE = 4;
/** Hours of notice reserve staff need (assumption). */
export const CALL_IN_LEAD_HOURS = 4;

/**
 * Priority from the margin of the load (averaged over the stay, load.ts) over capacity: critical
 * when the median is ≥ 1.5× capacity, high when the median exceeds it, medium when only the p90
 * does by ≥ 25 %, low below that.
 */
export function staffingPriority(peakP50: number, peakP90: number, capacity: number): Priority {
  if (peakP50 >= 1.5 * capacity) return "critical";
  if (peakP50 > capacity) return "high";
  return peakP90 >= 1.25 * capacity ? "medium" : "low";
}

/**
 * Extra nurses to cover the p90 load: arrivals above capacity stay about one length of stay
 * (5 h), so (p90 − capacity) × 5 patients more are in the department; ÷ patients per nurse.
 */
export function extraNurses(peakP90: number, capacity: number): number {
  return Math.ceil(Math.max(0, peakP90 - capacity) * ED_LENGTH_OF_STAY_HOURS / PATIENTS_PER_NURSE);
}

/** One recommendation per local day whose load (p90 or median) exceeds capacity. */
export function staffingAgent(input: PlanInput): RecommendationDraft[] {
  const { capacity, hospital: h } = input;
  if (!(capacity > 0)) return [];
  const out: RecommendationDraft[] = [];
  for (const [day, hours] of byLocalDay(departmentLoad(input.forecast), h.timezone)) {
    const over = hours.filter((p) => p.p90 > capacity || p.p50 > capacity);
    if (!over.length) continue;
    const peak = maxBy(over, (p) => p.p90);
    const peakP50 = Math.max(...over.map((p) => p.p50));
    const hourly = maxBy(hours, (p) => p.hourlyP90);
    const nurses = Math.max(1, extraNurses(peak.p90, capacity));
    const first = over[0].ts;
    const last = new Date(over[over.length - 1].ts.getTime() + 3_600_000);
    const span = `${fmtHour(first, h.timezone)}–${fmtHour(last, h.timezone)}`;
    out.push({
      agent: "staffing",
      key: `staffing:${day}`,
      priority: staffingPriority(peakP50, peak.p90, capacity),
      title: `Call in ${nurses} reserve nurse${nurses > 1 ? "s" : ""} for ${span}`,
      action: `Call in ${nurses} reserve ED nurse${nurses > 1 ? "s" : ""} or extend shifts ` +
        `covering ${span}; confirm by ${
          fmtHour(dueBefore(first, CALL_IN_LEAD_HOURS, input.now), h.timezone)
        }.`,
      rationale: `p90 peaks at ${r1(hourly.hourlyP90)} arrivals/h at ` +
        `${fmtHour(hourly.ts, h.timezone)} vs capacity ${r1(capacity)}/h. Averaged over the ` +
        `${ED_LENGTH_OF_STAY_HOURS} h stay the load reaches ${r1(peak.p90)}/h (p90) and ` +
        `${r1(peakP50)}/h (median) at ${fmtHour(peak.ts, h.timezone)}; ${over.length} h above ` +
        `capacity. Extra ${r1(peak.p90 - capacity)} arrivals/h × ${ED_LENGTH_OF_STAY_HOURS} h ÷ ` +
        `${PATIENTS_PER_NURSE} patients per nurse (assumed ratio) → ${nurses}.`,
      evidence: {
        key: `staffing:${day}`,
        capacityPerHour: r1(capacity),
        hourlyPeakP90: r1(hourly.hourlyP90),
        hourlyPeakAt: hourly.ts.toISOString(),
        loadP90: r1(peak.p90),
        loadP50: r1(peakP50),
        loadPeakAt: peak.ts.toISOString(),
        hoursOverCapacity: over.length,
        lengthOfStayHours: ED_LENGTH_OF_STAY_HOURS,
        patientsPerNurse: PATIENTS_PER_NURSE,
        assumptions: ["patients per nurse 1:4 (California ED ratio)", "call-in lead 4 h"],
        extraNurses: nurses,
      },
      ownerRole: "coordinator",
      dueAt: dueBefore(first, CALL_IN_LEAD_HOURS, input.now),
    });
  }
  return out;
}
