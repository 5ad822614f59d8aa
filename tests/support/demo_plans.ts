/**
 * The demo organisation with plans to look at and decide on. Plans are built by jobs, which do
 * not run in tests: the demo's forecasts and plans are refreshed once per run, and its first
 * hospital gets a plan with three recommendations whatever the simulated week brings.
 */
import type { Services } from "../../lib/runtime.ts";
import { findDemoOrgId } from "../../models/orgs.ts";
import { listHospitals } from "../../models/hospitals.ts";
import { storePlan } from "../../models/plans.ts";
import { refreshOrg } from "../../services/refresh.ts";
import { unique } from "./accounts.ts";

let ready: Promise<{ demoId: string; hospitalCode: string }> | undefined;

export function demoWithPlans(s: Services) {
  ready ??= (async () => {
    const demoId = (await findDemoOrgId(s.db))!;
    await refreshOrg(s, demoId);
    const [h] = await listHospitals(s.db, demoId);
    const draft = (
      agent: "heat" | "staffing" | "event_medical",
      priority: "low" | "medium" | "high",
    ) => ({
      agent,
      key: unique(`${agent}:browser`),
      priority,
      title: `Browser test ${agent} recommendation`,
      action: "Brief the charge nurse",
      rationale: "set up by tests/support/demo_plans.ts",
      evidence: {},
      ownerRole: "coordinator" as const,
      hicsRole: "Operations Section Chief" as const,
      dueAt: null,
    });
    await storePlan(s.db, {
      orgId: demoId,
      hospitalId: h.id,
      forecastIssuedAt: null,
      now: new Date(),
    }, [draft("event_medical", "high"), draft("staffing", "medium"), draft("heat", "low")]);
    return { demoId, hospitalCode: h.code };
  })();
  return ready;
}
