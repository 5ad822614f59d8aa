/** An event's expected load at one hospital, from the simulator's documented PPR/TTHR model. */
import type { FestEvent } from "../../models/events.ts";
import { expectedEventLoad, transferShares } from "../../demo/simulator.ts";
import { haversineKm } from "../grid.ts";
import type { PlanEvent } from "./types.ts";

/** A hospital receiving less than this share of an event's patients does not plan for it. */
export const MIN_EVENT_SHARE = 0.05;

/**
 * The event as a hospital's planner sees it, or null when the hospital receives < 5 % of its
 * patients (distance decay over the organisation's hospitals, demo/sim_params.ts).
 * heatIndexF: mean heat index over the event's hours, when known (raises outdoor loads).
 */
export function planEvent(
  e: Omit<FestEvent, "id">,
  hospital: { code: string; lat: number; lon: number },
  hospitals: readonly { code: string; lat: number; lon: number }[],
  heatIndexF?: number,
): PlanEvent | null {
  const share = transferShares(e, hospitals).get(hospital.code) ?? 0;
  if (share < MIN_EVENT_SHARE) return null;
  const load = expectedEventLoad(e, heatIndexF);
  return {
    code: e.code,
    name: e.name,
    type: e.type,
    startsAt: new Date(e.startsAt),
    endsAt: new Date(e.endsAt),
    expectedAttendance: e.expectedAttendance,
    distanceKm: haversineKm(e, hospital),
    share,
    onSite: load.onSite,
    transfers: load.transfers,
    transfersHere: load.transfers * share,
    toEdHere: load.toEd * share,
  };
}
