import { define } from "../../../lib/define.ts";
import { everyone } from "../../../lib/access.ts";
import { orgOf } from "../../../lib/caller.ts";
import { notFound } from "../../../framework/http_error.ts";
import { runParams, trainingRunOut } from "../../../lib/schemas/models.ts";
import { getTrainingRun } from "../../../models/training_runs.ts";
import { getModelVersion } from "../../../models/model_versions.ts";
import { runJson } from "../../../services/models.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "A training run",
    description: "Status (queued, running, succeeded, failed), stage and progress (0–100) of " +
      "one of the organisation's training runs; once it succeeded, the version it registered " +
      "and its backtest against seasonal naive and the Poisson GLM.",
    tags: ["models"],
    params: runParams,
    responses: { 200: { schema: trainingRunOut } },
    errors: [404],
    meta: { access: everyone, audit: false },
    async handler(ctx) {
      const orgId = orgOf(ctx.state);
      const run = await getTrainingRun(ctx.state.db, orgId, ctx.params.id);
      if (!run) throw notFound("training run");
      const version = run.version ? await getModelVersion(ctx.state.db, run.version, orgId) : null;
      return runJson(run, version);
    },
  }),
});
