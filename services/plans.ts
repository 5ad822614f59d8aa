/**
 * Plans: every agent run over a hospital's part of the organisation's situation
 * (services/situation.ts) and stored as the hospital's plan, with the readiness and census it
 * was built on. Plans are built by the `plan` job and by refreshes, never by a read.
 */
import type { Db, Queryable } from "../infra/db.ts";
import {
  latestPlan,
  latestPlans,
  planSummary,
  type StoredPlan,
  storePlan,
} from "../models/plans.ts";
import { latestForecastIssuedAt, latestForecastIssuedAtByHospital } from "../models/forecasts.ts";
import type { Hospital } from "../models/hospitals.ts";
import { type Level, levelRank } from "../domain/readiness.ts";
import { type PeerHospital, planEvent } from "../domain/plans/events.ts";
import { EVENT_TAIL_HOURS } from "../domain/plans/events.ts";
import { hourLevel } from "../domain/readiness.ts";
import { runAgents } from "../domain/plans/run.ts";
import { onceForOrganisation } from "../domain/plans/consolidate.ts";
import type { PlanEvent, PlanInput } from "../domain/plans/types.ts";
import { type HospitalSituation, loadOrgSituation, type OrgSituation } from "./situation.ts";

export { runAgents };

const HOUR = 3_600_000;
/** A plan older than this is shown as stale (the job runs hourly; inputs trigger refreshes). */
export const PLAN_STALE_MS = 2 * HOUR;

/** A hospital's worst census level in [from, to) (normal where it has no census then). */
export function levelDuring(
  s: HospitalSituation,
  from: Date,
  to: Date,
  settings: OrgSituation["settings"],
): Level {
  let worst: Level = "normal";
  for (const c of s.census) {
    const t = new Date(c.ts);
    if (t < from || t >= to) continue;
    const l = hourLevel(c, s.hospital.edBeds, settings);
    if (levelRank(l) > levelRank(worst)) worst = l;
  }
  return worst;
}

/** The agents' input for one hospital of the situation. */
export function planInputFor(sit: OrgSituation, s: HospitalSituation): PlanInput {
  const events: PlanEvent[] = [];
  for (const { event: e, conditions } of sit.events) {
    const end = new Date(new Date(e.endsAt).getTime() + EVENT_TAIL_HOURS * HOUR);
    const peers: PeerHospital[] = sit.hospitals.map((o) => ({
      code: o.hospital.code,
      name: o.hospital.name,
      lat: o.hospital.lat,
      lon: o.hospital.lon,
      edBeds: o.hospital.edBeds,
      traumaLevel: o.hospital.traumaLevel ?? null,
      levelDuring: levelDuring(o, new Date(e.startsAt), end, sit.settings),
    }));
    const pe = planEvent(e, s.hospital, peers, conditions);
    if (pe) events.push(pe);
  }
  return {
    now: sit.now,
    hospital: s.hospital,
    settings: sit.settings,
    forecast: s.forecast,
    census: s.census.map((c) => ({ ...c, ts: new Date(c.ts) })),
    censusModel: s.censusModel,
    readiness: s.readiness,
    environment: s.environment,
    events,
    edStatus: s.edStatus ?? null,
    nedocs: s.nedocs ?? null,
  };
}

/** Peak heat index and AQI of a place's hours (null when none is known). */
export function conditionPeaks(hours: HospitalSituation["environment"]) {
  const peak = (pick: (h: typeof hours[number]) => number | null) => {
    let best: { value: number; at: string } | null = null;
    for (const h of hours) {
      const v = pick(h);
      if (v !== null && (!best || v > best.value)) best = { value: v, at: h.ts.toISOString() };
    }
    return best;
  };
  return { heatIndexC: peak((h) => h.heatIndexC), aqi: peak((h) => h.aqi) };
}

/** What a stored plan keeps of the situation it was built on (the overview reads it). */
function summaryOf(s: HospitalSituation) {
  return {
    readiness: s.readiness,
    census: s.census,
    censusModel: s.censusModel,
    beds: s.hospital.edBeds,
    modelVersion: s.modelVersion,
    conditions: conditionPeaks(s.environment),
  };
}

export type PlanSummary = ReturnType<typeof summaryOf>;

/** Builds and stores a plan for every hospital of an organisation, from one situation. */
export async function buildOrgPlans(
  db: Db,
  orgId: string,
  now = new Date(),
  signal?: AbortSignal,
): Promise<{ plans: StoredPlan[]; situation: OrgSituation }> {
  const situation = await loadOrgSituation(db, orgId, now);
  const plans: StoredPlan[] = [];
  // Public messages once per organisation, in the plan of the hospital most concerned.
  const built = onceForOrganisation(
    situation.hospitals.map((s) => ({ ...s, drafts: runAgents(planInputFor(situation, s)) })),
  );
  for (const s of built) {
    signal?.throwIfAborted();
    const drafts = s.drafts.map((d) => ({
      ...d,
      evidence: { ...d.evidence, hicsRole: d.hicsRole },
    }));
    plans.push(
      await storePlan(db, {
        orgId,
        hospitalId: s.hospital.id,
        forecastIssuedAt: s.forecastIssuedAt,
        now,
        summary: summaryOf(s),
      }, drafts),
    );
  }
  return { plans, situation };
}

/** A stored plan with why it is stale, if it is (over two hours old, or a newer forecast). */
function withStaleness(
  plan: StoredPlan,
  summary: Record<string, unknown> | null,
  newest: Date | null,
  now: Date,
) {
  const old = plan.createdAt.getTime() < now.getTime() - PLAN_STALE_MS;
  const newer = newest !== null &&
    (plan.forecastIssuedAt === null || newest.getTime() > plan.forecastIssuedAt.getTime());
  return {
    ...plan,
    stale: old || newer,
    staleReason: old
      ? "over two hours old"
      : newer
      ? "a newer forecast was issued since it was built (plans follow within the hour)"
      : null,
    summary: summary as Partial<PlanSummary> | null,
  };
}

export type ReadPlan = ReturnType<typeof withStaleness>;

/** Every hospital's latest stored plan (by hospital id), as readPlan gives it, in three queries. */
export async function readOrgPlans(
  db: Queryable,
  orgId: string,
  now = new Date(),
): Promise<Map<string, ReadPlan>> {
  const [plans, newest] = await Promise.all([
    latestPlans(db, orgId),
    latestForecastIssuedAtByHospital(db, orgId),
  ]);
  return new Map(
    [...plans].map(([id, { summary, ...p }]) => [
      id,
      withStaleness(p, summary, newest.get(id) ?? null, now),
    ]),
  );
}

/**
 * The hospital's latest stored plan with what it was built on, or null before the first. It is
 * stale when over two hours old or when a newer forecast was issued since it was built.
 */
export async function readPlan(
  db: Queryable,
  orgId: string,
  h: Hospital,
  now = new Date(),
): Promise<ReadPlan | null> {
  const plan = await latestPlan(db, orgId, h.id);
  if (!plan) return null;
  const [summary, newest] = await Promise.all([
    planSummary(db, orgId, plan.id),
    latestForecastIssuedAt(db, orgId, h.id),
  ]);
  return withStaleness(plan, summary, newest, now);
}
