/**
 * The `forecast` job: every hour, for every hospital of every organisation, a 72 h forecast
 * (p10/p50/p90) issued at the current hour with the model that serves it (the organisation's own
 * active model for the hospitals it was trained on, else the global one), stored in `forecasts`.
 */
import type { Queryable } from "../infra/db.ts";
import { log } from "../infra/log.ts";
import { publishLive } from "../infra/live.ts";
import { issueHour } from "../ml/forecaster.ts";
import { issueOrgForecasts } from "../services/forecasts.ts";
import { globalModel } from "../ml/registry.ts";
import { orgIdsWithHospitals } from "../models/orgs.ts";
import type { JobContext, JobDef, JobResult } from "./runner.ts";

/** Scores and stores every organisation's hospitals; returns the rows written. */
export async function runForecast(db: Queryable, now: Date, signal?: AbortSignal) {
  const model = await globalModel(db);
  const issuedAt = issueHour(now);
  const orgs = await orgIdsWithHospitals(db);
  let rows = 0, hospitals = 0;
  const perOrg: { orgId: string; hospitals: number; model: string }[] = [];
  for (const orgId of orgs) {
    signal?.throwIfAborted();
    const done = await issueOrgForecasts(db, orgId, now);
    hospitals += done.hospitals;
    rows += done.rows;
    perOrg.push({ orgId: orgId, hospitals: done.hospitals, model: done.model });
  }
  log.info("forecast issued", {
    issuedAt: issuedAt.toISOString(),
    model: model.version,
    hospitals,
    rows,
  });
  return { rows, hospitals, model: model.version, issuedAt: issuedAt.toISOString(), perOrg };
}

async function run(ctx: JobContext): Promise<JobResult> {
  const { perOrg, ...r } = await runForecast(ctx.db, ctx.now, ctx.signal);
  for (const o of perOrg) {
    await publishLive(ctx.cache, "forecast", o.orgId, {
      issuedAt: r.issuedAt,
      model: o.model,
      hospitals: o.hospitals,
    });
  }
  return { rows: r.rows, detail: r };
}

export const forecastJob: JobDef = {
  name: "forecast",
  schedule: "5 * * * *",
  timeoutMs: 10 * 60_000,
  retries: 1,
  run,
};
