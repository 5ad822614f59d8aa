/**
 * What the event page shows: the event's expected on-site presentations (PPR by type with its
 * setting and heat modifiers), its transfers per receiving hospital after conflict resolution
 * over the hospitals' latest census (the plans' own), and the forecast conditions during it.
 * Reads only.
 */
import type { Queryable } from "../infra/db.ts";
import type { FestEvent } from "../models/events.ts";
import { listHospitals } from "../models/hospitals.ts";
import { latestPlanSummaries } from "../models/plans.ts";
import {
  EVENT_TAIL_HOURS,
  eventHeatIndexF,
  expectedEventLoad,
  pprOfType,
  receivingHospitals,
} from "../domain/plans/events.ts";
import { hourLevel, type Level, levelRank } from "../domain/readiness.ts";
import type { CensusPoint } from "../domain/census.ts";
import { orgSettings } from "./settings.ts";
import { conditionPeaks } from "./plans.ts";
import { placeConditions } from "./situation.ts";

const HOUR = 3_600_000;
/** Conditions are read for at most this long an event (multi-week fairs). */
const MAX_CONDITION_DAYS = 10;

export async function eventOutlook(db: Queryable, orgId: string, e: FestEvent) {
  const start = new Date(e.startsAt), end = new Date(e.endsAt);
  const until = new Date(
    Math.min(end.getTime(), start.getTime() + MAX_CONDITION_DAYS * 86_400_000),
  );
  const [settings, hospitals, plans, conditions] = await Promise.all([
    orgSettings(db, orgId),
    listHospitals(db, orgId),
    latestPlanSummaries(db, orgId),
    placeConditions(db, orgId, e, start, until),
  ]);
  const heatF = eventHeatIndexF(conditions);
  const load = expectedEventLoad(e, e.indoor ? undefined : heatF);
  const summaryOf = new Map(plans.map((p) => [p.hospitalId, p.summary]));
  const tail = new Date(end.getTime() + EVENT_TAIL_HOURS * HOUR);
  const peers = hospitals.map((h) => {
    const census = (summaryOf.get(h.id)?.census ?? []) as CensusPoint[];
    let level: Level = "normal";
    let known = false;
    for (const c of census) {
      const t = new Date(c.ts);
      if (t < start || t >= tail) continue;
      known = true;
      const l = hourLevel(c, h.edBeds, settings);
      if (levelRank(l) > levelRank(level)) level = l;
    }
    return {
      code: h.code,
      name: h.name,
      lat: h.lat,
      lon: h.lon,
      edBeds: h.edBeds,
      traumaLevel: h.traumaLevel ?? null,
      levelDuring: level,
      known,
    };
  });
  const receiving = receivingHospitals(e, peers).map((r) => ({
    ...r,
    censusKnown: peers.find((p) => p.code === r.code)!.known,
    transfers: load.transfers * r.proposedShare,
    toEd: load.toEd * r.proposedShare,
  }));
  return {
    type: pprOfType(e.type),
    onSite: load.onSite,
    transfers: load.transfers,
    toEd: load.toEd,
    modifier: load.modifier,
    pprUsed: load.onSite / Math.max(1, e.expectedAttendance) * 1000,
    heatIndexMeanC: heatF === undefined ? null : (heatF - 32) * 5 / 9,
    receiving,
    conditions,
    peaks: conditionPeaks(conditions),
    conditionsCover: conditions.length,
    eventHours: Math.round((until.getTime() - start.getTime()) / HOUR),
  };
}
