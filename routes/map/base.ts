import type { Handlers } from "../../lib/define.ts";
import { HttpError } from "../../framework/http_error.ts";
import { basemapFor } from "../../lib/basemap.ts";

/** `west,south,east,north` in whole degrees (lib/basemap.ts snaps every extent to them). */
function parseBbox(raw: string | null) {
  const parts = (raw ?? "").split(",").map((x) => (/^-?\d{1,3}$/.test(x) ? Number(x) : NaN));
  const [west, south, east, north] = parts;
  if (
    parts.length !== 4 || parts.some((x) => !Number.isFinite(x)) ||
    west < -180 || east > 180 || south < -85 || north > 85 || west >= east || south >= north
  ) {
    throw new HttpError(422, "validation_failed", "invalid bbox", [{
      path: "bbox",
      message: "must be west,south,east,north in whole degrees (−180…180, −85…85), west < east " +
        "and south < north",
    }]);
  }
  return { west, south, east, north };
}

export const handler: Handlers = {
  /**
   * The offline base map (GeoJSON) of one extent, for the map islands: public geography, the
   * same for everyone, so cacheable; the pages ask for their organisation's extent.
   */
  async GET(ctx) {
    let bbox;
    try {
      bbox = parseBbox(ctx.url.searchParams.get("bbox"));
    } catch (err) {
      // A data URL answers in the API's error format, not with an error page.
      if (!(err instanceof HttpError)) throw err;
      return Response.json(err.toJSON(), { status: err.status });
    }
    const map = await basemapFor(bbox);
    return new Response(JSON.stringify(map), {
      headers: {
        "content-type": "application/geo+json",
        "cache-control": "public, max-age=86400",
      },
    });
  },
};
