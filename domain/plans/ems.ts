/** EMS agent: ambulances to stage at each nearby event, from its expected transfers (TTHR). */
import { dueBefore, fmtHour, r1 } from "./format.ts";
import type { PlanEvent, PlanInput, Priority, RecommendationDraft } from "./types.ts";

/**
 * Hours one ambulance is busy per transfer: on scene, transport, handover, return.
 * Assumption (uncertain, keep configurable).
 */
export const AMBULANCE_CYCLE_HOURS = 1.5;
/** One-sided 95 % normal quantile: staging covers busy hours, not only the average hour. */
export const STAGING_Z = 1.645;
/** Hours before the gates open that staged units should be in place (assumption). */
export const STAGING_LEAD_HOURS = 2;

/**
 * Units to stage: transfers per hour λ = expected transfers ÷ event hours (TTHR × attendance /
 * 1,000 with the event modifiers); busy units m = λ × cycle hours; stage ceil(m + 1.645·√m)
 * (Poisson load, normal approximation), at least 1.
 */
export function ambulancesToStage(transfers: number, eventHours: number): number {
  const m = transfers / Math.max(1, eventHours) * AMBULANCE_CYCLE_HOURS;
  return Math.max(1, Math.ceil(m + STAGING_Z * Math.sqrt(m)));
}

/** High from 4 units or ≥ 10 transfers to this hospital, medium from 2 units, else low. */
export function emsPriority(units: number, transfersHere: number): Priority {
  if (units >= 4 || transfersHere >= 10) return "high";
  return units >= 2 ? "medium" : "low";
}

function recommend(e: PlanEvent, input: PlanInput): RecommendationDraft {
  const tz = input.hospital.timezone;
  const hours = (e.endsAt.getTime() - e.startsAt.getTime()) / 3_600_000;
  const perHour = e.transfers / Math.max(1, hours);
  const units = ambulancesToStage(e.transfers, hours);
  return {
    agent: "ems",
    key: `ems:${e.code}`,
    priority: emsPriority(units, e.transfersHere),
    title: `Stage ${units} ambulance${units > 1 ? "s" : ""} at ${e.name}`,
    action: `Stage ${units} ambulance${units > 1 ? "s" : ""} at ${e.name} from ` +
      `${fmtHour(e.startsAt, tz)} to ${fmtHour(e.endsAt, tz)}; agree with the event medical ` +
      `director that ${input.hospital.name} receives about ${Math.round(e.share * 100)} % of ` +
      `transfers.`,
    rationale: `${e.expectedAttendance.toLocaleString("en-US")} attendees (${e.type}, ` +
      `${r1(e.distanceKm)} km away): ≈${Math.round(e.onSite)} on-site presentations and ` +
      `${r1(e.transfers)} transfers (PPR/TTHR by event type) over ${r1(hours)} h = ` +
      `${r1(perHour)}/h; × ${AMBULANCE_CYCLE_HOURS} h per transfer = ` +
      `${r1(perHour * AMBULANCE_CYCLE_HOURS)} busy units, + ${STAGING_Z}·√ for peaks → ${units}. ` +
      `${r1(e.transfersHere)} transfers expected here.`,
    evidence: {
      key: `ems:${e.code}`,
      event: e.code,
      attendance: e.expectedAttendance,
      distanceKm: r1(e.distanceKm),
      onSitePresentations: r1(e.onSite),
      transfers: r1(e.transfers),
      eventHours: r1(hours),
      transfersPerHour: Math.round(perHour * 100) / 100,
      cycleHours: AMBULANCE_CYCLE_HOURS,
      shareHere: Math.round(e.share * 100) / 100,
      transfersHere: r1(e.transfersHere),
      ambulances: units,
      assumptions: ["ambulance cycle 1.5 h", "stage for the 95th percentile hour"],
    },
    ownerRole: "organizer",
    dueAt: dueBefore(e.startsAt, STAGING_LEAD_HOURS, input.now),
  };
}

/** One staging recommendation per event near the hospital with at least one expected transfer. */
export function emsAgent(input: PlanInput): RecommendationDraft[] {
  return input.events
    .filter((e) => e.transfers >= 1 && e.endsAt > input.now)
    .map((e) => recommend(e, input));
}
