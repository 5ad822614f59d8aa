/**
 * Communications agent: who tells whom what, through which channel and by when (HICS roles,
 * DOMAIN.md), for each situation the other agents found: the ED's capacity (regional EMS and the
 * status board), heat and air quality (the public, staff, event organisers) and each event
 * (its medical director and EMS). Its priority is the situation's, so it never says more or
 * less than the item it announces.
 */
import { levelPriority, levelText } from "../readiness.ts";
import { byHour, dueBefore, fmtHour, fromHour, localDay } from "./format.ts";
import type { HicsRole, PlanInput, Priority, RecommendationDraft } from "./types.ts";

export interface CommunicationStep {
  who: HicsRole;
  whom: string;
  channel: string;
  by: string;
  message: string;
}

/** Hours before a capacity problem that EMS and the status board must know (assumption). */
export const STATUS_LEAD_HOURS = 2;
/** Hours before an event that its medical director gets the hospital's briefing. */
export const EVENT_BRIEFING_LEAD_HOURS = 24;

const rank = { critical: 0, high: 1, medium: 2, low: 3 } as const;

function item(
  input: PlanInput,
  key: string,
  priority: Priority,
  title: string,
  steps: CommunicationStep[],
  dueAt: Date,
  about: string,
): RecommendationDraft {
  const tz = input.hospital.timezone;
  return {
    agent: "communications",
    key: `communications:${key}`,
    priority,
    title,
    action: steps.map((st) =>
      `${st.who} → ${st.whom} (${st.channel}), ${
        byHour(new Date(st.by), input.now, tz)
      }: ${st.message}`
    ).join(" "),
    rationale: `Announces: ${about}`,
    evidence: { about, steps, settings: {} },
    ownerRole: "coordinator",
    hicsRole: steps[0].who,
    dueAt,
  };
}

function capacity(input: PlanInput): RecommendationDraft[] {
  const r = input.readiness;
  if (r.level === "unknown" || r.level === "normal" || !r.from || !r.peak) return [];
  const from = new Date(r.from), tz = input.hospital.timezone;
  const by = dueBefore(from, STATUS_LEAD_HOURS, input.now).toISOString();
  const h = input.hospital;
  const since = fromHour(from, input.now, tz);
  const figures = `a 1 in 10 chance of more than ${r.peak.p90} patients in the ED for ` +
    `${h.edBeds} staffed beds, ${since}`;
  const steps: CommunicationStep[] = [{
    who: "Liaison Officer",
    whom: "regional EMS coordinator and the regional status board (EMResource)",
    channel: "status board update and a phone call",
    by,
    message: r.level === "critical"
      ? `request diversion of ambulances ${since}; ${figures}.`
      : r.level === "strained"
      ? `set status to "advisory" ${since}; ${figures}; surge beds opening.`
      : `pre-advise a possible "advisory" status; ${figures}.`,
  }, {
    who: "Operations Section Chief",
    whom: "house supervisor and bed management",
    channel: "bed huddle",
    by,
    message: `plan discharges and inpatient transfers ${
      since === "now" ? "now" : `ahead of ${fmtHour(from, tz)}`
    }; ${figures}.`,
  }];
  if (r.level !== "elevated") {
    steps.push({
      who: "Incident Commander",
      whom: "hospital executive on call",
      channel: "phone",
      by,
      message: r.level === "critical"
        ? "ED beyond surge capacity: activate the hospital surge plan and approve diversion."
        : "ED over staffed beds: surge beds and reserve staff are being activated.",
    });
  }
  return [item(
    input,
    `capacity:${localDay(from, tz)}`,
    levelPriority[r.level]!,
    `Tell regional EMS and the status board: ED ${levelText(r.level)} ${since}`,
    steps,
    new Date(by),
    `capacity (${r.level})`,
  )];
}

function conditions(input: PlanInput, drafts: RecommendationDraft[]): RecommendationDraft[] {
  const out: RecommendationDraft[] = [];
  for (const agent of ["heat", "air_quality"] as const) {
    const mine = drafts.filter((d) =>
      d.agent === agent && d.evidence.where === "hospital" && rank[d.priority] <= rank.medium
    );
    for (const d of mine) {
      const by = (d.dueAt ?? input.now).toISOString();
      const what = agent === "heat" ? "heat" : "air-quality";
      const steps: CommunicationStep[] = [{
        who: "Public Information Officer",
        whom: "the public and local media",
        channel: "website, social media and a media release",
        by,
        message: `${what} advisory: ${d.title}. ${d.action}`,
      }, {
        who: "Safety Officer",
        whom: "all ED and outdoor staff",
        channel: "staff message and shift huddles",
        by,
        message: `${d.title}; hydration, breaks and protective measures for staff.`,
      }];
      if (input.events.length) {
        steps.push({
          who: "Liaison Officer",
          whom: `organisers of ${input.events.map((e) => e.name).join(", ")}`,
          channel: "phone and e-mail",
          by,
          message: `${d.title}; the hospital's advice for their sites.`,
        });
      }
      const announce = item(
        input,
        d.key,
        d.priority,
        `Announce the ${what} advisory (${d.title})`,
        steps,
        new Date(by),
        d.key,
      );
      // A public message: once per organisation, not once per hospital of the same area
      // (domain/plans/consolidate.ts onceForOrganisation).
      out.push({ ...announce, evidence: { ...announce.evidence, orgWide: true } });
    }
  }
  return out;
}

function events(input: PlanInput, drafts: RecommendationDraft[]): RecommendationDraft[] {
  const out: RecommendationDraft[] = [];
  for (const d of drafts.filter((x) => x.agent === "event_medical")) {
    const e = input.events.find((x) => x.code === d.evidence.event);
    if (!e) continue;
    const by = dueBefore(e.startsAt, EVENT_BRIEFING_LEAD_HOURS, input.now).toISOString();
    out.push(item(
      input,
      `event:${e.code}`,
      d.priority,
      `Brief ${e.name}'s medical director and EMS`,
      [{
        who: "Liaison Officer",
        whom: `${e.name} event medical director and the EMS agency`,
        channel: "phone, then a written briefing",
        by,
        message: d.action,
      }],
      new Date(by),
      d.key,
    ));
  }
  return out;
}

/** Runs after the other agents: one communication per situation they found. */
export function communicationsAgent(
  input: PlanInput,
  drafts: RecommendationDraft[],
): RecommendationDraft[] {
  return [...capacity(input), ...conditions(input, drafts), ...events(input, drafts)];
}
