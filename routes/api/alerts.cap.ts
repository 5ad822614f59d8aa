import { define } from "../../lib/define.ts";
import { statusReaders } from "../../lib/access.ts";
import { orgOf } from "../../lib/caller.ts";
import { alertsCapFeed } from "../../services/cap.ts";
import { xmlResponse } from "../../lib/xml_response.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "Alerts as an Atom feed of CAP 1.2 messages",
    description: "An Atom (RFC 4287) feed, one entry per alert of the organisation (newest 200): " +
      "its latest OASIS CAP 1.2 `alert` as the entry's XML content — msgType Alert when raised, " +
      "Update when changed, Cancel when resolved, the latter two with `references` to the first. " +
      "API keys of scope `read_status` may poll it.",
    tags: ["interoperability"],
    responses: { 200: { contentType: "application/atom+xml", description: "Atom feed" } },
    meta: { access: statusReaders, audit: { resource: "alerts" } },
    async handler(ctx) {
      const base = new URL(ctx.req.url).origin;
      return xmlResponse(
        await alertsCapFeed(ctx.state.db, orgOf(ctx.state), base),
        "application/atom+xml",
      );
    },
  }),
});
