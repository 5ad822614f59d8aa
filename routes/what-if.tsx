import { define, type Handlers, type PageProps } from "../lib/define.ts";
import { anyone } from "../lib/access.ts";
import { viewerHospital, viewerOrgId } from "../lib/caller.ts";
import WhatIf, { type WhatIfProps } from "../islands/WhatIf.tsx";
import { listHospitals } from "../models/hospitals.ts";
import { capacityOf, issueHour, loadForecastInputs, scenarioOf } from "../ml/forecaster.ts";
import { levelAt } from "../ml/features.ts";
import { scenarioHistory, scenarioToJson } from "../ml/what_if_inputs.ts";
import { modelForHospital, orgModels } from "../ml/registry.ts";

interface Data {
  hospitals: { id: string; code: string; name: string }[];
  selected: string;
  name: string;
  whatIf: WhatIfProps | null;
}

export const config = define.config({ access: anyone, audit: { resource: "forecasts" } });

export const handler: Handlers<Data> = {
  /**
   * Everything the browser needs to recompute one hospital's 72 h forecast with no further
   * server calls: the same inputs POST /api/forecast/what-if builds, the model's feature spec and
   * the URL of its ONNX artifact.
   */
  async GET(ctx) {
    const { db } = ctx.state;
    const orgId = await viewerOrgId(ctx.state);
    const hospitals = orgId ? await listHospitals(db, orgId) : [];
    const wanted = ctx.url.searchParams.get("hospital") ?? hospitals[0]?.code;
    if (!wanted) return ctx.render({ hospitals: [], selected: "", name: "", whatIf: null });
    const { hospital } = await viewerHospital(ctx.state, wanted);
    const issuedAt = issueHour(new Date());
    const [models, inputs] = await Promise.all([
      orgModels(db, orgId!),
      loadForecastInputs(db, orgId!, issuedAt, [hospital.id]),
    ]);
    // The model that forecasts this hospital: the organisation's own or the global one.
    const model = modelForHospital(models, hospital.id);
    const scenario = scenarioOf(inputs, inputs.hospitals[0]);
    const enough = levelAt(scenarioHistory(scenario), scenario.origin) !== null;
    const { vendor = {} } = ctx.state.assets;
    const names = new Map(inputs.events.map((e) => [e.code, (e as { name?: string }).name ?? ""]));
    return ctx.render({
      hospitals: hospitals.map((h) => ({ id: h.id, code: h.code, name: h.name })),
      selected: hospital.code,
      name: hospital.name,
      whatIf: enough
        ? {
          hospitalId: hospital.code,
          issuedAt: issuedAt.toISOString(),
          capacity: Math.round(capacityOf(hospital) * 100) / 100,
          modelVersion: model.version,
          modelSha256: model.sha256,
          spec: model.spec,
          inputs: scenarioToJson(scenario, names),
          modelUrl: `/models/current.onnx?hospital=${encodeURIComponent(hospital.code)}&v=${
            model.sha256.slice(0, 16)
          }`,
          ortUrl: vendor.ortModule,
          ortGlueUrl: vendor.ortGlue,
          ortWasmUrl: vendor.ortWasm,
        }
        : null,
    });
  },
};

/** What-if: the 72 h forecast recomputed in the browser with the same ONNX model. */
export default function WhatIfPage({ data }: PageProps<Data>) {
  return (
    <>
      <h1>What-if{data.name && `: ${data.name}`}</h1>
      <form method="get" action="/what-if" class="what-if-pick">
        <label>
          Hospital{" "}
          <select name="hospital">
            {data.hospitals.map((h) => (
              <option value={h.code} selected={h.code === data.selected}>{h.name}</option>
            ))}
          </select>
        </label>{" "}
        <button type="submit">Show</button>
      </form>
      <p class="muted">
        Move the sliders to see how event attendance, heat and fine particles change the expected ED
        arrivals of the next 72 hours. The forecast is recomputed in your browser with the same
        model and features as the server; nothing is sent back.
      </p>
      {data.whatIf ? <WhatIf {...data.whatIf} /> : (
        <p>
          {data.hospitals.length
            ? "This hospital has less than a day of ED arrivals in the last 28 days; no forecast yet."
            : "No hospitals yet. Add one through the API or seed the demo region."}
        </p>
      )}
    </>
  );
}
