import { define, type Handlers, type PageProps, type RouteContext } from "../../lib/define.ts";
import { eventEditors } from "../../lib/access.ts";
import { orgActor } from "../../lib/caller.ts";
import { readForm, seeOther } from "../../lib/auth/page_forms.ts";
import { validate } from "../../framework/validation.ts";
import { eventCreate } from "../../lib/schemas/events.ts";
import { createEvent } from "../../services/events.ts";
import { type FormProblem, formProblem } from "../../lib/forms.ts";
import { orgTimeZone, pickerMap } from "../../lib/page_data.ts";
import {
  EventForm,
  eventInput,
  type EventValues,
  postedEventValues,
} from "../../components/EventForm.tsx";
import type { LocationPickerProps } from "../../islands/LocationPicker.tsx";

interface Data {
  values: EventValues;
  problem?: FormProblem;
  map: Omit<LocationPickerProps, "lat" | "lon" | "errors">;
  timeZone: string;
}

export const config = define.config({ access: eventEditors, audit: false });

async function frame(ctx: RouteContext<Data>) {
  const orgId = orgActor(ctx.state).orgId;
  const [map, timeZone] = await Promise.all([
    pickerMap(ctx.state, orgId),
    orgTimeZone(ctx.state, orgId),
  ]);
  return { map, timeZone };
}

export const handler: Handlers<Data> = {
  async GET(ctx) {
    return ctx.render({ values: {}, ...await frame(ctx) });
  },
  /** Registers the event with the same schema and service as POST /api/events. */
  async POST(ctx) {
    const form = await readForm(ctx.req);
    const { map, timeZone } = await frame(ctx);
    try {
      const { id, ...fields } = validate(eventCreate, {
        id: form.id,
        ...eventInput(form, timeZone),
      });
      const e = await createEvent(ctx.state, orgActor(ctx.state), { code: id, ...fields });
      return seeOther(`/events/${encodeURIComponent(e.code)}`);
    } catch (err) {
      const problem = formProblem(err);
      return ctx.render({ values: postedEventValues(form), problem, map, timeZone }, {
        status: problem.status,
      });
    }
  },
};

/** Register an event. */
export default function NewEvent({ data, state }: PageProps<Data>) {
  return (
    <>
      <h1>Register an event</h1>
      <EventForm
        action="/events/new"
        csrf={state.csrf ?? ""}
        values={data.values}
        problem={data.problem}
        map={data.map}
        timeZone={data.timeZone}
        creating
      />
    </>
  );
}
