/**
 * Staffing agent: nurses per shift (07–19 and 19–07 unless configured) from the census forecast at
 * the configured patients-per-nurse ratio (California Title 22: 4), against the nurses on the
 * roster: reserve nurses are called in for the shift's peak median census, and nurses for its
 * peak p90 are kept on call — staffing every shift for its one-in-ten peak would call staff in on
 * ordinary days. Also the physicians the busiest hour's arrivals need. Census beyond beds +
 * maximum surge is not staffed for: that is diversion.
 */
import { hourLevel, type Level, levelPriority, levelRank } from "../readiness.ts";
import { maxSurgeBeds, settingsUsed } from "../settings.ts";
import { localHour } from "../time_format.ts";
import { byHour, dueBefore, fmtHour, formatSpan, localDay, maxBy, s } from "./format.ts";
import type { PlanInput, Priority, RecommendationDraft } from "./types.ts";

/** Hours of notice reserve staff need (assumption). */
export const CALL_IN_LEAD_HOURS = 4;

const HOUR = 3_600_000;

/** Nurses on duty without a call-in: the roster's baseline, or beds ÷ ratio when none is set. */
export function rosterNurses(h: { edBeds: number; staffBaseline: number }, ratio: number) {
  return h.staffBaseline > 0 ? h.staffBaseline : Math.ceil(h.edBeds / ratio);
}

/** Nurses a census needs at a ratio, never more than beds + maximum surge can hold. */
export function nursesFor(census: number, maxPatients: number, ratio: number): number {
  return Math.ceil(Math.min(census, maxPatients) / ratio);
}

/** The shifts covering the census hours: consecutive hours between configured start hours. */
export function shiftsOf<T extends { ts: Date }>(hours: T[], timeZone: string, starts: number[]) {
  const out: { start: Date; hours: T[] }[] = [];
  for (const h of hours) {
    const local = localHour(h.ts, timeZone);
    const cur = out[out.length - 1];
    if (cur && !starts.includes(local)) {
      cur.hours.push(h);
      continue;
    }
    // The first shift may have begun before the first forecast hour.
    const since = Math.min(...starts.map((x) => (local - x + 24) % 24));
    out.push({ start: new Date(h.ts.getTime() - since * HOUR), hours: [h] });
  }
  return out;
}

/** One recommendation per shift whose peak census needs more nurses than the roster has. */
export function staffingAgent(input: PlanInput): RecommendationDraft[] {
  const { hospital: h, settings: st } = input;
  if (!(h.edBeds > 0) || !input.census.length) return [];
  const ratio = st.patientsPerNurse;
  const roster = rosterNurses(h, ratio);
  const maxPatients = h.edBeds + maxSurgeBeds(h.edBeds, st);
  const arrivals = new Map(input.forecast.map((p) => [p.ts.getTime(), p]));
  const out: RecommendationDraft[] = [];
  for (const shift of shiftsOf(input.census, h.timezone, st.shiftStartHours)) {
    const peak = maxBy(shift.hours, (c) => c.p90);
    const peakP50 = Math.max(...shift.hours.map((c) => c.p50));
    const needed = nursesFor(peak.p90, maxPatients, ratio);
    const forMedian = nursesFor(peakP50, maxPatients, ratio);
    const callIn = Math.max(0, forMedian - roster);
    const onCall = Math.max(0, needed - Math.max(roster, forMedian));
    if (callIn + onCall <= 0) continue;
    const level = shift.hours.reduce<Level>((a, c) => {
      const l = hourLevel(c, h.edBeds, st);
      return levelRank(l) > levelRank(a) ? l : a;
    }, "normal");
    // The shift's readiness decides how urgent a call-in is; standby alone is low.
    const priority: Priority = callIn > 0 ? levelPriority[level] ?? "low" : "low";
    const next = st.shiftStartHours.map((x) => (x - localHour(shift.start, h.timezone) + 24) % 24)
      .filter((d) => d > 0);
    const end = new Date(shift.start.getTime() + (next.length ? Math.min(...next) : 24) * HOUR);
    const span = formatSpan(shift.start, end, h.timezone);
    const busiest = maxBy(shift.hours, (c) => arrivals.get(c.ts.getTime())?.p90 ?? 0);
    const peakArrivals = arrivals.get(busiest.ts.getTime())?.p90 ?? 0;
    const physicians = Math.ceil(peakArrivals / st.patientsPerPhysicianHour);
    const due = dueBefore(shift.start, CALL_IN_LEAD_HOURS, input.now);
    const standby = onCall > 0 ? `keep ${onCall} nurse${s(onCall)} on call` : "";
    out.push({
      agent: "staffing",
      key: `staffing:${localDay(shift.start, h.timezone)}:${localHour(shift.start, h.timezone)}`,
      priority,
      title: callIn > 0
        ? `Call in ${callIn} reserve nurse${s(callIn)} for the ${span} shift` +
          (onCall > 0 ? ` and ${standby}` : "")
        : `Keep ${onCall} nurse${s(onCall)} on call for the ${span} shift`,
      action: (callIn > 0
        ? `Call in ${callIn} reserve ED nurse${s(callIn)} (or extend shifts) so that ` +
          `${roster + callIn} nurses cover ${span}${onCall > 0 ? `, and ${standby}` : ""}`
        : `${standby[0].toUpperCase()}${standby.slice(1)} for ${span}`) +
        `; confirm ${
          byHour(due, input.now, h.timezone)
        }. Physicians on the floor at the busiest hour ` +
        `(${fmtHour(busiest.ts, h.timezone)}): ${physicians}.`,
      rationale: `Census forecast up to ${peakP50} patients (median) and ${peak.p90} (p90, at ` +
        `${fmtHour(peak.ts, h.timezone)})` +
        (peak.p90 > maxPatients
          ? ` — staffed only up to ${maxPatients} (beds + maximum surge; beyond is diversion)`
          : "") +
        `: at ${ratio} patients per nurse ${forMedian} nurses for the median and ${needed} for ` +
        `the p90, ${roster} on the roster → call in ${callIn}, on call ${onCall}. Peak arrivals ` +
        `${Math.round(peakArrivals * 10) / 10}/h (p90) ÷ ${st.patientsPerPhysicianHour} per ` +
        `physician-hour → ${physicians} physicians.`,
      evidence: {
        level,
        shiftStart: shift.start.toISOString(),
        shiftEnd: end.toISOString(),
        peakCensusP90: peak.p90,
        peakCensusP50: peakP50,
        peakAt: peak.ts.toISOString(),
        nursesNeeded: needed,
        nursesForMedian: forMedian,
        rosterNurses: roster,
        callIn,
        onCall,
        rosterSource: h.staffBaseline > 0 ? "hospital staffBaseline" : "beds ÷ ratio",
        extraNurses: callIn + onCall,
        physiciansAtPeak: physicians,
        peakArrivalsP90: Math.round(peakArrivals * 10) / 10,
        maxPatientsStaffed: maxPatients,
        settings: settingsUsed(st, [
          "patientsPerNurse",
          "patientsPerPhysicianHour",
          "shiftStartHours",
          "maxSurgeShare",
        ]),
      },
      ownerRole: "coordinator",
      hicsRole: "Operations Section Chief",
      dueAt: due,
    });
  }
  return out;
}
