import { define } from "../../lib/define.ts";
import { everyone } from "../../lib/access.ts";
import { orgOf } from "../../lib/caller.ts";
import { HttpError } from "../../framework/http_error.ts";
import { validationFailed } from "../../framework/validation.ts";
import { exportPeriod, exportQuery } from "../../lib/schemas/export.ts";
import { exportFiles, exportRange } from "../../services/export.ts";
import { csvResponse, textStream } from "../../lib/csv.ts";
import { zipStream } from "../../lib/zip.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "The organisation's data in the `--data` folder layout",
    description: "hospitals.csv, events.csv, environment.csv and observations.csv (calendar.csv " +
      "when the organisation keeps one), each with the API's field names as its header row and " +
      "the organisation's own identifiers: the layout `deno task train --data DIR` reads. A zip " +
      "of all files, or one of them with `file=`; `from`/`to` bound the time series (and the " +
      "events to those overlapping the period). Streamed as it is read.",
    tags: ["export"],
    query: exportQuery,
    responses: {
      200: {
        contentType: "application/zip",
        other: { "text/csv": "one file of the layout (`file=`)" },
      },
    },
    errors: [404],
    meta: { access: everyone, audit: { resource: "export" } },
    async handler(ctx) {
      const q = ctx.query;
      const asked = exportPeriod(q);
      if (asked.from && asked.to && asked.from >= asked.to) {
        throw validationFailed([{ path: "query.from", message: "must be before to" }]);
      }
      if (q.format === "csv" && !q.file) {
        throw validationFailed([{ path: "query.file", message: "name the file to send as CSV" }]);
      }
      const orgId = orgOf(ctx.state);
      const range = await exportRange(ctx.state.db, orgId, asked);
      const files = exportFiles(ctx.state.db, orgId, range, {
        wholeHistory: !asked.from && !asked.to,
      });
      if (q.file) {
        const make = files.get(q.file);
        if (!make) throw new HttpError(404, "not_found", `${q.file}: this organisation keeps none`);
        return csvResponse(textStream(make()), q.file);
      }
      const day = range.to.toISOString().slice(0, 10);
      return new Response(
        zipStream([...files].map(([name, make]) => ({ name, chunks: make() }))),
        {
          headers: {
            "content-type": "application/zip",
            "content-disposition": `attachment; filename="festsafe-export-${day}.zip"`,
            "cache-control": "private, no-store",
          },
        },
      );
    },
  }),
});
