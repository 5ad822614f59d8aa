import { define } from "../../../../lib/define.ts";
import { mediaType, readJson } from "../../../../framework/validation.ts";
import { admins } from "../../../../lib/access.ts";
import { orgActor } from "../../../../lib/caller.ts";
import { trainingRunOut, trainRequest } from "../../../../lib/schemas/models.ts";
import { MIN_ORG_TRAINING_DAYS, startTraining } from "../../../../services/model_training.ts";
import { runJson } from "../../../../services/models.ts";

export const handler = define.api({
  POST: define.operation({
    summary: "Train the organisation's own model",
    description: "Queues a training run on the organisation's stored hourly history and " +
      "starts it at once, off the request (202 with the run; follow it at " +
      "`GET /api/training-runs/:id` or the `training` events of `GET /api/live`). Hospitals " +
      `with at least ${MIN_ORG_TRAINING_DAYS} days of hourly arrivals enter the model; the ` +
      "others keep the global model. The new version is registered inactive with its " +
      "backtest; activate it with `POST /api/models/:version/activate`. 409 " +
      "`insufficient_history` when no hospital has enough history, 409 `training_running` " +
      "while a run of the organisation is queued or running.",
    tags: ["models"],
    // Optional: a POST without a body trains with the full settings.
    body: { json: trainRequest, required: false, stream: true },
    responses: {
      202: {
        schema: trainingRunOut,
        description: "Training queued",
        headers: { location: "the run: GET /api/training-runs/:id" },
      },
    },
    errors: [409],
    meta: { access: admins, audit: { resource: "model_training" } },
    async handler(ctx) {
      const body = mediaType(ctx.req) === "" ? {} : await readJson(ctx.req, trainRequest);
      const run = runJson(await startTraining(ctx.state, orgActor(ctx.state), body));
      return Response.json(run, {
        status: 202,
        headers: { location: `/api/training-runs/${run.id}` },
      });
    },
  }),
});
