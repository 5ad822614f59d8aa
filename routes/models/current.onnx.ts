import type { Handlers } from "../../lib/framework/types.ts";
import { requestOrgId } from "../../lib/forecast_api.ts";
import { ensureActiveModel } from "../../ml/registry.ts";

export const handler: Handlers = {
  /**
   * The active ONNX artifact for the /what-if page, which anonymous visitors of the demo
   * organisation may open (GET /api/models/current.onnx needs credentials). Served to whoever
   * can see an organisation's pages: a signed-in user, or anyone while a demo organisation exists.
   */
  async GET(ctx) {
    await requestOrgId(ctx.state);
    const m = await ensureActiveModel(ctx.state.db);
    const etag = `"${m.sha256}"`;
    const headers = {
      "content-type": "application/octet-stream",
      "etag": etag,
      "cache-control": "private, no-cache",
      "x-model-version": m.version,
    };
    if (ctx.req.headers.get("if-none-match") === etag) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(m.artifact as Uint8Array<ArrayBuffer>, { headers });
  },
};
