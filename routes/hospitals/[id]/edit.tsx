import { define, type Handlers, type PageProps } from "../../../lib/define.ts";
import { planners } from "../../../lib/access.ts";
import { hospitalOf, orgActor } from "../../../lib/caller.ts";
import { readForm, seeOther } from "../../../lib/auth/page_forms.ts";
import { validate } from "../../../framework/validation.ts";
import { hospitalPatch } from "../../../lib/schemas/hospitals.ts";
import { changeHospital } from "../../../services/hospitals.ts";
import { type FormProblem, formProblem } from "../../../lib/forms.ts";
import { mapAssets } from "../../../lib/page_data.ts";
import {
  HospitalForm,
  hospitalInput,
  type HospitalValues,
} from "../../../components/HospitalForm.tsx";
import type { LocationPickerProps } from "../../../islands/LocationPicker.tsx";

interface Data {
  code: string;
  name: string;
  values: HospitalValues;
  problem?: FormProblem;
  map: Omit<LocationPickerProps, "lat" | "lon" | "errors">;
}

export const config = define.config({ access: planners, audit: false });

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const { hospital } = await hospitalOf(ctx.state, ctx.params.id);
    return ctx.render({
      code: hospital.code,
      name: hospital.name,
      values: hospital,
      map: { ...mapAssets(ctx.state, [hospital]), around: null },
    });
  },
  /** Saves the form with the same schema and service as PATCH /api/hospitals/:id. */
  async POST(ctx) {
    const { hospital } = await hospitalOf(ctx.state, ctx.params.id);
    const form = await readForm(ctx.req);
    try {
      const patch = validate(hospitalPatch, hospitalInput(form));
      const h = await changeHospital(ctx.state, orgActor(ctx.state), hospital.id, patch);
      return seeOther(`/hospitals/${encodeURIComponent(h.code)}`);
    } catch (err) {
      const problem = formProblem(err);
      return ctx.render({
        code: hospital.code,
        name: hospital.name,
        values: form as HospitalValues,
        problem,
        map: { ...mapAssets(ctx.state, [hospital]), around: null },
      }, { status: problem.status });
    }
  },
};

/** Change a hospital's facts. */
export default function EditHospital({ data, state }: PageProps<Data>) {
  return (
    <>
      <h1>Edit {data.name}</h1>
      <HospitalForm
        action={`/hospitals/${encodeURIComponent(data.code)}/edit`}
        csrf={state.csrf ?? ""}
        values={data.values}
        problem={data.problem}
        map={data.map}
        creating={false}
      />
    </>
  );
}
