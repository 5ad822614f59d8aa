import { define } from "../../../lib/define.ts";
import { admins } from "../../../lib/access.ts";
import { orgActor } from "../../../lib/caller.ts";
import { idParams } from "../../../lib/schemas/common.ts";
import { userOut, userPatch } from "../../../lib/schemas/accounts.ts";
import { userJson } from "../../../lib/api_json.ts";
import { updateUser } from "../../../services/accounts.ts";

export const handler = define.api({
  PATCH: define.operation({
    summary: "Change role, disable, set password",
    description: "The user's sessions end. Admins cannot disable or demote themselves (409).",
    tags: ["accounts"],
    params: idParams,
    body: { json: userPatch },
    responses: { 200: { schema: userOut } },
    errors: [404, 409],
    meta: { access: admins, audit: { resource: "users" } },
    async handler(ctx) {
      return userJson(await updateUser(ctx.state, orgActor(ctx.state), ctx.params.id, ctx.body));
    },
  }),
});
