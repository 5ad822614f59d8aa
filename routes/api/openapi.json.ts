import type { Handlers } from "../../framework/types.ts";
import { buildOpenApi } from "../../lib/openapi.ts";

let cached: string | undefined;

export const handler: Handlers = {
  /** The OpenAPI 3.1 document, generated from the zod schemas. */
  GET() {
    cached ??= JSON.stringify(buildOpenApi());
    return new Response(cached, { headers: { "content-type": "application/json" } });
  },
};
