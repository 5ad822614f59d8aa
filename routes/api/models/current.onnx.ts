import { define } from "../../../lib/define.ts";
import { everyone } from "../../../lib/access.ts";
import { modelArtifactResponse } from "../../../services/forecasts.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "The active model's ONNX artifact",
    description: "The browser runs it with onnxruntime-web; ETag is its sha256.",
    tags: ["models"],
    responses: {
      200: { contentType: "application/octet-stream", description: "ONNX model" },
      304: { description: "Not modified (If-None-Match)" },
    },
    meta: { access: everyone, audit: false },
    handler: (ctx) => modelArtifactResponse(ctx.state.db, ctx.req, { download: true }),
  }),
});
