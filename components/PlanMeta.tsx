import { formatTime } from "../domain/time_format.ts";
import { levelText } from "../domain/readiness.ts";
import type { readPlan } from "../services/plans.ts";

type Plan = NonNullable<Awaited<ReturnType<typeof readPlan>>>;

/** When a plan was built, from which forecast, on which readiness, and whether it is stale. */
export function PlanMeta({ plan, timeZone }: { plan: Plan; timeZone: string }) {
  const r = plan.summary?.readiness;
  return (
    <p class="muted plan-meta" data-testid="plan-meta" data-stale={plan.stale ? "true" : "false"}>
      Plan of {formatTime(plan.createdAt, timeZone)}, built from the forecast issued{" "}
      {plan.forecastIssuedAt ? formatTime(plan.forecastIssuedAt, timeZone) : "— (none yet)"}
      {plan.summary?.modelVersion ? ` (model ${plan.summary.modelVersion})` : ""}
      {r ? ` when readiness was ${levelText(r.level)}` : ""} · {plan.recommendations.length}{" "}
      recommendation(s)
      {plan.stale && <strong class="stale">{` · stale: ${plan.staleReason}`}</strong>}
    </p>
  );
}
