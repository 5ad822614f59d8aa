/**
 * The `plan` job: every hour at minute 10 (after the forecast at minute 5), a new action plan for
 * every hospital of every organisation from the latest forecast, environment and events.
 */
import type { Db } from "../infra/db.ts";
import { log } from "../infra/log.ts";
import { publishLive } from "../infra/live.ts";
import { buildOrgPlans } from "../services/plans.ts";
import { evaluateAlerts } from "../services/alerts.ts";
import { orgIdsWithHospitals } from "../models/orgs.ts";
import type { Cache } from "../infra/cache.ts";
import type { JobContext, JobDef, JobResult } from "./runner.ts";

/**
 * Builds and stores a plan per hospital and evaluates the organisation's alerts from the same
 * situation; returns the counts per organisation.
 */
export async function runPlans(db: Db, cache: Cache, now: Date, signal?: AbortSignal) {
  const orgs = await orgIdsWithHospitals(db);
  let plans = 0, recommendations = 0;
  const perOrg: { orgId: string; plans: number }[] = [];
  for (const orgId of orgs) {
    const { plans: built, situation } = await buildOrgPlans(db, orgId, now, signal);
    await evaluateAlerts({ db, cache }, situation);
    plans += built.length;
    recommendations += built.reduce((n, p) => n + p.recommendations.length, 0);
    perOrg.push({ orgId: orgId, plans: built.length });
  }
  log.info("plans built", { plans, recommendations });
  return { plans, recommendations, perOrg };
}

async function run(ctx: JobContext): Promise<JobResult> {
  const { perOrg, ...r } = await runPlans(ctx.db, ctx.cache, ctx.now, ctx.signal);
  for (const o of perOrg) {
    await publishLive(ctx.cache, "plan", o.orgId, {
      hospitals: o.plans,
      at: ctx.now.toISOString(),
    });
  }
  return { rows: r.recommendations, detail: r };
}

export const planJob: JobDef = {
  name: "plan",
  schedule: "10 * * * *",
  timeoutMs: 10 * 60_000,
  retries: 1,
  run,
};
