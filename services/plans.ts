/**
 * Builds a hospital's PlanInput from the database (latest forecast, environment forecast of its
 * grid cell, events nearby) and runs every agent; stores the result as the hospital's plan.
 */
import type { Db, Queryable } from "../infra/db.ts";
import { gridKey } from "../domain/grid.ts";
import { capacityOf, issueHour } from "../ml/forecaster.ts";
import { latestForecast } from "../models/forecasts.ts";
import { environmentSeries } from "../models/environment.ts";
import { listEvents } from "../models/events.ts";
import { type Hospital, listHospitals } from "../models/hospitals.ts";
import { latestPlan, latestPlans, type StoredPlan, storePlan } from "../models/plans.ts";
import { airQualityAgent } from "../domain/plans/air_quality.ts";
import { bedsAgent } from "../domain/plans/beds.ts";
import { emsAgent } from "../domain/plans/ems.ts";
import { planEvent } from "../domain/plans/events.ts";
import { heatAgent } from "../domain/plans/heat.ts";
import { staffingAgent } from "../domain/plans/staffing.ts";
import { suppliesAgent } from "../domain/plans/supplies.ts";
import {
  type PlanAgent,
  type PlanInput,
  priorities,
  type RecommendationDraft,
} from "../domain/plans/types.ts";

const HOUR = 3_600_000;
/** The plan looks 72 h ahead, like the forecast. */
export const PLAN_HORIZON_HOURS = 72;
/** A plan older than this is shown as stale (the job runs hourly; inputs trigger refreshes). */
export const PLAN_STALE_MS = 2 * HOUR;

export const planAgents: PlanAgent[] = [
  staffingAgent,
  bedsAgent,
  suppliesAgent,
  heatAgent,
  airQualityAgent,
  emsAgent,
];

/** Every agent's recommendations, most urgent first, then by due time. */
export function runAgents(input: PlanInput): RecommendationDraft[] {
  return planAgents.flatMap((agent) => agent(input)).sort((a, b) =>
    priorities.indexOf(a.priority) - priorities.indexOf(b.priority) ||
    (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity)
  );
}

/** The latest stored forecast run of the hospital (the refresh or hourly job issues it first). */
async function currentForecast(db: Queryable, orgId: string, h: Hospital) {
  const stored = await latestForecast(db, orgId, h.id);
  return stored?.points.length ? stored : null;
}

/** Reads everything the agents need for one hospital over the next 72 h. */
export async function loadPlanInput(
  db: Queryable,
  orgId: string,
  h: Hospital,
  now: Date,
  hospitals?: Hospital[],
): Promise<{ input: PlanInput; forecastIssuedAt: Date | null }> {
  const from = issueHour(now);
  const to = new Date(from.getTime() + PLAN_HORIZON_HOURS * HOUR);
  const forecast = await currentForecast(db, orgId, h);
  const env = await environmentSeries(db, { locationKey: gridKey(h.lat, h.lon), orgId, from, to });
  const environment = env.map((e) => ({
    ts: new Date(e.ts),
    heatIndexC: e.heatIndexC,
    aqi: e.aqi,
    pm25: e.pm25,
  }));
  const all = hospitals ?? await listHospitals(db, orgId);
  const events = [];
  for (const e of await listEvents(db, orgId, { from: now, to })) {
    const during = environment.filter((x) =>
      x.heatIndexC !== null && x.ts >= e.startsAt && x.ts < e.endsAt
    );
    const meanF = during.length
      ? during.reduce((s, x) => s + x.heatIndexC! * 9 / 5 + 32, 0) / during.length
      : undefined;
    const pe = planEvent(e, h, all, meanF);
    if (pe) events.push(pe);
  }
  return {
    forecastIssuedAt: forecast?.issuedAt ?? null,
    input: {
      now,
      hospital: h,
      capacity: capacityOf(h),
      forecast: (forecast?.points ?? []).filter((p) => p.ts >= from && p.ts < to),
      environment,
      events,
    },
  };
}

/** Builds and stores a new plan for one hospital. */
export async function buildPlan(
  db: Db,
  orgId: string,
  h: Hospital,
  now = new Date(),
  hospitals?: Hospital[],
): Promise<StoredPlan> {
  const { input, forecastIssuedAt } = await loadPlanInput(db, orgId, h, now, hospitals);
  return storePlan(db, { orgId, hospitalId: h.id, forecastIssuedAt, now }, runAgents(input));
}

/** Builds and stores a plan for every hospital of an organisation; returns them. */
export async function buildOrgPlans(db: Db, orgId: string, now = new Date(), signal?: AbortSignal) {
  const hospitals = await listHospitals(db, orgId);
  const plans: StoredPlan[] = [];
  for (const h of hospitals) {
    signal?.throwIfAborted();
    plans.push(await buildPlan(db, orgId, h, now, hospitals));
  }
  return plans;
}

/** Every hospital's latest stored plan (by hospital id), with its staleness. */
export async function readOrgPlans(db: Queryable, orgId: string, now = new Date()) {
  const plans = await latestPlans(db, orgId);
  const stale = (p: StoredPlan) => p.createdAt.getTime() < now.getTime() - PLAN_STALE_MS;
  return new Map([...plans].map(([id, p]) => [id, { ...p, stale: stale(p) }]));
}

/** The hospital's latest stored plan, or null before the first one is built. */
export async function readPlan(db: Queryable, orgId: string, h: Hospital, now = new Date()) {
  const plan = await latestPlan(db, orgId, h.id);
  if (!plan) return null;
  return { ...plan, stale: plan.createdAt.getTime() < now.getTime() - PLAN_STALE_MS };
}
