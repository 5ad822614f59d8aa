import { readerOf } from "../../../../lib/runtime.ts";
import { define } from "../../../../lib/define.ts";
import { everyone } from "../../../../lib/access.ts";
import { hospitalOf } from "../../../../lib/caller.ts";
import { validationFailed } from "../../../../framework/validation.ts";
import { idParams } from "../../../../lib/schemas/common.ts";
import { seriesQuery } from "../../../../lib/schemas/observations.ts";
import { seriesOut } from "../../../../lib/schemas/api.ts";
import { arrivalSeries } from "../../../../models/observations.ts";
import { seriesCsv } from "../../../../lib/api_csv.ts";

const DAY = 86_400_000;

export const handler = define.api({
  GET: define.operation({
    summary: "Arrival time series of a hospital",
    description: "Hourly or daily ED arrivals and occupancy; the last 7 days unless from/to " +
      "say otherwise (at most 400 days per request).",
    tags: ["hospitals"],
    params: idParams,
    query: seriesQuery,
    responses: {
      200: {
        schema: seriesOut,
        other: { "text/csv": "hospitalId,ts,edArrivals,edOccupancy (format=csv)" },
      },
    },
    errors: [404],
    meta: { access: everyone, audit: { resource: "observations" } },
    async handler(ctx) {
      const q = ctx.query;
      const { hospital: h } = await hospitalOf(ctx.state, ctx.params.id);
      const to = q.to ?? new Date();
      const from = q.from ?? new Date(to.getTime() - 7 * DAY);
      if (from >= to) {
        throw validationFailed([{ path: "query.from", message: "must be before to" }]);
      }
      if (to.getTime() - from.getTime() > 400 * DAY) {
        throw validationFailed([{ path: "query.from", message: "at most 400 days per request" }]);
      }
      const rows = await arrivalSeries(
        readerOf(ctx.state),
        h.id,
        from,
        to,
        q.bucket === "1d" ? "1 day" : "1 hour",
      );
      const series = {
        hospitalId: h.code,
        bucket: q.bucket,
        from: from.toISOString(),
        to: to.toISOString(),
        points: rows.map((r) => ({
          ts: new Date(r.ts).toISOString(),
          edArrivals: r.edArrivals,
          edOccupancy: r.edOccupancy,
        })),
      };
      return q.format === "csv" ? seriesCsv(series) : series;
    },
  }),
});
