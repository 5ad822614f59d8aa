import { z } from "zod";
import type { Handlers } from "../../../framework/types.ts";
import { HttpError } from "../../../framework/http_error.ts";
import { readJson, readQuery } from "../../../lib/schemas/parse.ts";
import { eventCreate } from "../../../lib/schemas/events.ts";
import { instant } from "../../../lib/schemas/common.ts";
import { orgOf } from "../../../lib/auth/authenticate.ts";
import { eventJson } from "../../../lib/api_json.ts";
import { insertEvent, listEvents } from "../../../models/events.ts";

export const eventListQuery = z.strictObject({ from: instant.optional(), to: instant.optional() });

export const handler: Handlers = {
  /** The organisation's events overlapping [from, to), earliest first. */
  async GET(ctx) {
    const range = readQuery(ctx.url, eventListQuery);
    const events = await listEvents(ctx.state.db, orgOf(ctx.state), range);
    return Response.json(events.map(eventJson));
  },
  /** Registers an event under the organisation's own id for it. */
  async POST(ctx) {
    const { id, ...fields } = await readJson(ctx.req, eventCreate);
    const e = await insertEvent(ctx.state.db, orgOf(ctx.state), { code: id, ...fields });
    if (!e) {
      throw new HttpError(409, "conflict", `event ${id} exists`, [
        { path: "id", message: "already used in this organisation" },
      ]);
    }
    return Response.json(eventJson(e), { status: 201 });
  },
};
