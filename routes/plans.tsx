import type { Handlers, PageProps, RouteContext } from "../framework/types.ts";
import { HttpError, notFound } from "../framework/http_error.ts";
import { recordAudit } from "../services/audit.ts";
import { readForm, seeOther } from "../lib/auth/page_forms.ts";
import { routeAccess } from "../lib/access.ts";
import { requestOrgId } from "../services/forecasts.ts";
import { invalidateOrg } from "../lib/org_cache.ts";
import { currentPlan } from "../services/plans.ts";
import { validate } from "../lib/schemas/parse.ts";
import { recommendationPatch } from "../lib/schemas/plans.ts";
import { type Hospital, listHospitals } from "../models/hospitals.ts";
import { type StoredPlan, updateRecommendation } from "../models/plans.ts";
import { PlanList } from "../components/PlanList.tsx";
import { publishLive } from "../infra/live.ts";

interface Data {
  plans: { hospital: Hospital; plan: StoredPlan }[];
  /** True when the signed-in user's role may accept, dismiss or close recommendations. */
  canDecide: boolean;
}

/** Same rule as PATCH /api/recommendations/:id (lib/access.ts). */
const mayDecide = (role: string | undefined) =>
  !!role && (routeAccess["PATCH /api/recommendations/:id"].roles ?? []).includes(role as never);

function audit(ctx: RouteContext<Data>, action: string, resource: string, id: string | null) {
  const user = ctx.state.user;
  if (!user) return; // anonymous visitors read the demo organisation's public page
  return recordAudit(ctx.state.db, {
    orgId: user.orgId ?? null,
    actorId: user.id,
    actor: user.email,
    action,
    resource,
    resourceId: id,
    requestId: ctx.state.requestId,
    outcome: "ok",
  });
}

export const handler: Handlers<Data> = {
  /** The latest plan of every hospital of the caller's organisation (the demo one when anonymous). */
  async GET(ctx) {
    const orgId = await requestOrgId(ctx.state);
    const plans = [];
    for (const hospital of await listHospitals(ctx.state.db, orgId)) {
      plans.push({ hospital, plan: await currentPlan(ctx.state.db, orgId, hospital) });
    }
    await audit(ctx, "read", "plans", null);
    return ctx.render({ plans, canDecide: mayDecide(ctx.state.user?.role) });
  },
  /** A decision from one of the page's forms; anonymous visitors are sent to sign in. */
  async POST(ctx) {
    const user = ctx.state.user;
    if (!user?.orgId) return seeOther(`/login?next=${encodeURIComponent("/plans")}`);
    const form = await readForm(ctx.req);
    if (!mayDecide(user.role)) {
      throw new HttpError(403, "forbidden", `role ${user.role} may not change recommendations`);
    }
    const body = validate(recommendationPatch, { status: form.status });
    const r = await updateRecommendation(ctx.state.db, user.orgId, form.id ?? "", {
      status: body.status,
      userId: user.id,
    });
    if (!r) throw notFound("recommendation");
    await audit(ctx, "update", "recommendations", r.id);
    invalidateOrg(user.orgId);
    await publishLive(ctx.state.cache, "plan", user.orgId, {
      recommendationId: r.id,
      status: r.status,
    });
    return seeOther("/plans");
  },
};

/** Action plans: every hospital's recommendations, most urgent first. */
export default function PlansPage({ data, state }: PageProps<Data>) {
  const csrf = data.canDecide ? state.csrf ?? "" : undefined;
  return (
    <>
      <h1>Action plans</h1>
      <p class="muted">
        Built every hour from the 72 h forecast, heat index, air quality and events.{" "}
        {data.canDecide ? "Accept, dismiss or close each item." : "Read-only."}
      </p>
      {data.plans.map(({ hospital, plan }) => (
        <section data-testid="plan" data-hospital={hospital.code}>
          <h2>
            <a href={`/hospitals/${hospital.code}`}>{hospital.name}</a>
          </h2>
          <p class="muted">
            Plan of {plan.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC ·{" "}
            {plan.recommendations.length} recommendation(s)
          </p>
          <PlanList
            recommendations={plan.recommendations}
            timeZone={hospital.timezone}
            csrf={csrf}
          />
        </section>
      ))}
    </>
  );
}
