/**
 * Supplies agent: oral rehydration, IV fluids and cooling for the heat-related presentations
 * expected on hot days (community heat effect plus heat-related event patients).
 */
import { byLocalDay, dueBefore, expectedArrivals, fmtHour, maxBy, r1 } from "./format.ts";
import type { PlanInput, Priority, RecommendationDraft } from "./types.ts";

/** Heat index (°C) from which supplies are planned: NWS "extreme caution". */
export const SUPPLIES_HEAT_INDEX_C = 32;
/**
 * Share of ED arrivals that are heat-attributable on a hot day: all-cause ED visits +7.8 % on
 * extreme-heat days (DOMAIN.md) → 0.078 / 1.078 of the arrivals.
 */
export const HEAT_EXCESS_SHARE = 0.078 / 1.078;
/** Share of an event's ED patients that are heat-related on a hot day (assumption). */
export const EVENT_HEAT_SHARE = 0.3;
/** Per heat-related presentation (assumptions): ORS sachets, litres of IV fluid, cooling packs. */
export const ORS_PER_PATIENT = 2;
export const IV_LITRES_PER_PATIENT = 1;
export const COOLING_PACKS_PER_PATIENT = 2;
/** Hours of notice for restocking (assumption). */
export const RESTOCK_LEAD_HOURS = 12;

const HOUR = 3_600_000;

/** One recommendation per hot local day with at least one expected heat-related presentation. */
export function suppliesAgent(input: PlanInput): RecommendationDraft[] {
  const tz = input.hospital.timezone;
  const hot = input.environment.filter((e) => (e.heatIndexC ?? -Infinity) >= SUPPLIES_HEAT_INDEX_C)
    .map((e) => ({ ts: e.ts, heatIndexC: e.heatIndexC as number }));
  const expected = new Map(input.forecast.map((p) => [p.ts.getTime(), expectedArrivals(p)]));
  const out: RecommendationDraft[] = [];
  for (const [day, hours] of byLocalDay(hot, tz)) {
    const community = hours.reduce((s, h) => s + (expected.get(h.ts.getTime()) ?? 0), 0) *
      HEAT_EXCESS_SHARE;
    let events = 0;
    for (const e of input.events) {
      const span = Math.max(1, (e.endsAt.getTime() - e.startsAt.getTime()) / HOUR);
      const during = hours.filter((h) => h.ts >= e.startsAt && h.ts < e.endsAt).length;
      events += e.toEdHere * Math.min(1, during / span) * EVENT_HEAT_SHARE;
    }
    const patients = community + events;
    if (patients < 1) continue;
    const n = Math.ceil(patients);
    const peak = maxBy(hours, (h) => h.heatIndexC);
    const priority: Priority = peak.heatIndexC >= 39 || n >= 20 ? "high" : "medium";
    const ors = n * ORS_PER_PATIENT, iv = n * IV_LITRES_PER_PATIENT;
    const cooling = n * COOLING_PACKS_PER_PATIENT;
    out.push({
      agent: "supplies",
      key: `supplies:${day}`,
      priority,
      title: `Stock heat supplies for about ${n} heat-related patients`,
      action: `Have ${ors} oral rehydration sachets, ${iv} L of IV crystalloid and ${cooling} ` +
        `cooling packs ready (plus ice/cold-water immersion if the heat index passes 39 °C).`,
      rationale: `${hours.length} h with heat index ≥ ${SUPPLIES_HEAT_INDEX_C} °C (peak ` +
        `${r1(peak.heatIndexC)} °C at ${fmtHour(peak.ts, tz)}): ${
          r1(community)
        } heat-attributable ` +
        `arrivals (7.8 % excess on extreme-heat days applied to the expected arrivals) + ` +
        `${r1(events)} heat-related event patients (30 % of event ED load, assumed) = ${
          r1(patients)
        }.`,
      evidence: {
        key: `supplies:${day}`,
        hotHours: hours.length,
        peakHeatIndexC: r1(peak.heatIndexC),
        communityHeatPatients: r1(community),
        eventHeatPatients: r1(events),
        patients: n,
        orsSachets: ors,
        ivLitres: iv,
        coolingPacks: cooling,
        assumptions: [
          "2 ORS sachets, 1 L IV, 2 cooling packs per patient",
          "event heat share 30 %",
        ],
        settings: {},
      },
      ownerRole: "coordinator",
      hicsRole: "Logistics Section Chief",
      dueAt: dueBefore(hours[0].ts, RESTOCK_LEAD_HOURS, input.now),
    });
  }
  return out;
}
