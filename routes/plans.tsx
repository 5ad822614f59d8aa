import { define, type Handlers, type PageProps } from "../lib/define.ts";
import { anyone } from "../lib/access.ts";
import { orgActor, viewerOrgId } from "../lib/caller.ts";
import { HttpError } from "../framework/http_error.ts";
import { readForm, seeOther } from "../lib/auth/page_forms.ts";
import { readOrgPlans, type ReadPlan } from "../services/plans.ts";
import { decideRecommendation } from "../services/recommendations.ts";
import { validate } from "../framework/validation.ts";
import { recommendationPatch } from "../lib/schemas/plans.ts";
import { type Hospital, listHospitals } from "../models/hospitals.ts";
import { PlanList } from "../components/PlanList.tsx";
import { PlanMeta } from "../components/PlanMeta.tsx";
import { handler as recommendationApi } from "./api/recommendations/[id].ts";

interface Data {
  plans: { hospital: Hospital; plan: ReadPlan | null }[];
  /** True when the signed-in user's role may accept, dismiss or close recommendations. */
  canDecide: boolean;
}

/** The same rule as PATCH /api/recommendations/:id, read from its definition. */
const mayDecide = (role: string | undefined) =>
  !!role &&
  (recommendationApi.methods.PATCH!.meta.access.roles ?? []).includes(role as never);

export const config = define.config({
  access: anyone,
  audit: { resource: "plans" },
  cache: true,
});

export const handler: Handlers<Data> = {
  /** The latest plan of every hospital of the viewer's organisation (the demo one when anonymous). */
  async GET(ctx) {
    const orgId = await viewerOrgId(ctx.state);
    if (!orgId) return ctx.render({ plans: [], canDecide: false });
    const [hospitals, latest] = await Promise.all([
      listHospitals(ctx.state.db, orgId),
      readOrgPlans(ctx.state.db, orgId),
    ]);
    const plans = hospitals.map((hospital) => ({
      hospital,
      plan: latest.get(hospital.id) ?? null,
    }));
    return ctx.render({ plans, canDecide: mayDecide(ctx.state.user?.role) });
  },
  /** A decision from one of the page's forms; anonymous visitors are sent to sign in. */
  async POST(ctx) {
    const user = ctx.state.user;
    if (!user) return seeOther(`/login?next=${encodeURIComponent("/plans")}`);
    const form = await readForm(ctx.req);
    if (!mayDecide(user.role)) {
      throw new HttpError(403, "forbidden", `role ${user.role} may not change recommendations`);
    }
    const body = validate(recommendationPatch, { status: form.status });
    await decideRecommendation(ctx.state, orgActor(ctx.state), form.id ?? "", body);
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
        Built every hour and within a minute of any change of their inputs, from the census
        forecast, heat index, air quality, events and the organisation's settings.{" "}
        {data.canDecide ? "Accept, dismiss or close each item." : "Read-only."}
      </p>
      {data.plans.map(({ hospital, plan }) => (
        <section data-testid="plan" data-hospital={hospital.code}>
          <h2>
            <a href={`/hospitals/${hospital.code}`}>{hospital.name}</a>
          </h2>
          {plan
            ? (
              <>
                <PlanMeta plan={plan} timeZone={hospital.timezone} />
                <PlanList
                  recommendations={plan.recommendations}
                  timeZone={hospital.timezone}
                  csrf={csrf}
                />
              </>
            )
            : <p>No plan yet: the first is built within a minute of the hospital's first data.</p>}
        </section>
      ))}
    </>
  );
}
