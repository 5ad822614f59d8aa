import type { Handlers } from "../../../../framework/types.ts";
import { notFound } from "../../../../framework/http_error.ts";
import { readQuery, validationFailed } from "../../../../lib/schemas/parse.ts";
import { seriesQuery } from "../../../../lib/schemas/observations.ts";
import { orgOf } from "../../../../lib/auth/authenticate.ts";
import { getHospital } from "../../../../models/hospitals.ts";
import { arrivalSeries } from "../../../../models/observations.ts";

const DAY = 86_400_000;

export const handler: Handlers = {
  /** Hourly or daily ED arrivals of a hospital; the last 7 days unless from/to say otherwise. */
  async GET(ctx) {
    const q = readQuery(ctx.url, seriesQuery);
    const h = await getHospital(ctx.state.db, orgOf(ctx.state), ctx.params.id);
    if (!h) throw notFound("hospital");
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 7 * DAY);
    if (from >= to) throw validationFailed([{ path: "query.from", message: "must be before to" }]);
    if (to.getTime() - from.getTime() > 400 * DAY) {
      throw validationFailed([{ path: "query.from", message: "at most 400 days per request" }]);
    }
    const rows = await arrivalSeries(
      ctx.state.db,
      h.id,
      from,
      to,
      q.bucket === "1d" ? "1 day" : "1 hour",
    );
    return Response.json({
      hospitalId: h.code,
      bucket: q.bucket,
      from: from.toISOString(),
      to: to.toISOString(),
      points: rows.map((r) => ({
        ts: new Date(r.ts).toISOString(),
        edArrivals: r.edArrivals,
        edOccupancy: r.edOccupancy,
      })),
    });
  },
};
