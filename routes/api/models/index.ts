import { define } from "../../../lib/define.ts";
import { everyone } from "../../../lib/access.ts";
import { orgOf } from "../../../lib/caller.ts";
import { modelsOut } from "../../../lib/schemas/models.ts";
import { modelsOverview } from "../../../services/models.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "Model versions",
    description: "The global versions and the organisation's own, newest first: data window, " +
      "backtest against seasonal naive and the Poisson GLM, artifact hash, who activated it; " +
      "which model forecasts each hospital (the organisation's own for the hospitals it was " +
      "trained on, the global one for the others) and the latest training runs.",
    tags: ["models"],
    responses: { 200: { schema: modelsOut } },
    meta: { access: everyone, audit: false },
    handler: (ctx) => modelsOverview(ctx.state.db, orgOf(ctx.state)),
  }),
});
