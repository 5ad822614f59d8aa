/** Heat agent: NWS heat-index categories over the forecast window → advisory and priority. */
import { byLocalDay, dueBefore, fmtHour, maxBy, r1 } from "./format.ts";
import type { PlanInput, Priority, RecommendationDraft } from "./types.ts";

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

/** One advisory per local day whose peak heat index reaches at least "caution". */
export function heatAgent(input: PlanInput): RecommendationDraft[] {
  const tz = input.hospital.timezone;
  const hours = input.environment.filter((e) => e.heatIndexC !== null) as {
    ts: Date;
    heatIndexC: number;
  }[];
  const out: RecommendationDraft[] = [];
  for (const [day, list] of byLocalDay(hours, tz)) {
    const peak = maxBy(list, (e) => e.heatIndexC);
    const cat = heatCategoryOf(peak.heatIndexC);
    if (!cat) continue;
    const hot = list.filter((e) => e.heatIndexC >= cat.minC);
    out.push({
      agent: "heat",
      key: `heat:${day}`,
      priority: cat.priority,
      title: `Heat ${cat.name}: heat index up to ${r1(peak.heatIndexC)} °C`,
      action: advice[cat.name],
      rationale: `Heat index peaks at ${r1(peak.heatIndexC)} °C at ${fmtHour(peak.ts, tz)} ` +
        `(NWS "${cat.name}" from ${cat.minC} °C); ${hot.length} h at or above it from ` +
        `${fmtHour(hot[0].ts, tz)}.`,
      evidence: {
        key: `heat:${day}`,
        peakHeatIndexC: r1(peak.heatIndexC),
        peakAt: peak.ts.toISOString(),
        category: cat.name,
        thresholdC: cat.minC,
        hoursInCategory: hot.length,
        source: "NWS heat index categories",
      },
      ownerRole: "coordinator",
      dueAt: dueBefore(hot[0].ts, ADVISORY_LEAD_HOURS, input.now),
    });
  }
  return out;
}
