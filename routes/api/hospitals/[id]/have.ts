import { define } from "../../../../lib/define.ts";
import { statusReaders } from "../../../../lib/access.ts";
import { hospitalOf } from "../../../../lib/caller.ts";
import { idParams } from "../../../../lib/schemas/common.ts";
import { haveXml } from "../../../../services/have.ts";
import { xmlResponse } from "../../../../lib/xml_response.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "EDXL-HAVE 1.0 status of one hospital",
    description: "The organisation's `HospitalStatus` document (GET /api/have) with this " +
      "hospital only. API keys of scope `read_status` may read it.",
    tags: ["interoperability"],
    params: idParams,
    responses: { 200: { contentType: "application/xml", description: "HospitalStatus XML" } },
    errors: [404],
    meta: { access: statusReaders, audit: false },
    async handler(ctx) {
      const { orgId, hospital } = await hospitalOf(ctx.state, ctx.params.id);
      return xmlResponse(await haveXml(ctx.state.db, orgId, hospital));
    },
  }),
});
