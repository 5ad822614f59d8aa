/**
 * Heat agent: NWS heat-index categories of the forecast at the hospital (community advisory,
 * ED readiness) and at each nearby event during it (shade, water, cooling, rest on site).
 */
import { settingsUsed } from "../settings.ts";
import { byLocalDay, dueBefore, fmtHour, formatSpan, fromHour, maxBy, r1 } from "./format.ts";
import type { PlanEvent, PlanInput, Priority, RecommendationDraft } from "./types.ts";

/**
 * NWS heat index categories in °C (80 / 90 / 103 / 125 °F), highest first, with the priority
 * each warrants: caution low, extreme caution medium, danger high, extreme danger critical.
 */
export const heatCategories = [
  { name: "extreme danger", minC: 51, priority: "critical" },
  { name: "danger", minC: 39, priority: "high" },
  { name: "extreme caution", minC: 32, priority: "medium" },
  { name: "caution", minC: 27, priority: "low" },
] as const satisfies readonly { name: string; minC: number; priority: Priority }[];

export type HeatCategory = typeof heatCategories[number];

/** The NWS category of a heat index (°C), or null below caution. */
export function heatCategoryOf(heatIndexC: number): HeatCategory | null {
  return heatCategories.find((c) => heatIndexC >= c.minC) ?? null;
}

/** Hours before the first hot hour that an advisory should be out (assumption). */
export const ADVISORY_LEAD_HOURS = 12;
/** Hours before an event that its organisers need to add shade, water and cooling. */
export const EVENT_HEAT_LEAD_HOURS = 24;

const advice: Record<HeatCategory["name"], string> = {
  "caution":
    "Remind staff and event medical teams: fatigue possible with prolonged exposure; keep water available.",
  "extreme caution":
    "Issue a heat advisory: heat cramps and exhaustion likely; open cooling areas, push hydration messages, check on outdoor workers.",
  "danger":
    "Issue a heat warning: heat exhaustion likely, heat stroke possible; open cooling centres, stock cooling and IV fluids in the ED, ask events to add shade, water and rest breaks.",
  "extreme danger":
    "Issue an extreme-heat emergency advisory: heat stroke highly likely; consider curtailing outdoor events, activate the hospital heat surge plan.",
};

const eventAdvice: Record<HeatCategory["name"], string> = {
  "caution": "Keep free water and shade available on site.",
  "extreme caution":
    "Add free water points, shade and misting; brief first-aid posts on heat exhaustion.",
  "danger":
    "Add free water, shade and cooling (ice, cold-water immersion) at first-aid posts; extra rest breaks for workers and performers; announce heat messages from the stage.",
  "extreme danger":
    "Consider curtailing or postponing the outdoor programme; if it goes ahead, cold-water immersion at every first-aid post and ambulances on site.",
};

type HotHour = { ts: Date; heatIndexC: number };
const hot = (hours: { ts: Date; heatIndexC: number | null }[]) =>
  hours.filter((e) => e.heatIndexC !== null) as HotHour[];

/** One advisory per local day whose peak heat index at the hospital reaches "caution". */
function hospitalHeat(input: PlanInput): RecommendationDraft[] {
  const tz = input.hospital.timezone;
  const out: RecommendationDraft[] = [];
  for (const [day, list] of byLocalDay(hot(input.environment), tz)) {
    const peak = maxBy(list, (e) => e.heatIndexC);
    const cat = heatCategoryOf(peak.heatIndexC);
    if (!cat) continue;
    const over = list.filter((e) => e.heatIndexC >= cat.minC);
    out.push({
      agent: "heat",
      key: `heat:${day}`,
      priority: cat.priority,
      title: `Heat ${cat.name}: heat index up to ${r1(peak.heatIndexC)} °C`,
      action: advice[cat.name],
      rationale: `Heat index at the hospital peaks at ${r1(peak.heatIndexC)} °C at ` +
        `${fmtHour(peak.ts, tz)} (NWS "${cat.name}" from ${cat.minC} °C); ${over.length} h at ` +
        `or above it ${fromHour(over[0].ts, input.now, tz)}.` +
        (peak.heatIndexC >= input.settings.heatAlertIndexC
          ? ` Above the organisation's alert threshold of ${input.settings.heatAlertIndexC} °C.`
          : ""),
      evidence: {
        where: "hospital",
        peakHeatIndexC: r1(peak.heatIndexC),
        peakAt: peak.ts.toISOString(),
        category: cat.name,
        thresholdC: cat.minC,
        hoursInCategory: over.length,
        source: "NWS heat index categories",
        settings: settingsUsed(input.settings, ["heatAlertIndexC"]),
      },
      ownerRole: "coordinator",
      hicsRole: "Safety Officer",
      dueAt: dueBefore(over[0].ts, ADVISORY_LEAD_HOURS, input.now),
    });
  }
  return out;
}

/** Heat during one event at its own place. */
function eventHeat(e: PlanEvent, input: PlanInput): RecommendationDraft | null {
  if (e.indoor) return null;
  const tz = input.hospital.timezone;
  const during = hot(e.conditions);
  if (!during.length) return null;
  const peak = maxBy(during, (x) => x.heatIndexC);
  const cat = heatCategoryOf(peak.heatIndexC);
  if (!cat) return null;
  const over = during.filter((x) => x.heatIndexC >= cat.minC);
  return {
    agent: "heat",
    key: `heat:event:${e.code}`,
    priority: cat.priority,
    title: `Heat ${cat.name} at ${e.name}: heat index up to ${r1(peak.heatIndexC)} °C`,
    action: eventAdvice[cat.name],
    rationale: `At the event's site the heat index reaches ${r1(peak.heatIndexC)} °C at ` +
      `${fmtHour(peak.ts, tz)} (NWS "${cat.name}"), ${over.length} of the event's hours ` +
      `(${formatSpan(e.startsAt, e.endsAt, tz)}) at or above ${cat.minC} °C. Heat raises ` +
      `presentations ≈1.21× per +10 °F of heat index (DOMAIN.md): about ${Math.round(e.onSite)} ` +
      `expected on site.`,
    evidence: {
      where: "event",
      event: e.code,
      peakHeatIndexC: r1(peak.heatIndexC),
      peakAt: peak.ts.toISOString(),
      category: cat.name,
      hoursInCategory: over.length,
      onSitePresentations: Math.round(e.onSite),
      source: "NWS heat index categories; heat rate ratio per DOMAIN.md",
      settings: settingsUsed(input.settings, ["heatAlertIndexC"]),
    },
    ownerRole: "organizer",
    hicsRole: "Liaison Officer",
    dueAt: dueBefore(e.startsAt, EVENT_HEAT_LEAD_HOURS, input.now),
  };
}

/** Heat advisories at the hospital and at every nearby outdoor event. */
export function heatAgent(input: PlanInput): RecommendationDraft[] {
  return [
    ...hospitalHeat(input),
    ...input.events.map((e) => eventHeat(e, input)).filter((r) => r !== null),
  ];
}
