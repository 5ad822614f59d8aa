import { define } from "../../../../lib/define.ts";
import { admins } from "../../../../lib/access.ts";
import { orgActor } from "../../../../lib/caller.ts";
import { activationOut, versionParams } from "../../../../lib/schemas/models.ts";
import { activateOrgModel } from "../../../../services/models.ts";

export const handler = define.api({
  POST: define.operation({
    summary: "Activate a model version for the organisation",
    description: "Makes one of the organisation's versions forecast its hospitals — a new one " +
      "or an earlier one (rollback); it must beat the strongest baseline (seasonal naive, " +
      "the calendar GLM) on its backtest (409 `not_better_than_baselines`). Naming the global model's active " +
      "version makes the organisation use the global model again. Other organisations keep " +
      "their models; the organisation's forecasts are rebuilt within seconds.",
    tags: ["models"],
    params: versionParams,
    responses: { 200: { schema: activationOut } },
    errors: [404, 409],
    meta: { access: admins, audit: { resource: "models" } },
    handler(ctx) {
      return activateOrgModel(ctx.state, orgActor(ctx.state), ctx.params.version);
    },
  }),
});
