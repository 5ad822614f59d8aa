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
import { dueText } from "../components/plain_figures.ts";
import type { StoredRecommendation } from "../models/plans.ts";
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

const priorities = ["critical", "high", "medium", "low"] as const;

/** A hospital's plan in one line: how many open items of each priority and the first due. */
function PlanHeadline(
  { items, timeZone, now }: { items: StoredRecommendation[]; timeZone: string; now: number },
) {
  const open = items.filter((r) => r.status === "open" || r.status === "accepted");
  if (!open.length) return null;
  const counts = priorities
    .map((p) => [p, open.filter((r) => r.priority === p).length] as const)
    .filter(([, n]) => n > 0)
    .map(([p, n]) => `${n} ${p}`)
    .join(", ");
  const dues = open.map((r) => r.dueAt).filter((d): d is Date => !!d)
    .sort((a, b) => new Date(a).getTime() - new Date(b).getTime());
  return (
    <p class="plan-summary" data-testid="plan-headline">
      <strong>{open.length} to do</strong> ({counts})
      {dues.length ? ` · first ${dueText(dues[0], now, timeZone)}` : ""}
    </p>
  );
}

/** Action plans: every hospital's recommendations, most urgent first. */
export default function PlansPage({ data, state }: PageProps<Data>) {
  const csrf = data.canDecide ? state.csrf ?? "" : undefined;
  const now = Date.now();
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
                <PlanHeadline
                  items={plan.recommendations}
                  timeZone={hospital.timezone}
                  now={now}
                />
                <PlanMeta plan={plan} timeZone={hospital.timezone} />
                <PlanList
                  now={now}
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
