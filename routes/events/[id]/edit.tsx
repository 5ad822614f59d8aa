import { define, type Handlers, type PageProps, type RouteContext } from "../../../lib/define.ts";
import { eventEditors } from "../../../lib/access.ts";
import { orgActor } from "../../../lib/caller.ts";
import { notFound } from "../../../framework/http_error.ts";
import { readForm, seeOther } from "../../../lib/auth/page_forms.ts";
import { validate } from "../../../framework/validation.ts";
import { eventPatch } from "../../../lib/schemas/events.ts";
import { type FestEvent, getEvent } from "../../../models/events.ts";
import { changeEvent, removeEvent } from "../../../services/events.ts";
import { type FormProblem, formProblem } from "../../../lib/forms.ts";
import { mapAssets, orgTimeZone } from "../../../lib/page_data.ts";
import {
  EventForm,
  eventInput,
  type EventValues,
  eventValues,
  postedEventValues,
} from "../../../components/EventForm.tsx";
import { PostForm } from "../../../components/form/fields.tsx";
import type { LocationPickerProps } from "../../../islands/LocationPicker.tsx";

interface Data {
  event: FestEvent;
  values: EventValues;
  problem?: FormProblem;
  map: Omit<LocationPickerProps, "lat" | "lon" | "errors">;
  timeZone: string;
}

export const config = define.config({ access: eventEditors, audit: false });

async function load(ctx: RouteContext<Data>) {
  const orgId = orgActor(ctx.state).orgId;
  const event = await getEvent(ctx.state.db, orgId, ctx.params.id);
  if (!event) throw notFound("event");
  const timeZone = await orgTimeZone(ctx.state, orgId);
  return { event, timeZone, map: { ...mapAssets(ctx.state, [event]), around: null } };
}

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const base = await load(ctx);
    return ctx.render({ ...base, values: eventValues(base.event, base.timeZone) });
  },
  /** Saves (PATCH /api/events/:id) or deletes (DELETE) through the same services as the API. */
  async POST(ctx) {
    const base = await load(ctx);
    const form = await readForm(ctx.req);
    const who = orgActor(ctx.state);
    if (form.action === "delete") {
      await removeEvent(ctx.state, who, base.event.id);
      return seeOther("/events");
    }
    try {
      const patch = validate(eventPatch, eventInput(form, base.timeZone));
      const e = await changeEvent(ctx.state, who, base.event.id, patch);
      return seeOther(`/events/${encodeURIComponent(e.code)}`);
    } catch (err) {
      const problem = formProblem(err);
      return ctx.render({ ...base, values: postedEventValues(form), problem }, {
        status: problem.status,
      });
    }
  },
};

/** Change or delete an event. */
export default function EditEvent({ data, state }: PageProps<Data>) {
  const action = `/events/${encodeURIComponent(data.event.code)}/edit`;
  const csrf = state.csrf ?? "";
  return (
    <>
      <h1>Edit {data.event.name}</h1>
      <EventForm
        action={action}
        csrf={csrf}
        values={data.values}
        problem={data.problem}
        map={data.map}
        timeZone={data.timeZone}
        creating={false}
      />
      <h2>Delete</h2>
      <PostForm action={action} csrf={csrf} name="delete" class="actions" testId="delete-event">
        <p>Deleting removes the event from forecasts and plans at the next refresh.</p>
        <button type="submit" class="danger">Delete {data.event.name}</button>
      </PostForm>
    </>
  );
}
