import { z } from "zod";
import { define } from "../../lib/define.ts";
import { anyone } from "../../lib/access.ts";
import { buildApiDocument } from "../../lib/openapi.ts";

let cached: string | undefined;

export const handler = define.api({
  GET: define.operation({
    summary: "This OpenAPI document",
    tags: ["docs"],
    responses: {
      200: {
        description: "OpenAPI 3.1",
        schema: z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }).loose(),
      },
    },
    errors: [429],
    meta: { access: anyone, audit: false },
    handler() {
      cached ??= JSON.stringify(buildApiDocument());
      return new Response(cached, { headers: { "content-type": "application/json" } });
    },
  }),
});
