/** Air-quality agent: EPA AQI categories (2024 table) → respiratory surge readiness, advisory. */
import { byLocalDay, dueBefore, fmtHour, maxBy, r1 } from "./format.ts";
import type { PlanInput, Priority, RecommendationDraft } from "./types.ts";

/** EPA AQI categories that warrant action, highest first (DOMAIN.md, 2024 table). */
export const aqiCategories = [
  { name: "hazardous", min: 301, priority: "critical" },
  { name: "very unhealthy", min: 201, priority: "critical" },
  { name: "unhealthy", min: 151, priority: "high" },
  { name: "unhealthy for sensitive groups", min: 101, priority: "medium" },
] as const satisfies readonly { name: string; min: number; priority: Priority }[];

export type AqiCategory = typeof aqiCategories[number];

/** The actionable AQI category, or null at 100 and below. */
export function aqiCategoryOf(aqi: number): AqiCategory | null {
  return aqiCategories.find((c) => aqi >= c.min) ?? null;
}

/** Respiratory ED visits ≈ +1 % per +10 µg/m³ PM2.5 (DOMAIN.md); asthma +1.5 %. */
export const RESPIRATORY_PER_10_PM25 = 0.01;
export const ASTHMA_PER_10_PM25 = 0.015;
/** Hours of notice for an advisory and respiratory readiness (assumption). */
export const AQ_LEAD_HOURS = 12;

const advice: Record<AqiCategory["name"], string> = {
  "unhealthy for sensitive groups":
    "Advise people with asthma, heart or lung disease, children and older adults to limit outdoor exertion; check nebuliser and inhaler stock.",
  "unhealthy":
    "Issue an air-quality advisory for everyone to reduce outdoor exertion; prepare for a respiratory surge: nebulisers, bronchodilators, oxygen, a respiratory triage stream.",
  "very unhealthy":
    "Issue a health alert: everyone should avoid outdoor exertion; activate respiratory surge readiness, consider moving outdoor events indoors or postponing them.",
  "hazardous":
    "Issue an emergency air-quality warning; activate the respiratory surge plan and ask outdoor events to stop.",
};

/** One recommendation per local day whose peak AQI reaches at least 101. */
export function airQualityAgent(input: PlanInput): RecommendationDraft[] {
  const tz = input.hospital.timezone;
  const hours = input.environment.filter((e) => e.aqi !== null) as {
    ts: Date;
    aqi: number;
    pm25: number | null;
  }[];
  const out: RecommendationDraft[] = [];
  for (const [day, list] of byLocalDay(hours, tz)) {
    const peak = maxBy(list, (e) => e.aqi);
    const cat = aqiCategoryOf(peak.aqi);
    if (!cat) continue;
    const bad = list.filter((e) => e.aqi >= cat.min);
    const pm = Math.max(0, ...list.map((e) => e.pm25 ?? 0));
    const resp = pm * RESPIRATORY_PER_10_PM25 * 10;
    const asthma = pm * ASTHMA_PER_10_PM25 * 10;
    out.push({
      agent: "air_quality",
      key: `air_quality:${day}`,
      priority: cat.priority,
      title: `Air quality ${cat.name}: AQI up to ${Math.round(peak.aqi)}`,
      action: advice[cat.name],
      rationale: `AQI peaks at ${Math.round(peak.aqi)} at ${fmtHour(peak.ts, tz)} (EPA ` +
        `"${cat.name}" from ${cat.min}); ${bad.length} h at or above it.` +
        (pm > 0
          ? ` PM2.5 up to ${r1(pm)} µg/m³ → respiratory ED visits ≈ +${r1(resp)} %, asthma ` +
            `≈ +${r1(asthma)} % (≈1 % / 1.5 % per 10 µg/m³).`
          : ""),
      evidence: {
        key: `air_quality:${day}`,
        peakAqi: Math.round(peak.aqi),
        peakAt: peak.ts.toISOString(),
        category: cat.name,
        threshold: cat.min,
        hoursInCategory: bad.length,
        peakPm25: r1(pm),
        respiratoryIncreasePct: r1(resp),
        asthmaIncreasePct: r1(asthma),
        source: "EPA AQI 2024 table; PM2.5 effects per DOMAIN.md",
      },
      ownerRole: "coordinator",
      dueAt: dueBefore(bad[0].ts, AQ_LEAD_HOURS, input.now),
    });
  }
  return out;
}
