import type { Handlers } from "../../../lib/framework/types.ts";
import { modelArtifactResponse } from "../../../lib/forecast_api.ts";

export const handler: Handlers = {
  /** The active model's ONNX artifact (the browser runs it with onnxruntime-web). */
  GET: (ctx) => modelArtifactResponse(ctx.state, ctx.req, { download: true }),
};
