import type { Handlers } from "../../../lib/framework/types.ts";
import { ensureActiveModel } from "../../../ml/registry.ts";

export const handler: Handlers = {
  /** The active model's ONNX artifact (the browser runs it with onnxruntime-web). */
  async GET(ctx) {
    const m = await ensureActiveModel(ctx.state.db);
    const etag = `"${m.sha256}"`;
    const headers = {
      "content-type": "application/octet-stream",
      "etag": etag,
      "cache-control": "private, no-cache",
      "x-model-version": m.version,
      "content-disposition": `attachment; filename="festsafe-${m.version}.onnx"`,
    };
    if (ctx.req.headers.get("if-none-match") === etag) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(m.artifact as Uint8Array<ArrayBuffer>, { headers });
  },
};
