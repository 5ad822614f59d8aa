import { define } from "../../../lib/define.ts";
import { eventEditors, everyone } from "../../../lib/access.ts";
import { orgActor, orgOf } from "../../../lib/caller.ts";
import { notFound } from "../../../framework/http_error.ts";
import { idParams } from "../../../lib/schemas/common.ts";
import { eventOut, eventPatch } from "../../../lib/schemas/events.ts";
import { eventJson } from "../../../lib/api_json.ts";
import { getEvent } from "../../../models/events.ts";
import { changeEvent, removeEvent } from "../../../services/events.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "One event (own id or uuid)",
    tags: ["events"],
    params: idParams,
    responses: { 200: { schema: eventOut } },
    errors: [404],
    meta: { access: everyone, audit: false },
    async handler(ctx) {
      const e = await getEvent(ctx.state.db, orgOf(ctx.state), ctx.params.id);
      if (!e) throw notFound("event");
      return eventJson(e);
    },
  }),
  PATCH: define.operation({
    summary: "Change an event",
    description: "Any subset of the fields; the result must still end after it starts.",
    tags: ["events"],
    params: idParams,
    body: { json: eventPatch },
    responses: { 200: { schema: eventOut } },
    errors: [404],
    meta: { access: eventEditors, audit: { resource: "events" } },
    async handler(ctx) {
      return eventJson(await changeEvent(ctx.state, orgActor(ctx.state), ctx.params.id, ctx.body));
    },
  }),
  DELETE: define.operation({
    summary: "Delete an event",
    tags: ["events"],
    params: idParams,
    responses: { 204: { description: "Deleted" } },
    errors: [404],
    meta: { access: eventEditors, audit: { resource: "events" } },
    async handler(ctx) {
      await removeEvent(ctx.state, orgActor(ctx.state), ctx.params.id);
    },
  }),
});
