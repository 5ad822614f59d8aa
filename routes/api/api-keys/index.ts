import { z } from "zod";
import { define } from "../../../lib/define.ts";
import { admins } from "../../../lib/access.ts";
import { orgActor, orgOf } from "../../../lib/caller.ts";
import { apiKeyCreate, apiKeyOut } from "../../../lib/schemas/accounts.ts";
import { apiKeyJson } from "../../../lib/api_json.ts";
import { listApiKeys } from "../../../lib/auth/api_keys.ts";
import { issueApiKey } from "../../../services/accounts.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "API keys (without secrets)",
    tags: ["accounts"],
    responses: { 200: { schema: z.array(apiKeyOut) } },
    meta: { access: admins, audit: { resource: "api-keys" } },
    async handler(ctx) {
      return (await listApiKeys(ctx.state.db, orgOf(ctx.state))).map(apiKeyJson);
    },
  }),
  POST: define.operation({
    summary: "Create an API key (shown once)",
    tags: ["accounts"],
    body: { json: apiKeyCreate },
    responses: { 201: { schema: apiKeyOut } },
    meta: { access: admins, audit: { resource: "api-keys" } },
    async handler(ctx) {
      const key = await issueApiKey(ctx.state, orgActor(ctx.state), ctx.body);
      return Response.json(apiKeyJson(key), {
        status: 201,
        headers: { "cache-control": "no-store" },
      });
    },
  }),
});
