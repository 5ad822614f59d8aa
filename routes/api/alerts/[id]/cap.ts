import { define } from "../../../../lib/define.ts";
import { statusReaders } from "../../../../lib/access.ts";
import { orgOf } from "../../../../lib/caller.ts";
import { idParams } from "../../../../lib/schemas/common.ts";
import { alertCapXml } from "../../../../services/cap.ts";
import { xmlResponse } from "../../../../lib/xml_response.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "One alert as a CAP 1.2 message",
    description: "The alert's latest OASIS CAP 1.2 `alert`: Alert when raised, Update when " +
      "changed, Cancel when resolved (Update and Cancel reference the first message).",
    tags: ["interoperability"],
    params: idParams,
    responses: { 200: { contentType: "application/cap+xml", description: "CAP alert" } },
    errors: [404],
    meta: { access: statusReaders, audit: { resource: "alerts" } },
    async handler(ctx) {
      return xmlResponse(
        await alertCapXml(ctx.state.db, orgOf(ctx.state), ctx.params.id),
        "application/cap+xml",
      );
    },
  }),
});
