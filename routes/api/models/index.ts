import { define } from "../../../lib/define.ts";
import { everyone } from "../../../lib/access.ts";
import { modelsOut } from "../../../lib/schemas/api.ts";
import { listVersions } from "../../../ml/registry.ts";

const iso = (d: Date | null) => d && new Date(d).toISOString();

export const handler = define.api({
  GET: define.operation({
    summary: "Model versions",
    description: "Newest first: data window, metrics, artifact hash, who activated it.",
    tags: ["models"],
    responses: { 200: { schema: modelsOut } },
    meta: { access: everyone, audit: false },
    async handler(ctx) {
      const versions = await listVersions(ctx.state.db);
      return {
        active: versions.find((v) => v.active)?.version ?? null,
        versions: versions.map((v) => ({
          ...v,
          createdAt: new Date(v.createdAt).toISOString(),
          dataFrom: iso(v.dataFrom),
          dataTo: iso(v.dataTo),
          activatedAt: iso(v.activatedAt),
        })),
      };
    },
  }),
});
