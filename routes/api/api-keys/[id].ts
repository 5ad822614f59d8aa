import { define } from "../../../lib/define.ts";
import { admins } from "../../../lib/access.ts";
import { orgActor } from "../../../lib/caller.ts";
import { idParams } from "../../../lib/schemas/common.ts";
import { apiKeyOut } from "../../../lib/schemas/accounts.ts";
import { apiKeyJson } from "../../../lib/api_json.ts";
import { revokeApiKey } from "../../../services/accounts.ts";

export const handler = define.api({
  DELETE: define.operation({
    summary: "Revoke an API key",
    tags: ["accounts"],
    params: idParams,
    responses: { 200: { schema: apiKeyOut } },
    errors: [404],
    meta: { access: admins, audit: { resource: "api-keys" } },
    async handler(ctx) {
      return apiKeyJson(await revokeApiKey(ctx.state, orgActor(ctx.state), ctx.params.id));
    },
  }),
});
