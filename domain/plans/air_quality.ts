/**
 * Air-quality agent: EPA AQI categories (2024 table) of the forecast at the hospital
 * (respiratory surge readiness, public advisory) and at each nearby outdoor event during it.
 */
import { settingsUsed } from "../settings.ts";
import { byLocalDay, dueBefore, fmtHour, maxBy, r1 } from "./format.ts";
import type { PlanEvent, PlanInput, Priority, RecommendationDraft } from "./types.ts";

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

type AqHour = { ts: Date; aqi: number; pm25: number | null };
const withAqi = (hours: { ts: Date; aqi: number | null; pm25: number | null }[]) =>
  hours.filter((e) => e.aqi !== null) as AqHour[];

function effects(list: AqHour[]) {
  const pm = Math.max(0, ...list.map((e) => e.pm25 ?? 0));
  return { pm, resp: pm * RESPIRATORY_PER_10_PM25 * 10, asthma: pm * ASTHMA_PER_10_PM25 * 10 };
}

/** One recommendation per local day whose peak AQI at the hospital reaches at least 101. */
function hospitalAir(input: PlanInput): RecommendationDraft[] {
  const tz = input.hospital.timezone;
  const out: RecommendationDraft[] = [];
  for (const [day, list] of byLocalDay(withAqi(input.environment), tz)) {
    const peak = maxBy(list, (e) => e.aqi);
    const cat = aqiCategoryOf(peak.aqi);
    if (!cat) continue;
    const bad = list.filter((e) => e.aqi >= cat.min);
    const { pm, resp, asthma } = effects(list);
    out.push({
      agent: "air_quality",
      key: `air_quality:${day}`,
      priority: cat.priority,
      title: `Air quality ${cat.name}: AQI up to ${Math.round(peak.aqi)}`,
      action: advice[cat.name],
      rationale: `AQI at the hospital peaks at ${Math.round(peak.aqi)} at ` +
        `${fmtHour(peak.ts, tz)} (EPA "${cat.name}" from ${cat.min}); ${bad.length} h at or ` +
        `above it.` +
        (pm > 0
          ? ` PM2.5 up to ${r1(pm)} µg/m³ → respiratory ED visits ≈ +${r1(resp)} %, asthma ` +
            `≈ +${r1(asthma)} % (≈1 % / 1.5 % per 10 µg/m³).`
          : ""),
      evidence: {
        where: "hospital",
        peakAqi: Math.round(peak.aqi),
        peakAt: peak.ts.toISOString(),
        category: cat.name,
        threshold: cat.min,
        hoursInCategory: bad.length,
        peakPm25: r1(pm),
        respiratoryIncreasePct: r1(resp),
        asthmaIncreasePct: r1(asthma),
        source: "EPA AQI 2024 table; PM2.5 effects per DOMAIN.md",
        settings: settingsUsed(input.settings, ["aqiAlert"]),
      },
      ownerRole: "coordinator",
      hicsRole: "Safety Officer",
      dueAt: dueBefore(bad[0].ts, AQ_LEAD_HOURS, input.now),
    });
  }
  return out;
}

function eventAir(e: PlanEvent, input: PlanInput): RecommendationDraft | null {
  if (e.indoor) return null;
  const during = withAqi(e.conditions);
  if (!during.length) return null;
  const peak = maxBy(during, (x) => x.aqi);
  const cat = aqiCategoryOf(peak.aqi);
  if (!cat) return null;
  const bad = during.filter((x) => x.aqi >= cat.min);
  return {
    agent: "air_quality",
    key: `air_quality:event:${e.code}`,
    priority: cat.priority,
    title: `Air quality ${cat.name} at ${e.name}: AQI up to ${Math.round(peak.aqi)}`,
    action: cat.min >= 201
      ? "Ask the organisers to move the programme indoors or postpone it; respiratory kits at every first-aid post."
      : "Announce the air-quality advice on site; inhalers, nebulisers and a quiet indoor area at first-aid posts.",
    rationale: `AQI at the event's site reaches ${Math.round(peak.aqi)} at ` +
      `${fmtHour(peak.ts, input.hospital.timezone)} (EPA "${cat.name}"), ${bad.length} of ` +
      `its hours at or above ${cat.min}.`,
    evidence: {
      where: "event",
      event: e.code,
      peakAqi: Math.round(peak.aqi),
      peakAt: peak.ts.toISOString(),
      category: cat.name,
      hoursInCategory: bad.length,
      source: "EPA AQI 2024 table",
      settings: settingsUsed(input.settings, ["aqiAlert"]),
    },
    ownerRole: "organizer",
    hicsRole: "Liaison Officer",
    dueAt: dueBefore(e.startsAt, AQ_LEAD_HOURS, input.now),
  };
}

/** Air-quality advice at the hospital and at every nearby outdoor event. */
export function airQualityAgent(input: PlanInput): RecommendationDraft[] {
  return [
    ...hospitalAir(input),
    ...input.events.map((e) => eventAir(e, input)).filter((r) => r !== null),
  ];
}
