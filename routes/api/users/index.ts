import { z } from "zod";
import { define } from "../../../lib/define.ts";
import { admins } from "../../../lib/access.ts";
import { orgActor, orgOf } from "../../../lib/caller.ts";
import { userCreate, userOut } from "../../../lib/schemas/accounts.ts";
import { userJson } from "../../../lib/api_json.ts";
import { listUsers } from "../../../models/users.ts";
import { createUser } from "../../../services/accounts.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "Users of the organisation",
    tags: ["accounts"],
    responses: { 200: { schema: z.array(userOut) } },
    meta: { access: admins, audit: { resource: "users" } },
    async handler(ctx) {
      return (await listUsers(ctx.state.db, orgOf(ctx.state))).map(userJson);
    },
  }),
  POST: define.operation({
    summary: "Add a user",
    tags: ["accounts"],
    body: { json: userCreate },
    responses: { 201: { schema: userOut } },
    errors: [409],
    meta: { access: admins, audit: { resource: "users" } },
    async handler(ctx) {
      return userJson(await createUser(ctx.state, orgActor(ctx.state), ctx.body));
    },
  }),
});
