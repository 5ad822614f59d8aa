import { z } from "zod";
import { define } from "../../../lib/define.ts";
import { eventEditors, everyone } from "../../../lib/access.ts";
import { orgActor, orgOf } from "../../../lib/caller.ts";
import { eventCreate, eventOut } from "../../../lib/schemas/events.ts";
import { instant } from "../../../lib/schemas/common.ts";
import { eventJson } from "../../../lib/api_json.ts";
import { listEvents } from "../../../models/events.ts";
import { createEvent } from "../../../services/events.ts";

export const eventListQuery = z.strictObject({
  from: instant.optional().meta({ description: "events ending after this instant" }),
  to: instant.optional().meta({ description: "events starting before this instant" }),
});

export const handler = define.api({
  GET: define.operation({
    summary: "Events",
    description: "The organisation's events overlapping [from, to), earliest first.",
    tags: ["events"],
    query: eventListQuery,
    responses: { 200: { schema: z.array(eventOut) } },
    meta: { access: everyone, audit: false },
    async handler(ctx) {
      return (await listEvents(ctx.state.db, orgOf(ctx.state), ctx.query)).map(eventJson);
    },
  }),
  POST: define.operation({
    summary: "Register an event",
    description: "`id` is the organisation's own identifier for it.",
    tags: ["events"],
    body: { json: eventCreate },
    responses: { 201: { schema: eventOut } },
    errors: [409],
    meta: { access: eventEditors, audit: { resource: "events" } },
    async handler(ctx) {
      const { id, ...fields } = ctx.body;
      return eventJson(await createEvent(ctx.state, orgActor(ctx.state), { code: id, ...fields }));
    },
  }),
});
