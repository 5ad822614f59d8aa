import type { Handlers } from "../../framework/types.ts";
import { handleUpload, parseJsonText } from "../../lib/upload.ts";
import { csvCandidates, jsonCandidates } from "../../services/ingest/records.ts";
import { ingestObservations, observationCsvColumns } from "../../services/ingest/observations.ts";
import { CSV_LIMIT_BYTES } from "../../lib/schemas/parse.ts";
import { publishLive } from "../../infra/live.ts";

export const handler: Handlers = {
  /**
   * Hourly aggregates as JSON `{records}` or text/csv; `{accepted, rejected, errors}`. Any bad
   * row refuses the whole upload (422) unless `?partial=true`. Honours Idempotency-Key.
   */
  POST(ctx) {
    return handleUpload(ctx.state, ctx.req, "observations", ["json", "csv"], async (u) => {
      const candidates = u.kind === "csv"
        ? csvCandidates(u.body, CSV_LIMIT_BYTES, observationCsvColumns)
        : jsonCandidates(parseJsonText(await u.text()));
      const outcome = await ingestObservations(ctx.state.db, u.orgId, candidates, {
        partial: u.partial,
        inTransaction: (tx, outcome) => u.remember(tx, outcome),
      });
      if (outcome.accepted > 0) {
        await publishLive(ctx.state.cache, "observation", u.orgId, {
          source: "observations",
          accepted: outcome.accepted,
        });
      }
      return outcome;
    });
  },
};
