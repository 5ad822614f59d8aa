import type { Handlers } from "../../../framework/types.ts";
import { modelArtifactResponse } from "../../../services/forecasts.ts";

export const handler: Handlers = {
  /** The active model's ONNX artifact (the browser runs it with onnxruntime-web). */
  GET: (ctx) => modelArtifactResponse(ctx.state, ctx.req, { download: true }),
};
