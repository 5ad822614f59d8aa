import type { Handlers } from "../../../framework/types.ts";
import { notFound } from "../../../framework/http_error.ts";
import { readJson, validationFailed } from "../../../lib/schemas/parse.ts";
import { eventPatch } from "../../../lib/schemas/events.ts";
import { orgOf } from "../../../lib/auth/authenticate.ts";
import { eventJson } from "../../../lib/api_json.ts";
import { deleteEvent, getEvent, updateEvent } from "../../../models/events.ts";

export const handler: Handlers = {
  /** One event, by the organisation's id for it or by its uuid. */
  async GET(ctx) {
    const e = await getEvent(ctx.state.db, orgOf(ctx.state), ctx.params.id);
    if (!e) throw notFound("event");
    return Response.json(eventJson(e));
  },
  /** Changes some of an event's fields; the result must still end after it starts. */
  async PATCH(ctx) {
    const orgId = orgOf(ctx.state);
    const found = await getEvent(ctx.state.db, orgId, ctx.params.id);
    if (!found) throw notFound("event");
    const patch = await readJson(ctx.req, eventPatch);
    const startsAt = patch.startsAt ?? new Date(found.startsAt);
    const endsAt = patch.endsAt ?? new Date(found.endsAt);
    if (endsAt <= startsAt) {
      throw validationFailed([{
        path: patch.endsAt ? "endsAt" : "startsAt",
        message: "endsAt must be after startsAt",
      }]);
    }
    const e = await updateEvent(ctx.state.db, orgId, found.id, patch);
    if (!e) throw notFound("event");
    return Response.json(eventJson(e));
  },
  /** Removes an event. */
  async DELETE(ctx) {
    const orgId = orgOf(ctx.state);
    const found = await getEvent(ctx.state.db, orgId, ctx.params.id);
    if (!found || !await deleteEvent(ctx.state.db, orgId, found.id)) throw notFound("event");
    return new Response(null, { status: 204 });
  },
};
