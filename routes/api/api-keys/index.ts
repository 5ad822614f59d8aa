import type { Handlers } from "../../../framework/types.ts";
import { readJson } from "../../../lib/schemas/parse.ts";
import { apiKeyCreate } from "../../../lib/schemas/accounts.ts";
import { orgOf } from "../../../lib/auth/authenticate.ts";
import { type ApiKeyInfo, createApiKey, listApiKeys } from "../../../lib/auth/api_keys.ts";

/** An API key as the API shows it (the secret only once, at creation). */
export const apiKeyJson = (k: ApiKeyInfo & { key?: string }) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  createdAt: new Date(k.createdAt).toISOString(),
  lastUsedAt: k.lastUsedAt ? new Date(k.lastUsedAt).toISOString() : null,
  revokedAt: k.revokedAt ? new Date(k.revokedAt).toISOString() : null,
  ...(k.key ? { key: k.key } : {}),
});

export const handler: Handlers = {
  /** The organisation's keys, without their secrets. */
  async GET(ctx) {
    return Response.json((await listApiKeys(ctx.state.db, orgOf(ctx.state))).map(apiKeyJson));
  },
  /** Creates a key; the answer is the only time the key itself is shown. */
  async POST(ctx) {
    const body = await readJson(ctx.req, apiKeyCreate);
    const key = await createApiKey(ctx.state.db, {
      orgId: orgOf(ctx.state),
      name: body.name,
      scopes: body.scopes,
      createdBy: ctx.state.user!.id,
    });
    return Response.json(apiKeyJson(key), {
      status: 201,
      headers: { "cache-control": "no-store" },
    });
  },
};
