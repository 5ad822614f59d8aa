import { z } from "zod";
import { define } from "../../lib/define.ts";
import { ingesters } from "../../lib/access.ts";
import { handleUpload, parseJsonText, uploadQuery } from "../../lib/upload.ts";
import { csvCandidates, jsonCandidates } from "../../services/ingest/records.ts";
import { ingestEncounters } from "../../services/ingest/encounters.ts";
import { fhirCandidates } from "../../services/ingest/fhir.ts";
import { encounterColumns, encountersBody } from "../../lib/schemas/encounters.ts";
import { ingestResult } from "../../lib/schemas/observations.ts";
import { CSV_LIMIT_BYTES } from "../../framework/validation.ts";
import { appSecret } from "../../lib/auth/secrets.ts";
import { publishLive } from "../../infra/live.ts";

const csvColumns = {
  known: encounterColumns,
  required: ["hospitalId", "encounterId", "arrivedAt"],
  numeric: ["age"],
};

const encountersQuery = uploadQuery.extend({
  hospitalId: z.string().min(1).max(64).optional().meta({
    description: "FHIR Bundles: the hospital, when the Encounters do not name one",
  }),
});

const encountersResult = ingestResult.extend({
  duplicates: z.number().int().optional().meta({
    description: "encounters already stored (same pseudonymised encounter id)",
  }),
}).meta({ id: "EncounterIngestResult" });

export const handler = define.api({
  POST: define.operation({
    summary: "Upload ED encounters",
    description: "JSON `{records}`, text/csv, or a FHIR R4 Bundle of Encounter and Patient " +
      "(application/fhir+json, or application/json with resourceType Bundle). Identifiers are " +
      "pseudonymised or dropped before anything is stored; counted into hourly aggregates.",
    tags: ["ingest"],
    query: encountersQuery,
    body: {
      json: encountersBody,
      other: {
        "text/csv": "Header: the EncounterRecord field names",
        "application/fhir+json": "FHIR R4 Bundle of Encounter and Patient resources",
      },
      stream: true,
    },
    responses: { 200: { schema: encountersResult } },
    errors: [409],
    meta: { access: ingesters, audit: { resource: "encounters" } },
    handler(ctx) {
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
            ? fhirCandidates(body, ctx.query.hospitalId ?? null)
            : jsonCandidates(body);
        }
        const secret = await appSecret(db, config, "PII_SECRET");
        const outcome = await ingestEncounters(db, u.orgId, secret, candidates, {
          partial: u.partial,
          arrivalPrecision: config.ENCOUNTER_ARRIVAL_PRECISION,
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
  }),
});
