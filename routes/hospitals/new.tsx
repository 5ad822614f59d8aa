import { define, type Handlers, type PageProps, type RouteContext } from "../../lib/define.ts";
import { planners } from "../../lib/access.ts";
import { orgActor } from "../../lib/caller.ts";
import { readForm, seeOther } from "../../lib/auth/page_forms.ts";
import { validate } from "../../framework/validation.ts";
import { hospitalCreate } from "../../lib/schemas/hospitals.ts";
import { registerHospital } from "../../services/hospitals.ts";
import { type FormProblem, formProblem } from "../../lib/forms.ts";
import { pickerMap } from "../../lib/page_data.ts";
import {
  HospitalForm,
  hospitalInput,
  type HospitalValues,
} from "../../components/HospitalForm.tsx";
import type { LocationPickerProps } from "../../islands/LocationPicker.tsx";

interface Data {
  values: HospitalValues;
  problem?: FormProblem;
  map: Omit<LocationPickerProps, "lat" | "lon" | "errors">;
}

export const config = define.config({ access: planners, audit: false });

async function mapFor(ctx: RouteContext<Data>) {
  return await pickerMap(ctx.state, orgActor(ctx.state).orgId);
}

export const handler: Handlers<Data> = {
  async GET(ctx) {
    return ctx.render({ values: {}, map: await mapFor(ctx) });
  },
  /** Registers the hospital with the same schema and service as POST /api/hospitals. */
  async POST(ctx) {
    const form = await readForm(ctx.req);
    try {
      const body = validate(hospitalCreate, { id: form.id, ...hospitalInput(form) });
      const { id, ...fields } = body;
      const h = await registerHospital(ctx.state, orgActor(ctx.state), { code: id, ...fields });
      return seeOther(`/hospitals/${encodeURIComponent(h.code)}`);
    } catch (err) {
      const problem = formProblem(err);
      const values = { ...form, code: form.id } as HospitalValues;
      return ctx.render({ values, problem, map: await mapFor(ctx) }, { status: problem.status });
    }
  },
};

/** Register a hospital. */
export default function NewHospital({ data, state }: PageProps<Data>) {
  return (
    <>
      <h1>Register a hospital</h1>
      <HospitalForm
        action="/hospitals/new"
        csrf={state.csrf ?? ""}
        values={data.values}
        problem={data.problem}
        map={data.map}
        creating
      />
    </>
  );
}
