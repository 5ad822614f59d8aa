import { z } from "zod";
import { define } from "../../../lib/define.ts";
import { everyone } from "../../../lib/access.ts";
import { hospitalOf, orgOf } from "../../../lib/caller.ts";
import { userId } from "../../../lib/schemas/common.ts";
import { modelArtifactResponse } from "../../../services/forecasts.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "The organisation's ONNX model artifact",
    description: "The model that forecasts for the organisation — its own active version, or the " +
      "global model when it has none; with `hospitalId`, the one that forecasts that hospital " +
      "(the global model for hospitals the organisation's model was not trained on). The " +
      "browser runs it with onnxruntime-web; ETag is its sha256, `X-Model-Version` its version.",
    tags: ["models"],
    query: z.object({ hospitalId: userId.optional() }),
    responses: {
      200: { contentType: "application/octet-stream", description: "ONNX model" },
      304: { description: "Not modified (If-None-Match)" },
    },
    errors: [404],
    meta: { access: everyone, audit: false },
    async handler(ctx) {
      const orgId = orgOf(ctx.state);
      const hospital = ctx.query.hospitalId
        ? (await hospitalOf(ctx.state, ctx.query.hospitalId)).hospital
        : undefined;
      return await modelArtifactResponse(ctx.state.db, ctx.req, {
        orgId,
        hospitalId: hospital?.id,
        download: true,
      });
    },
  }),
});
