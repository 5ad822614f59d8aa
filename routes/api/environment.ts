import type { Handlers } from "../../framework/types.ts";
import { notFound } from "../../framework/http_error.ts";
import { orgOf } from "../../lib/auth/authenticate.ts";
import { gridCell } from "../../domain/grid.ts";
import { environmentCsvColumns, importEnvironment } from "../../services/ingest/environment.ts";
import { csvCandidates, jsonCandidates } from "../../services/ingest/records.ts";
import { environmentQuery } from "../../lib/schemas/environment.ts";
import {
  CSV_LIMIT_BYTES,
  mediaType,
  readJsonValue,
  readQuery,
  unsupportedType,
  validationFailed,
} from "../../lib/schemas/parse.ts";
import { getEvent } from "../../models/events.ts";
import { getHospital } from "../../models/hospitals.ts";
import { environmentSeries } from "../../models/environment.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const handler: Handlers = {
  /**
   * Hourly environment at a hospital, an event or lat & lon; from the last 24 h to 72 h ahead
   * unless from/to say otherwise (at most 31 days per request).
   */
  async GET(ctx) {
    const q = readQuery(ctx.url, environmentQuery);
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
    if (from >= to) throw validationFailed([{ path: "query.from", message: "must be before to" }]);
    if (to.getTime() - from.getTime() > 31 * DAY) {
      throw validationFailed([{ path: "query.to", message: "at most 31 days per request" }]);
    }
    const cell = gridCell(at.lat, at.lon);
    const points = await environmentSeries(ctx.state.db, {
      locationKey: cell.key,
      orgId,
      from,
      to,
    });
    return Response.json(points, { headers: { "x-location-key": cell.key } });
  },

  /** Imports an organisation's own readings (JSON records or CSV); `?partial=true` keeps the good rows. */
  async POST(ctx) {
    const orgId = orgOf(ctx.state);
    const type = mediaType(ctx.req);
    const partial = ctx.url.searchParams.get("partial") === "true";
    const candidates = type === "text/csv"
      ? csvCandidates(ctx.req.body, CSV_LIMIT_BYTES, environmentCsvColumns)
      : type === "application/json"
      ? jsonCandidates(await readJsonValue(ctx.req))
      : (() => {
        throw unsupportedType(type, ["application/json", "text/csv"]);
      })();
    const outcome = await importEnvironment(ctx.state.db, orgId, candidates, { partial });
    return Response.json(outcome);
  },
};
