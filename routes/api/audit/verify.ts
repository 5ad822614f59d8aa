import { define } from "../../../lib/define.ts";
import { admins } from "../../../lib/access.ts";
import { orgOf } from "../../../lib/caller.ts";
import { auditVerifyOut } from "../../../lib/schemas/api.ts";
import { verifyAudit } from "../../../services/audit.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "Check the audit hash chain",
    description: "Re-computes the organisation's chain: `{ok, checked, firstBadId}`.",
    tags: ["audit"],
    responses: { 200: { schema: auditVerifyOut } },
    meta: { access: admins, audit: { resource: "audit" } },
    handler: (ctx) => verifyAudit(ctx.state.db, orgOf(ctx.state)),
  }),
});
