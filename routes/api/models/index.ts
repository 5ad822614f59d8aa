import type { Handlers } from "../../../framework/types.ts";
import { ensureActiveModel, listVersions } from "../../../ml/registry.ts";

export const handler: Handlers = {
  /** Model versions, newest first: data window, metrics, artifact hash, who activated it. */
  async GET(ctx) {
    await ensureActiveModel(ctx.state.db);
    const versions = await listVersions(ctx.state.db);
    return Response.json({
      active: versions.find((v) => v.active)?.version ?? null,
      versions: versions.map((v) => ({
        ...v,
        createdAt: new Date(v.createdAt).toISOString(),
        dataFrom: v.dataFrom && new Date(v.dataFrom).toISOString(),
        dataTo: v.dataTo && new Date(v.dataTo).toISOString(),
        activatedAt: v.activatedAt && new Date(v.activatedAt).toISOString(),
      })),
    });
  },
};
