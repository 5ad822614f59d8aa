/**
 * Staffing agent: one item per hospital with a per-shift table (07–19 and 19–07 unless
 * configured). Nurses come from the patients forecast to be present ÷ the patients-per-nurse
 * ratio (California Title 22: 4) — all of them: patients beyond beds + maximum surge still need
 * nursing (diversion turns away ambulances, not walk-ins or boarders), so that excess is flagged
 * "beyond surge", never capped away. Reserve nurses are called in for the shift's peak median
 * census and nurses for its peak p90 kept on call (staffing every shift for its one-in-ten peak
 * would call staff in on ordinary days). Physicians come from the expected arrivals (the
 * forecast's `mean`, its median where a forecast has no mean), not from a p90.
 */
import { hourLevel, type Level, levelPriority, levelRank } from "../readiness.ts";
import { maxSurgeBeds, settingsUsed } from "../settings.ts";
import { localHour } from "../time_format.ts";
import { byHour, dueBefore, expectedArrivals, formatSpan, maxBy, r1, s } from "./format.ts";
import type { PlanInput, Priority, RecommendationDraft } from "./types.ts";

/** Hours of notice reserve staff need (assumption). */
export const CALL_IN_LEAD_HOURS = 4;

const HOUR = 3_600_000;

/** Nurses on duty without a call-in: the roster's baseline, or beds ÷ ratio when none is set. */
export function rosterNurses(h: { edBeds: number; staffBaseline: number }, ratio: number) {
  return h.staffBaseline > 0 ? h.staffBaseline : Math.ceil(h.edBeds / ratio);
}

/** Nurses the patients present need at a ratio (all of them, beyond surge too). */
export function nursesFor(census: number, ratio: number): number {
  return Math.ceil(Math.max(0, census) / ratio);
}

export { expectedArrivals } from "./format.ts";

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

/** One row of the staffing table. */
export interface ShiftRow {
  start: string;
  end: string;
  /** "Fri 07:00–19:00 PDT". */
  span: string;
  level: Level;
  peakCensusP50: number;
  peakCensusP90: number;
  peakAt: string;
  nursesForMedian: number;
  nursesNeeded: number;
  rosterNurses: number;
  callIn: number;
  onCall: number;
  /** Patients (median) beyond beds + maximum surge at the shift's peak: staffed, and flagged. */
  beyondSurge: number;
  /** Expected arrivals over the shift's forecast hours, and at its busiest hour. */
  expectedArrivals: number;
  peakArrivalsMean: number;
  physiciansAtPeak: number;
  /** The shift had begun before this plan; `hoursLeft` of it remain. */
  underWay: boolean;
  hoursLeft: number;
  /** More than half of it is over: only what can still be arranged is asked for. */
  halfOver: boolean;
}

/** The staffing table of the plan window and the one item that carries it, if any is needed. */
export function staffingAgent(input: PlanInput): RecommendationDraft[] {
  const { hospital: h, settings: st } = input;
  if (!(h.edBeds > 0) || !input.census.length) return [];
  const ratio = st.patientsPerNurse;
  const roster = rosterNurses(h, ratio);
  const maxPatients = h.edBeds + maxSurgeBeds(h.edBeds, st);
  const arrivals = new Map(input.forecast.map((p) => [p.ts.getTime(), p]));
  const rows: ShiftRow[] = [];
  for (const shift of shiftsOf(input.census, h.timezone, st.shiftStartHours)) {
    const peak = maxBy(shift.hours, (c) => c.p90);
    const peakP50 = Math.max(...shift.hours.map((c) => c.p50));
    const needed = nursesFor(peak.p90, ratio);
    const forMedian = nursesFor(peakP50, ratio);
    const level = shift.hours.reduce<Level>((a, c) => {
      const l = hourLevel(c, h.edBeds, st);
      return levelRank(l) > levelRank(a) ? l : a;
    }, "normal");
    const next = st.shiftStartHours.map((x) => (x - localHour(shift.start, h.timezone) + 24) % 24)
      .filter((d) => d > 0);
    const length = next.length ? Math.min(...next) : 24;
    const end = new Date(shift.start.getTime() + length * HOUR);
    const expected = shift.hours.map((c) => {
      const p = arrivals.get(c.ts.getTime());
      return p ? expectedArrivals(p) : 0;
    });
    const peakArrivals = Math.max(0, ...expected);
    const hoursLeft = Math.max(0, Math.round((end.getTime() - input.now.getTime()) / HOUR));
    rows.push({
      start: shift.start.toISOString(),
      end: end.toISOString(),
      span: formatSpan(shift.start, end, h.timezone),
      level,
      peakCensusP50: peakP50,
      peakCensusP90: peak.p90,
      peakAt: peak.ts.toISOString(),
      nursesForMedian: forMedian,
      nursesNeeded: needed,
      rosterNurses: roster,
      callIn: Math.max(0, forMedian - roster),
      onCall: Math.max(0, needed - Math.max(roster, forMedian)),
      beyondSurge: Math.max(0, peakP50 - maxPatients),
      expectedArrivals: r1(expected.reduce((a, b) => a + b, 0)),
      peakArrivalsMean: r1(peakArrivals),
      physiciansAtPeak: Math.max(1, Math.ceil(peakArrivals / st.patientsPerPhysicianHour)),
      underWay: shift.start.getTime() < input.now.getTime(),
      hoursLeft,
      halfOver: input.now.getTime() - shift.start.getTime() > (length * HOUR) / 2,
    });
  }
  const short = rows.filter((r) => r.callIn + r.onCall > 0);
  if (!short.length) return [];
  return [staffingItem(input, rows, short, roster, maxPatients)];
}

