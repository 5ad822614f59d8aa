import type { Handlers } from "../../../framework/types.ts";
import { orgOf } from "../../../lib/auth/authenticate.ts";
import { verifyAudit } from "../../../services/audit.ts";

export const handler: Handlers = {
  /** Re-computes the organisation's hash chain: `{ok, checked, firstBadId}`. */
  async GET(ctx) {
    return Response.json(await verifyAudit(ctx.state.db, orgOf(ctx.state)));
  },
};
