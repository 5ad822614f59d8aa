import { define, type Handlers, type PageProps, type RouteContext } from "../../lib/define.ts";
import { HttpError } from "../../framework/http_error.ts";
import { admins } from "../../lib/access.ts";
import { orgActor, orgOf } from "../../lib/caller.ts";
import { readForm, seeOther } from "../../lib/auth/page_forms.ts";
import { activateOrgModel, modelsOverview } from "../../services/models.ts";
import { startTraining } from "../../services/model_training.ts";
import { HospitalModels } from "../../components/models/HospitalModels.tsx";
import { TrainingSection } from "../../components/models/TrainingSection.tsx";
import { VersionsSection } from "../../components/models/VersionsSection.tsx";

type Data = Awaited<ReturnType<typeof modelsOverview>> & { error?: string };

export const config = define.config({ access: admins, audit: false });

async function act(ctx: RouteContext<Data>) {
  const form = await readForm(ctx.req);
  const who = orgActor(ctx.state);
  if (form.action === "train") return await startTraining(ctx.state, who, { fast: !!form.fast });
  if (form.action === "activate") return await activateOrgModel(ctx.state, who, form.version ?? "");
  throw new HttpError(422, "validation_failed", "unknown action", [
    { path: "action", message: "must be train or activate" },
  ]);
}

export const handler: Handlers<Data> = {
  async GET(ctx) {
    return ctx.render(await modelsOverview(ctx.state.db, orgOf(ctx.state)));
  },
  /** Train or activate through the same services as the API; then back to the page. */
  async POST(ctx) {
    try {
      await act(ctx);
      return seeOther("/admin/models");
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500 || err.code === "csrf_failed") throw err;
      const data = await modelsOverview(ctx.state.db, orgOf(ctx.state));
      return ctx.render({ ...data, error: err.message }, { status: err.status });
    }
  },
};

/** The organisation's forecast models: train on its own history, compare, activate, roll back. */
export default function Models({ data, state }: PageProps<Data>) {
  const csrf = state.csrf ?? "";
  return (
    <>
      <h2>Forecast models</h2>
      {data.error && <p class="error" role="alert">{data.error}</p>}
      <p>
        {data.organisation
          ? (
            <>
              Your own model <strong>{data.organisation}</strong>{" "}
              forecasts the hospitals it was trained on; the global model {data.global}{" "}
              forecasts the others.
            </>
          )
          : (
            <>
              The global model <strong>{data.global}</strong> forecasts your hospitals.
            </>
          )}
      </p>
      <HospitalModels hospitals={data.hospitals} minDays={data.minHistoryDays} />
      <TrainingSection
        runs={data.runs}
        csrf={csrf}
        minDays={data.minHistoryDays}
        canTrain={data.hospitals.some((h) => h.historyDays >= data.minHistoryDays)}
      />
      <VersionsSection versions={data.versions} csrf={csrf} own={data.organisation} />
      <p class="muted">
        The same through the API: POST /api/models/train, GET /api/training-runs/:id, POST
        /api/models/:version/activate (see <a href="/docs">API</a>).{" "}
        <a href="/admin/calendar">Your calendar</a> feeds the models too.
      </p>
    </>
  );
}
