import type { Handlers } from "../../../framework/types.ts";
import { notFound } from "../../../framework/http_error.ts";
import { orgOf } from "../../../lib/auth/authenticate.ts";
import { revokeApiKey } from "../../../lib/auth/api_keys.ts";
import { apiKeyJson } from "./index.ts";

export const handler: Handlers = {
  /** Revokes a key at once. */
  async DELETE(ctx) {
    const key = await revokeApiKey(ctx.state.db, orgOf(ctx.state), ctx.params.id);
    if (!key) throw notFound("API key");
    return Response.json(apiKeyJson(key));
  },
};
