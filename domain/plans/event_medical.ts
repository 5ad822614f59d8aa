/**
 * Event-medical agent: for each nearby event, the on-site presentations to expect (PPR by event
 * type, DOMAIN.md), the ambulances to stage from its transfers (TTHR) and the organisation's
 * ambulance cycle, and which hospitals should receive its transfers — never one whose census is
 * forecast over its beds during the event (conflict resolution, domain/plans/events.ts).
 */
import { settingsUsed } from "../settings.ts";
import { COVER_MIN_ATTENDANCE, type MedicalCover, medicalCover } from "../event_cover.ts";
import { levelRank } from "../readiness.ts";
import { dueBefore, formatSpan, r1, s } from "./format.ts";
import type { PlanEvent, PlanInput, Priority, RecommendationDraft } from "./types.ts";

/** One-sided 95 % normal quantile: staging covers busy hours, not only the average hour. */
export const STAGING_Z = 1.645;
/** Hours before the gates open that staged units should be in place (assumption). */
export const STAGING_LEAD_HOURS = 2;

/**
 * Units to stage: transfers per hour λ = expected transfers ÷ event hours; busy units
 * m = λ × cycle hours; stage ceil(m + 1.645·√m) (Poisson load, normal approximation), at least 1.
 */
export function ambulancesToStage(transfers: number, eventHours: number, cycleHours: number) {
  const m = transfers / Math.max(1, eventHours) * cycleHours;
  return Math.max(1, Math.ceil(m + STAGING_Z * Math.sqrt(m)));
}

/** High from 4 units or ≥ 10 transfers to this hospital, medium from 2 units, else low. */
export function eventPriority(units: number, transfersHere: number): Priority {
  if (units >= 4 || transfersHere >= 10) return "high";
  return units >= 2 ? "medium" : "low";
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** "8 first aiders, 2 paramedics or nurses, 1 doctor and 1 site ambulance (doctor-led, tier 5)". */
function coverWords(c: MedicalCover): string {
  const parts = [
    `${c.firstAiders} first aider${s(c.firstAiders)}`,
    c.paramedicsOrNurses
      ? `${c.paramedicsOrNurses} paramedic${s(c.paramedicsOrNurses)} or nurses`
      : "",
    c.doctors ? `${c.doctors} doctor${s(c.doctors)}` : "",
    c.siteAmbulances ? `${c.siteAmbulances} site ambulance${s(c.siteAmbulances)}` : "",
  ].filter(Boolean);
  return `${parts.join(", ")} (${c.led}-led, Purple Guide tier ${c.tier})`;
}

function recommend(e: PlanEvent, input: PlanInput): RecommendationDraft {
  const h = input.hospital, tz = h.timezone, cycle = input.settings.ambulanceCycleHours;
  const hours = (e.endsAt.getTime() - e.startsAt.getTime()) / 3_600_000;
  const perHour = e.transfers / Math.max(1, hours);
  const cover = medicalCover(e, e.dailyAttendance);
  // Site ambulances by crowd size, or more when the expected transfers need them.
  const units = Math.max(
    e.transfers >= 1 ? ambulancesToStage(e.transfers, hours, cycle) : 0,
    cover.siteAmbulances,
  );
  const me = e.receiving.find((r) => r.code === h.code);
  const proposed = e.receiving.filter((r) => r.proposedShare > 0);
  const allOver = e.receiving.length > 0 &&
    e.receiving.every((r) => levelRank(r.level) >= levelRank("strained"));
  const divertedFromHere = me !== undefined && me.proposedShare === 0;
  const routing = proposed.map((r) => `${r.name} ${pct(r.proposedShare)}`).join(", ");
  const span = formatSpan(e.startsAt, e.endsAt, tz);
  let priority = e.transfers >= 1 ? eventPriority(units, e.transfersHere) : "medium";
  if (divertedFromHere || allOver) priority = priority === "low" ? "medium" : "high";
  const action = `On-site medical cover for about ${e.dailyAttendance.toLocaleString("en-US")} ` +
    `people a day at ${e.name} (${span}): ${coverWords(cover)}; stage ${units} ambulance${
      s(units)
    }; expect about ${Math.round(e.onSite)} on-site presentations and ${r1(e.transfers)} ` +
    `transfers. ` +
    (divertedFromHere
      ? `${h.name} is forecast over capacity during the event: ask the event medical director ` +
        `and EMS to take transfers to ${routing} instead.`
      : allOver
      ? `Every nearby hospital is forecast over capacity during the event: ask the regional EMS ` +
        `coordinator for mutual aid; transfers by distance: ${routing}.`
      : `Receiving hospitals for transfers: ${routing}.`);
  return {
    agent: "event_medical",
    key: `event_medical:${e.code}`,
    priority,
    title: divertedFromHere
      ? `Route ${e.name}'s transfers away from ${h.name} (over capacity)`
      : e.transfers >= 1
      ? `Stage ${units} ambulance${s(units)} at ${e.name}`
      : `Plan on-site medical cover at ${e.name}: ${cover.led}-led, ${cover.firstAiders} first aiders`,
    action,
    rationale:
      `${e.expectedAttendance.toLocaleString("en-US")} attendees (${e.type.replace("_", " ")}, ${
        r1(e.distanceKm)
      } km away): ${e.pprUsed} presentations per 1,000 (type's PPR with ` +
      `setting and heat modifiers) ≈ ${Math.round(e.onSite)} on site and ${r1(e.transfers)} ` +
      `transfers over ${r1(hours)} h = ${r1(perHour)}/h; × ${cycle} h per transfer ` +
      `(organisation setting) = ${r1(perHour * cycle)} busy units, + ${STAGING_Z}·√ for peaks → ` +
      `${units}. By distance ${pct(e.share)} of transfers (${r1(e.transfersHere)}) would come ` +
      `here.`,
    evidence: {
      event: e.code,
      attendance: e.expectedAttendance,
      attendanceBasis: e.attendanceBasis,
      dailyAttendance: e.dailyAttendance,
      medicalCover: cover,
      distanceKm: r1(e.distanceKm),
      pprUsed: e.pprUsed,
      onSitePresentations: r1(e.onSite),
      transfers: r1(e.transfers),
      eventHours: r1(hours),
      transfersPerHour: Math.round(perHour * 100) / 100,
      ambulances: units,
      shareHere: Math.round(e.share * 100) / 100,
      transfersHere: r1(e.transfersHere),
      receiving: e.receiving.map((r) => ({
        hospital: r.code,
        share: Math.round(r.share * 100) / 100,
        proposedShare: Math.round(r.proposedShare * 100) / 100,
        level: r.level,
      })),
      divertedFromHere,
      allReceivingOverCapacity: allOver,
      assumptions: ["stage for the 95th percentile hour"],
      settings: settingsUsed(input.settings, ["ambulanceCycleHours"]),
    },
    ownerRole: "organizer",
    hicsRole: "Liaison Officer",
    dueAt: dueBefore(e.startsAt, STAGING_LEAD_HOURS, input.now),
  };
}

/**
 * One recommendation per event near the hospital with at least one expected transfer or a crowd
 * of COVER_MIN_ATTENDANCE a day (on-site cover is needed whether or not transfers reach the ED).
 */
export function eventMedicalAgent(input: PlanInput): RecommendationDraft[] {
  return input.events
    .filter((e) =>
      (e.transfers >= 1 || e.dailyAttendance >= COVER_MIN_ATTENDANCE) && e.endsAt > input.now
    )
    .map((e) => recommend(e, input));
}
