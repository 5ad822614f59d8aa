import type { Handlers } from "../../framework/types.ts";
import { handleUpload, parseJsonText } from "../../lib/upload.ts";
import { csvCandidates, jsonCandidates } from "../../services/ingest/records.ts";
import { ingestEncounters } from "../../services/ingest/encounters.ts";
import { fhirCandidates } from "../../services/ingest/fhir.ts";
import { encounterColumns } from "../../lib/schemas/encounters.ts";
import { CSV_LIMIT_BYTES } from "../../lib/schemas/parse.ts";
import { appSecret } from "../../lib/auth/secrets.ts";
import { publishLive } from "../../infra/live.ts";

const csvColumns = {
  known: encounterColumns,
  required: ["hospitalId", "encounterId", "arrivedAt"],
  numeric: ["age"],
};

export const handler: Handlers = {
  /**
   * Patient-level encounters as JSON `{records}`, text/csv, or a FHIR R4 Bundle
   * (application/fhir+json, or application/json with resourceType "Bundle"; `?hospitalId=`
   * names the hospital when the Encounters do not). Identifiers are pseudonymised or dropped.
   */
  POST(ctx) {
    const { db, config } = ctx.state;
    return handleUpload(ctx.state, ctx.req, "encounters", ["json", "csv", "fhir"], async (u) => {
      let candidates;
      if (u.kind === "csv") candidates = csvCandidates(u.body, CSV_LIMIT_BYTES, csvColumns);
      else {
        const body = parseJsonText(await u.text());
        const isBundle = u.kind === "fhir" ||
          (typeof body === "object" && body !== null &&
            (body as { resourceType?: unknown }).resourceType === "Bundle");
        candidates = isBundle
          ? fhirCandidates(body, ctx.url.searchParams.get("hospitalId"))
          : jsonCandidates(body);
      }
      const secret = await appSecret(db, config, "PII_SECRET");
      const outcome = await ingestEncounters(db, u.orgId, secret, candidates, {
        partial: u.partial,
        inTransaction: (tx, outcome) => u.remember(tx, outcome),
      });
      if (outcome.accepted > 0) {
        await publishLive(ctx.state.cache, "observation", u.orgId, {
          source: "encounters",
          accepted: outcome.accepted,
        });
      }
      return outcome;
    });
  },
};
