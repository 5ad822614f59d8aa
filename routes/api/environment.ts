import { z } from "zod";
import { readerOf } from "../../lib/runtime.ts";
import { define } from "../../lib/define.ts";
import { everyone, ingesters } from "../../lib/access.ts";
import { orgActor, orgOf } from "../../lib/caller.ts";
import { notFound } from "../../framework/http_error.ts";
import { gridCell } from "../../domain/grid.ts";
import { environmentCsvColumns, importEnvironment } from "../../services/ingest/environment.ts";
import { csvCandidates, jsonCandidates } from "../../services/ingest/records.ts";
import {
  environmentDay,
  environmentPoint,
  environmentQuery,
  environmentRecord,
} from "../../lib/schemas/environment.ts";
import { ingestResult } from "../../lib/schemas/observations.ts";
import { uploadQuery } from "../../lib/upload.ts";
import {
  CSV_LIMIT_BYTES,
  mediaType,
  readJsonValue,
  unsupportedType,
  validationFailed,
} from "../../framework/validation.ts";
import { getEvent } from "../../models/events.ts";
import { getHospital } from "../../models/hospitals.ts";
import { environmentSeries } from "../../models/environment.ts";
import { environmentDaily } from "../../models/environment_daily.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const environmentUpload = z.strictObject({
  records: z.array(environmentRecord).min(1).max(50_000),
}).meta({ id: "EnvironmentUpload" });

const importResult = ingestResult.extend({
  stored: z.number().int().meta({ description: "hourly cell values new or changed" }),
}).meta({ id: "EnvironmentImportResult" });

export const handler = define.api({
  GET: define.operation({
    summary: "Environment at a hospital, an event or a place, hourly or daily",
    description: "Exactly one of hospitalId, eventId, or lat and lon. From the last 24 h to " +
      "72 h ahead unless from/to say otherwise: at most 31 days per request hourly, 400 days " +
      "with `bucket=1d` (daily mean, minimum and maximum from the daily rollup).",
    tags: ["environment"],
    query: environmentQuery,
    responses: {
      200: { schema: z.union([z.array(environmentPoint), z.array(environmentDay)]) },
    },
    errors: [404],
    meta: { access: everyone, audit: false },
    async handler(ctx) {
      const q = ctx.query;
      const orgId = orgOf(ctx.state);
      const places = [q.hospitalId, q.eventId, q.lat ?? q.lon].filter((p) => p !== undefined);
      if (places.length !== 1 || (q.lat === undefined) !== (q.lon === undefined)) {
        throw validationFailed([{
          path: "query",
          message: "give exactly one of hospitalId, eventId, or lat and lon together",
        }]);
      }
      let at: { lat: number; lon: number };
      if (q.hospitalId) {
        const h = await getHospital(ctx.state.db, orgId, q.hospitalId);
        if (!h) throw notFound("hospital");
        at = h;
      } else if (q.eventId) {
        const e = await getEvent(ctx.state.db, orgId, q.eventId);
        if (!e) throw notFound("event");
        at = e;
      } else at = { lat: q.lat!, lon: q.lon! };
      const now = Math.floor(Date.now() / HOUR) * HOUR;
      const from = q.from ?? new Date(now - DAY);
      const to = q.to ?? new Date(now + 3 * DAY);
      if (from >= to) {
        throw validationFailed([{ path: "query.from", message: "must be before to" }]);
      }
      const maxDays = q.bucket === "1d" ? 400 : 31;
      if (to.getTime() - from.getTime() > maxDays * DAY) {
        throw validationFailed([{
          path: "query.to",
          message: `at most ${maxDays} days per request${
            q.bucket === "1d" ? "" : " (or bucket=1d)"
          }`,
        }]);
      }
      const cell = gridCell(at.lat, at.lon);
      if (q.bucket === "1d") {
        const days = await environmentDaily(readerOf(ctx.state), {
          locationKey: cell.key,
          orgId,
          from,
          to,
        });
        return Response.json(days, { headers: { "x-location-key": cell.key } });
      }
      const points = await environmentSeries(readerOf(ctx.state), {
        locationKey: cell.key,
        orgId,
        from,
        to,
      });
      return Response.json(points, { headers: { "x-location-key": cell.key } });
    },
  }),
  POST: define.operation({
    summary: "Import environment readings",
    description: "An organisation's own sensor readings or history, JSON `{records}` or CSV; " +
      "heat index and AQI are derived as for the feeds. `?partial=true` keeps the good rows.",
    tags: ["environment"],
    query: uploadQuery,
    body: {
      json: environmentUpload,
      other: { "text/csv": "Header lat,lon,ts,temperatureC,relativeHumidity,pm25,pm10,ozone" },
      stream: true,
    },
    responses: { 200: { schema: importResult } },
    meta: { access: ingesters, audit: { resource: "environment" } },
    async handler(ctx) {
      const who = orgActor(ctx.state);
      const type = mediaType(ctx.req);
      const candidates = type === "text/csv"
        ? csvCandidates(ctx.req.body, CSV_LIMIT_BYTES, environmentCsvColumns)
        : type === "application/json"
        ? jsonCandidates(await readJsonValue(ctx.req))
        : (() => {
          throw unsupportedType(type, ["application/json", "text/csv"]);
        })();
      return await importEnvironment(ctx.state, who, candidates, {
        partial: ctx.query.partial === "true",
      });
    },
  }),
});
