/**
 * Keeps forecasts and plans current when their inputs change. A change (an upload, an event,
 * settings) asks for a refresh inside its own transaction (`requestRefresh`); once the
 * organisation's requests have been quiet for a few seconds — so that a burst of uploads makes
 * one rebuild — the refresh issues new forecasts and rebuilds every plan of the organisation.
 * The `refresh` job claims due requests every minute on some instance; an instance that took
 * the request also runs it after the quiet period, so a plan follows an upload within seconds.
 */
import type { Queryable } from "../infra/db.ts";
import { log } from "../infra/log.ts";
import { publishLive } from "../infra/live.ts";
import { claimRefreshes, markRefresh } from "../models/refresh.ts";
import type { Deps } from "./actor.ts";
import { issueOrgForecasts } from "./forecasts.ts";
import { buildOrgPlans } from "./plans.ts";
import { evaluateAlerts } from "./alerts.ts";
import { invalidateOrg } from "../infra/org_cache.ts";

/** A rebuild waits until the organisation's changes have been quiet this long… */
export const REFRESH_QUIET_MS = 5_000;
/** …but never longer than this after the first change. */
export const REFRESH_MAX_WAIT_MS = 30_000;

let local: { deps: Deps; timer?: ReturnType<typeof setTimeout> } | null = null;

/** Lets this process run due refreshes itself, shortly after its own requests. */
export function startLocalRefresh(deps: Deps): () => void {
  local = { deps };
  return () => {
    if (local?.timer) clearTimeout(local.timer);
    local = null;
  };
}

function kick() {
  if (!local) return;
  if (local.timer) clearTimeout(local.timer);
  const deps = local.deps;
  local.timer = setTimeout(() => {
    if (local) local.timer = undefined;
    runDueRefreshes(deps).catch((err) =>
      log.error("refresh failed", { error: err instanceof Error ? err.message : String(err) })
    );
  }, REFRESH_QUIET_MS + 250);
}

/** Asks for the organisation's forecasts and plans to be rebuilt; call inside the change's transaction. */
export async function requestRefresh(tx: Queryable, orgId: string, reason: string) {
  await markRefresh(tx, orgId, reason);
  kick();
}

/** Rebuilds one organisation's forecasts and plans now and tells its dashboards. */
export async function refreshOrg(deps: Deps, orgId: string, now = new Date()) {
  const f = await issueOrgForecasts(deps.db, orgId, now);
  const { plans, situation } = await buildOrgPlans(deps.db, orgId, now);
  const alerts = await evaluateAlerts(deps, situation);
  invalidateOrg(orgId);
  await publishLive(deps.cache, "forecast", orgId, {
    issuedAt: f.issuedAt.toISOString(),
    model: f.model,
    hospitals: f.hospitals,
  });
  await publishLive(deps.cache, "plan", orgId, { hospitals: plans.length, at: now.toISOString() });
  return { forecasts: f.hospitals, plans: plans.length, alerts };
}

/** Claims and runs the refreshes that are due; returns what was rebuilt. */
export async function runDueRefreshes(
  deps: Deps,
  now = new Date(),
  quietMs = REFRESH_QUIET_MS,
): Promise<{ orgs: number; forecasts: number; plans: number }> {
  const due = await claimRefreshes(deps.db, now, quietMs, REFRESH_MAX_WAIT_MS);
  const total = { orgs: 0, forecasts: 0, plans: 0 };
  for (const r of due) {
    const done = await refreshOrg(deps, r.orgId, now);
    total.orgs++;
    total.forecasts += done.forecasts;
    total.plans += done.plans;
    log.info("refreshed", { orgId: r.orgId, reasons: r.reasons, ...done });
  }
  return total;
}
