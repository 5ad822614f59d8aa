import { define } from "../../lib/define.ts";
import { ingesters } from "../../lib/access.ts";
import { handleUpload, parseJsonText, uploadQuery } from "../../lib/upload.ts";
import { csvCandidates, jsonCandidates } from "../../services/ingest/records.ts";
import { ingestObservations, observationCsvColumns } from "../../services/ingest/observations.ts";
import { ingestResult, observationsBody } from "../../lib/schemas/observations.ts";
import { CSV_LIMIT_BYTES } from "../../framework/validation.ts";
import { changed } from "../../services/changes.ts";

export const handler = define.api({
  POST: define.operation({
    summary: "Upload hourly aggregates",
    description: "JSON `{records}` or streamed CSV. Any bad row refuses the whole upload (422) " +
      "unless `?partial=true`. Honours `Idempotency-Key`: a retry with the same key and body " +
      "gets the stored answer and changes nothing.",
    tags: ["ingest"],
    query: uploadQuery,
    body: {
      json: observationsBody,
      other: {
        "text/csv":
          "Header hospitalId,ts,edArrivals,ambulanceArrivals,edOccupancy,bedsAvailable,boarders," +
          "waitingRoom,ventilated,longestBoardingHours,lastBedWaitHours,diversion (true/false)," +
          "diversionReason (any subset after edArrivals); up to 50 MB",
      },
      stream: true,
    },
    responses: { 200: { schema: ingestResult } },
    errors: [409],
    meta: { access: ingesters, audit: { resource: "observations" } },
    handler(ctx) {
      return handleUpload(ctx.state, ctx.req, "observations", ["json", "csv"], async (u) => {
        const candidates = u.kind === "csv"
          ? csvCandidates(u.body, CSV_LIMIT_BYTES, observationCsvColumns)
          : jsonCandidates(parseJsonText(await u.text()));
        const outcome = await ingestObservations(ctx.state.db, u.orgId, candidates, {
          partial: u.partial,
          inTransaction: (tx, outcome) => u.remember(tx, outcome),
        });
        if (outcome.accepted > 0) {
          // A reported diversion or NEDOCS input shows on the board at once (not after the TTL).
          await changed(ctx.state.cache, u.orgId, {
            type: "observation",
            data: { source: "observations", accepted: outcome.accepted },
          });
        }
        return outcome;
      });
    },
  }),
});