/** Words of one row: "Fri 07:00–19:00 PDT: call in 2, 1 on call (under way, 3 h left)". */
function rowWords(r: ShiftRow): string {
  const asks = [
    r.callIn > 0 ? `call in ${r.callIn}` : "",
    r.onCall > 0 ? `${r.onCall} on call` : "",
  ].filter(Boolean).join(", ");
  const when = r.halfOver
    ? ` (more than half over, ${r.hoursLeft} h left: only what can still arrive in time)`
    : r.underWay
    ? ` (under way, ${r.hoursLeft} h left)`
    : "";
  const beyond = r.beyondSurge > 0 ? `; ${r.beyondSurge} patients beyond surge` : "";
  return `${r.span}: ${asks} → ${r.rosterNurses + r.callIn} nurses for a median of ` +
    `${r.peakCensusP50} patients${beyond}; ${r.physiciansAtPeak} physician${
      s(r.physiciansAtPeak)
    } at the busiest hour${when}`;
}

function staffingItem(
  input: PlanInput,
  rows: ShiftRow[],
  short: ShiftRow[],
  roster: number,
  maxPatients: number,
): RecommendationDraft {
  const { hospital: h, settings: st } = input;
  const first = short[0];
  // The worst shift needing a call-in decides the urgency; standby alone is low.
  const priority = short.reduce<Priority>((a, r) => {
    const p: Priority = r.callIn > 0 ? levelPriority[r.level] ?? "low" : "low";
    return rank(p) < rank(a) ? p : a;
  }, "low");
  const callIns = short.filter((r) => r.callIn > 0);
  const beyond = rows.filter((r) => r.beyondSurge > 0);
  const due = dueBefore(new Date(first.start), CALL_IN_LEAD_HOURS, input.now);
  const totalCallIn = Math.max(0, ...short.map((r) => r.callIn));
  const title = callIns.length
    ? `Call in up to ${totalCallIn} reserve nurse${s(totalCallIn)}: ${callIns.length} of the ` +
      `next ${rows.length} shifts short (first ${callIns[0].span})`
    : `Keep nurses on call for ${short.length} of the next ${rows.length} shifts (first ${first.span})`;
  return {
    agent: "staffing",
    key: "staffing",
    priority,
    title: beyond.length ? `${title}; patients beyond surge` : title,
    action: `Per shift — ${short.map(rowWords).join(" · ")}. Confirm the first ` +
      `${byHour(due, input.now, h.timezone)}.` +
      (beyond.length
        ? ` Beyond beds + surge (${maxPatients}) the patients still need nurses: diversion ` +
          `turns away ambulances, not walk-ins or boarders.`
        : ""),
    rationale: `Nurses from the patients forecast present ÷ ${st.patientsPerNurse} per nurse ` +
      `(median → call in, p90 → on call) against ${roster} on the roster; physicians from the ` +
      `expected arrivals of the busiest hour ÷ ${st.patientsPerPhysicianHour} per ` +
      `physician-hour. Every shift of the next 72 h is in the table (evidence.shifts).`,
    evidence: {
      level: short.reduce<Level>(
        (a, r) => levelRank(r.level) > levelRank(a) ? r.level : a,
        "normal",
      ),
      shifts: rows,
      // The busiest short shift's figures, for summaries.
      nursesNeeded: Math.max(...short.map((r) => r.nursesNeeded)),
      extraNurses: Math.max(...short.map((r) => r.callIn + r.onCall)),
      callIn: totalCallIn,
      beyondSurge: Math.max(0, ...rows.map((r) => r.beyondSurge)),
      rosterNurses: roster,
      rosterSource: h.staffBaseline > 0 ? "hospital staffBaseline" : "beds ÷ ratio",
      maxPatientsInBedsAndSurge: maxPatients,
      arrivalsBasis: input.forecast.some((p) => typeof (p as { mean?: number }).mean === "number")
        ? "forecast mean"
        : "forecast median (no mean in this forecast)",
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
  };
}

const order: Priority[] = ["critical", "high", "medium", "low"];
const rank = (p: Priority) => order.indexOf(p);
