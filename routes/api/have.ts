import { define } from "../../lib/define.ts";
import { statusReaders } from "../../lib/access.ts";
import { orgOf } from "../../lib/caller.ts";
import { haveXml } from "../../services/have.ts";
import { xmlResponse } from "../../lib/xml_response.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "EDXL-HAVE 1.0 status of the organisation's hospitals",
    description: "An OASIS EDXL-HAVE 1.0 `HospitalStatus` document " +
      "(urn:oasis:names:tc:emergency:EDXL:HAVE:1.0), one `Hospital` per hospital: name and " +
      "location, `EMSTraffic` (Closed while the ED reports diversion; Normal for open/normal; " +
      "Advisory for higher readiness; no status when there is no current data), ED census, " +
      "NEDOCS as a comment, ED bed capacity (baseline, available, surge within 24 h). Regional " +
      "boards poll it with an API key of scope `read_status`.",
    tags: ["interoperability"],
    responses: { 200: { contentType: "application/xml", description: "HospitalStatus XML" } },
    meta: { access: statusReaders, audit: false },
    async handler(ctx) {
      return xmlResponse(await haveXml(ctx.state.db, orgOf(ctx.state)));
    },
  }),
});
