/**
 * An event's expected load at one hospital, from the documented PPR/TTHR model
 * (domain/event_load.ts expectedEventLoad, constants with their sources), and the
 * conflict resolution of its receiving hospitals: a hospital whose census is forecast over its
 * beds during the event is not proposed to EMS; its share goes to the others by distance.
 */
import type { FestEvent } from "../../models/events.ts";
import {
  dailyAttendance,
  eventTypeRates,
  expectedEventLoad,
  transferShares,
} from "../event_load.ts";
import { MIN_PLANNED_ATTENDANCE } from "../event_cover.ts";
import { haversineKm } from "../grid.ts";
import { type Level, levelRank } from "../readiness.ts";
import type { PlanEnvironmentHour, PlanEvent, ReceivingHospital } from "./types.ts";

/** A hospital receiving less than this share of an event's patients does not plan for it. */
export const MIN_EVENT_SHARE = 0.05;
/** Hours after the event its patients still arrive (spill-over, domain/event_load.ts). */
export const EVENT_TAIL_HOURS = 7;

export interface PeerHospital {
  code: string;
  name: string;
  lat: number;
  lon: number;
  /** Capability (domain/event_load.ts capabilityWeight); absent: distance alone. */
  edBeds?: number;
  traumaLevel?: number | null;
  /** Worst census level of the hospital in the event's hours and its tail. */
  levelDuring?: Level;
}

/**
 * Shares proposed to EMS: hospitals at "strained" or worse during the event get none, the rest
 * share it by distance; when all are over capacity the distance shares stand (and the plan asks
 * for regional mutual aid instead).
 */
export function receivingHospitals(
  e: { lat: number; lon: number },
  peers: readonly PeerHospital[],
): ReceivingHospital[] {
  const shares = transferShares(e, peers);
  const list = peers.filter((p) => (shares.get(p.code) ?? 0) > 0).map((p) => ({
    code: p.code,
    name: p.name,
    share: shares.get(p.code)!,
    level: p.levelDuring ?? "normal",
    proposedShare: 0,
  }));
  const open = list.filter((r) => levelRank(r.level) < levelRank("strained"));
  const pool = open.length ? open : list;
  const total = pool.reduce((t, r) => t + r.share, 0);
  for (const r of pool) r.proposedShare = total > 0 ? r.share / total : 0;
  return list.sort((a, b) => b.share - a.share);
}

/** Mean heat index (°F) over the event's hours at its place, when known. */
export function eventHeatIndexF(conditions: PlanEnvironmentHour[]): number | undefined {
  const known = conditions.filter((x) => x.heatIndexC !== null);
  return known.length
    ? known.reduce((t, x) => t + x.heatIndexC! * 9 / 5 + 32, 0) / known.length
    : undefined;
}

/**
 * The event as a hospital's planner sees it, or null when the hospital receives < 5 % of its
 * patients by distance and capability, or fewer than MIN_PLANNED_ATTENDANCE people attend a day
 * (an attendance of 0 or 1 raises nothing). `conditions`: the forecast at the event's place during it (heat raises
 * outdoor loads).
 */
export function planEvent(
  e: Omit<FestEvent, "id">,
  hospital: { code: string; lat: number; lon: number },
  peers: readonly PeerHospital[],
  conditions: PlanEnvironmentHour[],
): PlanEvent | null {
  const daily = dailyAttendance(e);
  if (daily < MIN_PLANNED_ATTENDANCE) return null;
  const receiving = receivingHospitals(e, peers);
  const share = receiving.find((r) => r.code === hospital.code)?.share ?? 0;
  if (share < MIN_EVENT_SHARE) return null;
  const load = expectedEventLoad(e, eventHeatIndexF(conditions));
  return {
    code: e.code,
    name: e.name,
    type: e.type,
    startsAt: new Date(e.startsAt),
    endsAt: new Date(e.endsAt),
    expectedAttendance: e.expectedAttendance,
    dailyAttendance: daily,
    attendanceBasis: e.attendanceBasis ?? "total",
    alcohol: e.alcohol,
    indoor: e.indoor,
    distanceKm: haversineKm(e, hospital),
    share,
    onSite: load.onSite,
    pprUsed: Math.round(load.onSite / Math.max(1, e.expectedAttendance) * 1000 * 100) / 100,
    transfers: load.transfers,
    transfersHere: load.transfers * share,
    toEdHere: load.toEd * share,
    conditions,
    receiving,
  };
}

/** The published PPR and TTHR of an event type and their source (for pages and evidence). */
export const pprOfType = (type: FestEvent["type"]) => eventTypeRates(type);

/** An event's expected load (PPR model), for pages that show it. */
export { expectedEventLoad };
